"""Password guessing is limited on every way to log in (the site's login page and the admin's
share one count) per account and per address, by django-axes in the database: the limit holds
while the shared cache (Redis) is down, and an IPv6 reader is counted by their /64."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = reverse("accounts:login")
ADMIN = reverse("admin:login")
RIGHT = "pass-word-123"  # the factories' password
# The real cache backend of production, pointed where nothing listens: every call fails.
REDIS_DOWN = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"BREAKER_SECONDS": 0},
    }
}


def wrong(client, url, username="reader"):
    return client.post(url, {"username": username, "password": "wrong"})


def test_nine_wrong_logins_are_answered_then_the_tenth_locks_even_the_right_password():
    UserFactory(username="reader")
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(9):
        assert wrong(client, SITE).status_code == 200
    locked = wrong(client, SITE)
    assert locked.status_code == 429
    assert "로그인 실패가 너무 많습니다. 15분 뒤에 다시 시도해 주세요." in locked.content.decode()
    right = client.post(SITE, {"username": "reader", "password": RIGHT})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_login_shares_the_limit_with_the_site_login():
    """The reported hole: an address locked out of /accounts/login/ could keep guessing at
    /admin/login/, and the right password then logged in."""
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR="198.51.100.8")
    for _ in range(5):
        wrong(client, SITE, "boss")
    for _ in range(4):
        assert wrong(client, ADMIN, "boss").status_code == 200
    assert wrong(client, ADMIN, "boss").status_code == 429
    blocked = client.post(ADMIN, {"username": "boss", "password": RIGHT, "next": "/admin/"})
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not logged in


def test_an_address_is_limited_across_accounts():
    for name in ("a1", "a2", "a3"):
        UserFactory(username=name)
    client = Client(REMOTE_ADDR="198.51.100.9")
    for attempt in range(9):
        assert wrong(client, SITE, f"a{attempt % 3 + 1}").status_code == 200
    assert wrong(client, ADMIN, "a1").status_code == 429
    # Another account's right password from the same address waits too.
    assert client.post(SITE, {"username": "a2", "password": RIGHT}).status_code == 429
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.50")
    assert other.post(SITE, {"username": "a2", "password": RIGHT}).status_code == 302


def test_an_account_is_limited_across_addresses():
    UserFactory(username="target")
    for attempt in range(9):
        assert wrong(Client(REMOTE_ADDR=f"192.0.2.{attempt + 1}"), SITE, "target").status_code == 200
    assert wrong(Client(REMOTE_ADDR="192.0.2.99"), ADMIN, "TARGET").status_code == 429
    # Other accounts still log in from anywhere.
    UserFactory(username="bystander")
    assert (
        Client(REMOTE_ADDR="192.0.2.99").post(SITE, {"username": "bystander", "password": RIGHT}).status_code
        == 302
    )


def test_an_ipv6_network_is_one_address():
    for name in ("v1", "v2"):
        UserFactory(username=name)
    for attempt in range(9):
        client = Client(REMOTE_ADDR=f"2001:db8:1:2::{attempt + 1:x}")
        assert wrong(client, SITE, f"v{attempt % 2 + 1}").status_code == 200
    same_64 = Client(REMOTE_ADDR="2001:db8:1:2:ffff:ffff:ffff:ffff")
    assert wrong(same_64, SITE, "someone").status_code == 429
    next_64 = Client(REMOTE_ADDR="2001:db8:1:3::1")
    assert next_64.post(SITE, {"username": "v1", "password": RIGHT}).status_code == 302


@override_settings(CACHES=REDIS_DOWN)
def test_the_limit_holds_while_redis_is_down():
    from django.core.cache import cache

    assert cache.get("anything", "missing") == "missing"  # the cache really answers nothing
    UserFactory(username="reader")
    client = Client(REMOTE_ADDR="198.51.100.10")
    for _ in range(9):
        assert wrong(client, ADMIN).status_code == 200
    assert wrong(client, SITE).status_code == 429
    assert client.post(SITE, {"username": "reader", "password": RIGHT}).status_code == 429


def test_no_raw_address_is_stored_only_a_salted_hash():
    from axes.models import AccessAttempt

    UserFactory(username="reader")
    wrong(Client(REMOTE_ADDR="203.0.113.77"), SITE)
    wrong(Client(REMOTE_ADDR="2001:db8:5:6::1"), SITE, "other")
    wrong(Client(REMOTE_ADDR="2001:db8:5:6::2"), SITE, "other")
    stored = list(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert len(stored) == 2  # the two addresses of one /64 share one row
    assert not any("203.0.113.77" in a or a.startswith("2001:db8:5:6") for a in stored)
