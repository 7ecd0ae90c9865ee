"""Counting attempts in the shared cache (Redis in production), so that limits hold across
every app server. Nothing here keeps state in process memory."""

import hashlib
import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


def client_address(request):
    """The reader's network address. Behind a trusted reverse proxy set
    TRUSTED_PROXY_COUNT so that the right X-Forwarded-For entry is used."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"


def address_hash(request, purpose="address"):
    """A salted, keyed hash of the client address: comparable, never reversible to the IP."""
    key = hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}".encode()).digest()
    return hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()


class Throttle:
    """At most `limit` hits per `window` seconds for one key (a fixed window).

    If the cache is unreachable (a Redis outage) the throttle lets requests through and
    logs it: a reader's comment must never be lost because a counter could not be read."""

    def __init__(self, scope, limit, window):
        self.scope, self.limit, self.window = scope, limit, window

    def _key(self, parts):
        # Keyed by SECRET_KEY: a counter's name never reveals the address it counts (an
        # unsalted SHA-256 of an IPv4 address is reversed by trying all 2^32).
        value = "\x1f".join(str(part) for part in parts)
        digest = salted_hmac(f"throttle.{self.scope}", value, algorithm="sha256").hexdigest()[:32]
        return f"throttle:{self.scope}:{digest}"

    def is_exceeded(self, *parts):
        try:
            return (cache.get(self._key(parts)) or 0) >= self.limit
        except Exception:
            logger.exception("throttle %s: cache unavailable, not limiting", self.scope)
            return False

    def hit(self, *parts):
        """Count one attempt; return True when the limit is now exceeded."""
        key = self._key(parts)
        try:
            if cache.add(key, 1, self.window):
                count = 1
            else:
                try:
                    count = cache.incr(key)
                except ValueError:  # expired between add() and incr()
                    cache.add(key, 1, self.window)
                    count = 1
        except Exception:
            logger.exception("throttle %s: cache unavailable, not counting", self.scope)
            return False
        return count > self.limit

    def reset(self, *parts):
        try:
            cache.delete(self._key(parts))
        except Exception:
            logger.exception("throttle %s: cache unavailable, not reset", self.scope)
