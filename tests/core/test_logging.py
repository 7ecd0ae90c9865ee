"""Expected refusals are one log line: an admin 403 (PermissionDenied), a database outage
(503) or a host not allowed (400) carries no traceback; a real bug still does."""

import logging
import sys

import pytest
from django.urls import reverse

from core.log import OneLineForExpectedErrors
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_records(caplog):
    return [record for record in caplog.records if record.name == "django.request"]


def test_an_admin_403_is_one_line_without_a_traceback(client, caplog):
    client.force_login(UserFactory(is_staff=True))  # staff, but no permission on categories
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get(reverse("admin:blog_category_add"))
    assert response.status_code == 403
    (record,) = request_records(caplog)
    assert record.exc_info is None and record.exc_text is None
    message = "Forbidden (Permission denied): /admin/blog/category/add/ [PermissionDenied]"
    assert record.getMessage() == message
    formatted = logging.Formatter().format(record)
    assert "Traceback" not in formatted and "\n" not in formatted


def test_a_host_not_allowed_is_one_line_without_a_traceback(client, caplog):
    with caplog.at_level(logging.INFO, logger="django.security.DisallowedHost"):
        response = client.get("/", HTTP_HOST="scanner.example")
    assert response.status_code == 400
    (record,) = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.exc_info is None and record.exc_text is None
    assert "Invalid HTTP_HOST header: 'scanner.example'" in record.getMessage()
    formatted = logging.Formatter().format(record)
    assert "Traceback" not in formatted and "\n" not in formatted


def test_other_errors_keep_their_traceback():
    try:
        raise ZeroDivisionError("a real bug")
    except ZeroDivisionError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x/",), True
        )
        record.exc_info = sys.exc_info()
    assert OneLineForExpectedErrors().filter(record)
    assert record.exc_info is not None
    assert "Traceback" in logging.Formatter().format(record)
