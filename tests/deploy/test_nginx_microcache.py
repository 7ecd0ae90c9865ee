"""deploy/nginx/microcache-*.conf in front of the real app: nginx keeps anonymous readers'
pages, never serves a member a cached page and never serves anyone a member's page, and a
new comment reaches anonymous readers within about a second.

Runs real nginx (Debian's package; CI installs it) against pytest-django's live server."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.test import Client

from tests.comments.conftest import guest_data
from tests.factories import PostFactory, UserFactory

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("_as_migrated_afterwards")]


@pytest.fixture(scope="module")
def _as_migrated_afterwards(django_db_blocker):
    """The live server needs committed rows, so these tests flush the tables after each
    one. Leave the database as migrations made it (the site, the groups) for whatever runs
    next: empty it without post_migrate's re-created rows, then load the snapshot
    pytest-django took after migrating."""
    yield
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(contents)
        else:  # not serialized (no test in this run asked for it): at least the site row
            Site.objects.get_or_create(
                pk=settings.SITE_ID, defaults={"domain": "example.com", "name": "example.com"}
            )
        ContentType.objects.clear_cache()
        Site.objects.clear_cache()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(live_server):
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing (CI installs it: .ci/run)")
        pytest.skip("nginx is not installed")
    # A transactional test flushes the tables: ids cached by earlier tests are gone.
    ContentType.objects.clear_cache()
    Site.objects.clear_cache()
    Site.objects.get_or_create(pk=settings.SITE_ID, defaults={"domain": "example.com", "name": "example.com"})
    # Not pytest's tmp_path: nginx's workers run as an unprivileged user, who may not enter
    # pytest's private temporary folder.
    tmp_path = Path(tempfile.mkdtemp(prefix="blog-microcache-"))
    tmp_path.chmod(0o755)
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    http_part = (DEPLOY / "microcache-http.conf").read_text().replace("/var/cache/nginx/blog", str(cache_dir))
    (tmp_path / "microcache-http.conf").write_text(http_part)
    port = _free_port()
    upstream = live_server.url.removeprefix("http://")
    (tmp_path / "nginx.conf").write_text(
        f"worker_processes 1; daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{ access_log off; include {tmp_path}/microcache-http.conf;\n"
        f"  server {{ listen 127.0.0.1:{port};\n"
        "    location / {\n"
        f"      proxy_pass http://{upstream}; proxy_set_header Host $host;\n"
        f"      include {DEPLOY}/microcache-location.conf;\n"
        "    } } }\n"
    )
    process = subprocess.Popen(
        [NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        shutil.rmtree(tmp_path, ignore_errors=True)


def fetch(url, cookies=""):
    request = urllib.request.Request(url, headers={"Cookie": cookies} if cookies else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def session_cookie(user):
    client = Client()
    client.force_login(user)
    assert client.session[SESSION_KEY]
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_anonymous_pages_are_cached_by_nginx(nginx):
    post = PostFactory()
    url = nginx + post.get_absolute_url()
    headers, _ = fetch(url)
    assert headers["X-Cache"] in {"MISS", "EXPIRED"}
    headers, body = fetch(url)
    assert headers["X-Cache"] in {"HIT", "UPDATING"}
    assert post.title in body and "csrfmiddlewaretoken" not in body


def test_a_member_never_gets_a_cached_page_and_never_fills_the_cache(nginx):
    post = PostFactory()
    member = UserFactory(nickname="회원닉네임")
    cookie = session_cookie(member)
    url = nginx + post.get_absolute_url()
    fetch(url)
    fetch(url)  # cached for anonymous readers now
    for _ in range(3):
        headers, body = fetch(url, cookie)
        assert headers["X-Cache"] == "BYPASS"
        assert "회원닉네임" in body and "csrfmiddlewaretoken" in body
    # A page seen first by the member: the next anonymous reader gets their own, fresh one.
    fresh = nginx + "/guestbook/"
    headers, body = fetch(fresh, cookie)
    assert "회원닉네임" in body
    headers, body = fetch(fresh)
    assert headers["X-Cache"] in {"MISS", "EXPIRED"}
    assert "회원닉네임" not in body and "csrfmiddlewaretoken" not in body
    headers, body = fetch(url, "messages=x; other=1")
    assert headers["X-Cache"] == "BYPASS"


def test_a_new_comment_reaches_anonymous_readers_within_a_second_or_so(nginx):
    post = PostFactory()
    url = nginx + post.get_absolute_url()
    fetch(url)
    fetch(url)
    # Posted through nginx as an anonymous reader's browser would (no token: a public page).
    data = urllib.parse.urlencode(guest_data(post, comment="방금 단 댓글")).encode()
    request = urllib.request.Request(
        nginx + "/comments/post/", data=data, headers={"Sec-Fetch-Site": "same-origin"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200  # followed the redirect back to the post
    deadline = time.monotonic() + 3
    seen_after = None
    started = time.monotonic()
    while time.monotonic() < deadline:
        _, body = fetch(url)
        if "방금 단 댓글" in body:
            seen_after = time.monotonic() - started
            break
        time.sleep(0.1)
    assert seen_after is not None and seen_after < 2.5, seen_after


def test_the_app_says_how_long(nginx):
    post = PostFactory()
    headers, _ = fetch(nginx + post.get_absolute_url())
    assert re.search(r"s-maxage=\d+", headers["Cache-Control"]) and "public" in headers["Cache-Control"]
