"""Request logs: one JSON line per request with LOG_FORMAT=json (method, path without the query,
status, duration, request id, user kind), the id answered in X-Request-ID (the proxy's own only
when trusted), and never a password, email or network address."""

import io
import json
import logging
import re
from unittest import mock
from urllib.parse import unquote

import pytest
from django.core import signing

from comments.notify import UNSUBSCRIBE_SALT
from config.settings import base
from tests.comments.conftest import guest_data, make_comment, post_comment
from tests.factories import UserFactory
from tests.wsgi_client import WSGIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The request loggers' output through the production JSON formatter, as dicts."""
    options = {k: v for k, v in base.LOGGING["formatters"]["json"].items() if k != "()"}
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(base.LOGGING["formatters"]["json"]["()"](**options))
    loggers = {"django_structlog": logging.INFO, "django.request": logging.ERROR}
    saved = {}
    for name, level in loggers.items():
        logger = logging.getLogger(name)
        saved[name] = logger.level
        logger.addHandler(handler)
        logger.setLevel(level)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    lines.raw = stream.getvalue
    yield lines
    for name, level in saved.items():
        logging.getLogger(name).removeHandler(handler)
        logging.getLogger(name).setLevel(level)


def test_one_json_line_per_request_without_the_query(client, post, log_lines):
    response = client.get(post.get_absolute_url() + "?token=secret-value&q=x", REMOTE_ADDR="203.0.113.9")
    (line,) = log_lines()
    assert line["event"] == "request_finished"
    assert line["method"] == "GET" and line["path"] == unquote(post.get_absolute_url())
    assert line["status"] == 200 and line["user_kind"] == "anonymous"
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f-]{36}", line["request_id"])
    assert "secret-value" not in log_lines.raw() and "203.0.113.9" not in log_lines.raw()


def test_guest_comment_logs_no_password_email_or_address(client, post, log_lines):
    data = guest_data(post, name="손님", password="아무도모르는암호99", email="guest@example.kr")
    post_comment(client, post, data=data, REMOTE_ADDR="198.51.100.7")
    (line,) = log_lines()
    assert line["user_kind"] == "guest" and line["method"] == "POST" and line["status"] == 302
    raw = log_lines.raw()
    for secret in ("아무도모르는암호99", "guest@example.kr", "198.51.100.7", "127.0.0.1"):
        assert secret not in raw


def test_member_and_staff_kinds(client, log_lines):
    member, staff = UserFactory(), UserFactory(is_staff=True)
    client.force_login(member)
    client.get("/")
    client.force_login(staff)
    client.get("/")
    assert [line["user_kind"] for line in log_lines()] == ["member", "staff"]
    assert member.email not in log_lines.raw() and "user_id" not in log_lines()[0]


def test_tokens_in_the_path_are_masked(client, post, log_lines):
    comment = make_comment(post, followup=True, user_email="follow@example.kr")
    token = signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)
    client.get(f"/comments/unsubscribe/{token}/")
    (line,) = log_lines()
    assert token not in log_lines.raw() and "***" in line["path"]


def test_request_id_from_the_proxy_only_when_trusted(client, settings, log_lines):
    settings.DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = False
    assert client.get("/", HTTP_X_REQUEST_ID="from-the-client").headers["X-Request-ID"] != "from-the-client"
    settings.DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True
    assert client.get("/", HTTP_X_REQUEST_ID="nginx-abc123").headers["X-Request-ID"] == "nginx-abc123"
    # Even from the proxy, something that is not an id (a header injection) is replaced.
    replaced = client.get("/", HTTP_X_REQUEST_ID="bad id\r\nX: y").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f-]{36}", replaced)
    assert [line["request_id"] for line in log_lines()][1] == "nginx-abc123"


def test_a_page_cache_hit_is_logged_like_any_other_request(post, settings, log_lines):
    """A hit is answered in front of Django's handler (core.public.PageCacheApplication), where
    django-structlog does not run: it writes the same line itself, and takes the proxy's
    request id under the same rule."""
    settings.PAGE_CACHE = True
    settings.DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True
    reader = WSGIClient()
    url = post.get_absolute_url()
    assert reader.get(url)["X-Page-Cache"] == "miss"
    hit = reader.get(url, HTTP_X_REQUEST_ID="nginx-abc123")
    assert (hit["X-Page-Cache"], hit["X-Request-ID"]) == ("hit", "nginx-abc123")
    replaced = reader.get(url, HTTP_X_REQUEST_ID="bad id\r\nX: y")
    assert replaced["X-Page-Cache"] == "hit" and re.fullmatch(r"[0-9a-f-]{36}", replaced["X-Request-ID"])
    settings.DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = False
    assert reader.get(url, HTTP_X_REQUEST_ID="from-the-client")["X-Request-ID"] != "from-the-client"
    miss_line, hit_line, *_ = log_lines()
    assert hit_line["request_id"] == "nginx-abc123" and hit_line["page_cache"] == "hit"
    assert set(miss_line) <= set(hit_line)
    for field in ("event", "logger", "level", "request", "method", "path", "status", "user_kind"):
        assert hit_line[field] == miss_line[field], field
    assert isinstance(hit_line["duration_ms"], float)


def test_an_error_has_its_traceback_in_the_log_and_not_in_the_page(client, log_lines):
    client.raise_request_exception = False
    with mock.patch("core.health.run_checks", side_effect=RuntimeError("boom-internal-detail")):
        response = client.get("/healthz?secret=1")
    assert response.status_code == 500
    assert "boom-internal-detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    by_logger = {line["logger"]: line for line in log_lines()}
    assert len(by_logger) == len(log_lines()) == 2  # the request line and Django's error line
    request = by_logger["django_structlog.middlewares.request"]
    error = by_logger["django.request"]
    assert request["event"] == "request_failed" and request["status"] == 500 and request["path"] == "/healthz"
    assert "exception" not in request  # the traceback is written once
    assert error["logger"] == "django.request" and error["level"] == "error"
    assert "Traceback" in error["exception"] and "boom-internal-detail" in error["exception"]
    assert error["request_id"] == request["request_id"] == response["X-Request-ID"]
    assert "secret=1" not in log_lines.raw()
