import pytest
from django.test import RequestFactory, override_settings

from core.throttle import Throttle, address_hash, client_address


def test_counts_to_the_limit_then_blocks_per_key():
    throttle = Throttle("test", limit=3, window=60)
    assert [throttle.hit("a") for _ in range(4)] == [False, False, False, True]
    assert throttle.is_exceeded("a")
    assert not throttle.is_exceeded("b")
    throttle.reset("a")
    assert not throttle.is_exceeded("a")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }  # nothing listens there
)
def test_an_unreachable_cache_never_blocks_a_reader():
    from django.core.cache import cache

    with pytest.raises(Exception):  # noqa: B017 - the cache really is down
        cache.get("anything")
    throttle = Throttle("outage", limit=1, window=60)
    assert throttle.hit("x") is False
    assert throttle.is_exceeded("x") is False


def test_client_address_and_its_hash():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "203.0.113.9"  # the header is not trusted by default
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_address(request) == "1.2.3.4"
    digest = address_hash(request)
    assert len(digest) == 64 and "203.0.113.9" not in digest
    assert digest == address_hash(request)
    assert digest != address_hash(request, purpose="other")
