"""The one place every cache use goes through: Django's Redis cache that degrades to "no
cache" on any cache error, quickly.

Every `cache.*` call in the project (page parts, role lookups, counters) goes through the
backend configured in settings.CACHES, so this subclass makes all of them safe at once
without any call site changing:

- short socket timeouts (250 ms to connect, 250 ms to read) so a frozen Redis (stopped with
  SIGSTOP, a half-dead network) costs a request at most a fraction of a second, not the
  operating system's TCP timeouts;
- a breaker: after a failure this process stops asking Redis for BREAKER_SECONDS (5 s by
  default), so a dead or frozen Redis costs one timeout per process every few seconds instead
  of one per cache call;
- on any error the call answers as Django's DummyCache would (get → default, add → True,
  incr → ValueError "not found", set → nothing), so a page is rendered uncached.

Counting attempts (core.throttle) must know when the shared counter is missing, rather than
silently count nothing: `cache.strict` is the same cache raising CacheUnavailable instead of
degrading, and the throttle then counts in process memory (never fails open).
"""

import logging
import threading
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    """The shared cache could not answer (down, frozen, or the breaker is open)."""


class Breaker:
    """Open for `seconds` after a failure: calls are refused at once while it is open."""

    def __init__(self, seconds):
        self.seconds = seconds
        self._open_until = 0.0
        self._lock = threading.Lock()

    def allows(self):
        return time.monotonic() >= self._open_until

    def trip(self):
        with self._lock:
            first = self.allows()
            self._open_until = time.monotonic() + self.seconds
        return first


class _Strict:
    """The cache's operations, raising CacheUnavailable instead of degrading."""

    def __init__(self, backend):
        self._backend = backend

    def __getattr__(self, name):
        run = self._backend._run

        def call(*args, **kwargs):
            return run(name, args, kwargs)

        return call


class ReusedClients(RedisCacheClient):
    """Django's client makes a new redis.Redis object for every cache call, and building one
    copies its table of ~170 response callbacks: about 0.2 ms of CPU a call, a millisecond
    a page. A redis.Redis object only holds its connection pool and is thread-safe, so one
    per pool serves every call (connections still come from, and go back to, the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache that never raises a cache error to its caller (see the module docstring).

    OPTIONS: BREAKER_SECONDS (default 5) besides redis-py's connection options;
    socket_connect_timeout and socket_timeout default to 0.25 s."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.breaker = Breaker(float(options.pop("BREAKER_SECONDS", 5)))
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.25)
        # A pooled connection that Redis closed (a restart, an idle timeout) fails once with
        # ConnectionError: try again at once on a new connection rather than tripping the
        # breaker while Redis is up. Timeouts are not retried (a frozen Redis stays cheap).
        options.setdefault(
            "retry", Retry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,))
        )
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClients
        self.strict = _Strict(self)

    def _run(self, name, args, kwargs):
        if not self.breaker.allows():
            raise CacheUnavailable("the cache breaker is open")
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except ValueError as error:
            if name == "incr" and "not found" in str(error):
                raise  # a missing key is an answer, not a failure
            raise self._failed(name, error) from error
        except Exception as error:
            raise self._failed(name, error) from error

    def _failed(self, name, error):
        if self.breaker.trip():  # one line per outage and process, not one per call
            logger.warning(
                "cache %s failed (%s: %s): serving without cache for %.0f s",
                name,
                type(error).__name__,
                error,
                self.breaker.seconds,
            )
        return CacheUnavailable(f"{name}: {type(error).__name__}: {error}")

    def _or(self, fallback, name, *args, **kwargs):
        try:
            return self._run(name, args, kwargs)
        except CacheUnavailable:
            return fallback

    # Each answer below is what Django's DummyCache ("no cache") gives.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(True, "add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._or(default, "get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(None, "set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, "delete", key, version)

    def get_many(self, keys, version=None):
        return self._or({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._or(False, "has_key", key, version)

    def incr(self, key, delta=1, version=None):
        try:
            return self._run("incr", (key, delta, version), {})
        except CacheUnavailable:
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), "set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._or(None, "delete_many", keys, version)

    def clear(self):
        return self._or(False, "clear")
