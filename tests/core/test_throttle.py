import hashlib

import pytest
from django.test import RequestFactory, override_settings

from core.throttle import Throttle, address_bucket, address_hash, client_address


def test_counts_to_the_limit_then_blocks_per_key():
    throttle = Throttle("test", limit=3, window=60)
    assert [throttle.hit("a") for _ in range(4)] == [False, False, False, True]
    assert throttle.is_exceeded("a")
    assert not throttle.is_exceeded("b")
    throttle.reset("a")
    assert not throttle.is_exceeded("a")


def test_client_address_and_its_hash():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "203.0.113.9"  # the header is not trusted by default
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_address(request) == "1.2.3.4"
    digest = address_hash(request)
    assert len(digest) == 64 and "203.0.113.9" not in digest
    assert digest == address_hash(request)
    assert digest != address_hash(request, purpose="other")


@pytest.mark.parametrize(
    "remote, bucket",
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ("::ffff:198.51.100.1", "198.51.100.1"),
        ("fe80::1%eth0", "fe80::"),
        ("not-an-address", "not-an-address"),
    ],
)
def test_every_limit_counts_ipv6_by_its_64(remote, bucket):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    assert address_bucket(request) == bucket


def test_addresses_in_one_64_share_one_hash_and_one_count():
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    same = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff:ffff:ffff:ffff")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert address_hash(one) == address_hash(same) != address_hash(other)


def test_throttle_keys_are_salted_hmacs_that_never_show_the_address():
    throttle = Throttle("login", limit=1, window=60)
    key = throttle._key(["203.0.113.9"])
    assert "203.0.113.9" not in key
    assert key != "throttle:login:" + hashlib.sha256(b"203.0.113.9").hexdigest()[:32]
    with override_settings(SECRET_KEY="another-secret-key-" + "x" * 40):
        assert throttle._key(["203.0.113.9"]) != key  # keyed by the secret


def test_forwarded_header_without_trusted_proxies_is_logged_once(caplog):
    from core import throttle

    throttle._warned["forwarded"] = False
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.3")
    with caplog.at_level("WARNING", logger="core.throttle"):
        assert client_address(request) == "127.0.0.1"
        client_address(request)
    warnings = [r.getMessage() for r in caplog.records if "TRUSTED_PROXY_COUNT is 0" in r.getMessage()]
    assert len(warnings) == 1
    assert "Set TRUSTED_PROXY_COUNT" in warnings[0]
    caplog.clear()
    throttle._warned["forwarded"] = False
    with override_settings(TRUSTED_PROXY_COUNT=1), caplog.at_level("WARNING", logger="core.throttle"):
        assert client_address(request) == "198.51.100.3"
    assert not caplog.records
