"""Counting attempts in the shared cache (Redis in production), so that limits hold across
every app server; one salted hash of the reader's address; the address "bucket" every limit
counts (an IPv6 reader is their /64, since one home or server gets 2^64 addresses).

While the shared cache cannot answer (Redis down, frozen, or core.cache's breaker open) the
counts go on in this process's memory: limits on guessing never fail open, they only become
per app server for as long as the outage lasts, and the shared counts are back when Redis is.
Logins are counted by django-axes in the database (settings.AXES_*), not here."""

import hashlib
import hmac
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.crypto import salted_hmac

from .cache import CacheUnavailable

logger = logging.getLogger(__name__)

# Counts kept while the shared cache is unavailable (thread-safe, expiring, bounded).
_local_counts = LocMemCache("core.throttle.fallback", {"OPTIONS": {"MAX_ENTRIES": 50_000}})
_warned = {"forwarded": False}


def client_address(request):
    """The reader's network address. Behind a trusted reverse proxy set
    TRUSTED_PROXY_COUNT so that the right X-Forwarded-For entry is used."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded_header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies:
        forwarded = [part.strip() for part in forwarded_header.split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    elif forwarded_header and not _warned["forwarded"]:
        # Behind a proxy every reader would be the proxy's one address: one flooder gets
        # everyone limited. Once per process: the header does not change between requests.
        _warned["forwarded"] = True
        logger.warning(
            "Requests carry X-Forwarded-For but TRUSTED_PROXY_COUNT is 0: every reader is counted "
            "as the proxy's address %s. Set TRUSTED_PROXY_COUNT to the number of reverse proxies "
            "in front of the app (1 behind one nginx).",
            request.META.get("REMOTE_ADDR"),
        )
    return request.META.get("REMOTE_ADDR") or "unknown"


def address_bucket(request):
    """What every limit counts: the IPv4 address, or the /64 network of an IPv6 address
    (written as its first address, so it is still a valid IP for django-axes' database
    column). An IPv4 address mapped into IPv6 counts as the IPv4 address."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)
    return str(ip)


def address_hash(request, purpose="address"):
    """A salted, keyed hash of the client's address bucket: comparable, never reversible."""
    key = hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}".encode()).digest()
    return hmac.new(key, address_bucket(request).encode(), hashlib.sha256).hexdigest()


def login_address(request):
    """The address django-axes counts and stores (AXES_CLIENT_IP_CALLABLE): the salted hash
    of the reader's address bucket written as an IPv6 address, so that axes' database column
    accepts it, one /64 (or IPv4 address) is one count, and no raw address is ever stored."""
    digest = bytes.fromhex(address_hash(request, "login"))[:16]
    return str(ipaddress.IPv6Address(digest))


def login_name(request, credentials=None):
    """The account a login attempt names, for django-axes' per-account limit, whatever the
    form calls it (Django's forms: username; allauth: login or email), case-folded so that
    "Admin" and "admin" share one count. Cut to 150 characters (the longest username there
    is): axes stores the name in a 255-character column, and PostgreSQL refuses a longer one."""
    sources = [credentials or {}]
    if request is not None and getattr(request, "method", "") == "POST":
        sources.append(request.POST)
    for source in sources:
        for field in ("username", "login", "email"):
            value = source.get(field)
            if isinstance(value, str) and value.strip():
                return value.strip().casefold()[:150]
    return None


def _shared():
    """The shared cache, raising when it cannot answer (core.cache.ResilientRedisCache.strict);
    another backend (the per-process cache of tests and `make run`) is used as it is."""
    return getattr(cache, "strict", cache)


class Throttle:
    """At most `limit` hits per `window` seconds for one key (a fixed window)."""

    def __init__(self, scope, limit, window):
        self.scope, self.limit, self.window = scope, limit, window

    def _key(self, parts):
        # Keyed by SECRET_KEY: a counter's name never reveals the address it counts (an
        # unsalted SHA-256 of an IPv4 address is reversed by trying all 2^32).
        value = "\x1f".join(str(part) for part in parts)
        digest = salted_hmac(f"throttle.{self.scope}", value, algorithm="sha256").hexdigest()[:32]
        return f"throttle:{self.scope}:{digest}"

    def _unavailable(self, error):
        if not isinstance(error, CacheUnavailable):  # ResilientRedisCache logs its own outages
            logger.warning(
                "throttle %s: shared cache unavailable (%s), counting in this process", self.scope, error
            )

    def is_exceeded(self, *parts):
        key = self._key(parts)
        try:
            count = _shared().get(key)
        except Exception as error:
            self._unavailable(error)
            count = _local_counts.get(key)
        return (count or 0) >= self.limit

    def hit(self, *parts):
        """Count one attempt; return True when the limit is now exceeded."""
        key = self._key(parts)
        try:
            count = self._count(_shared(), key)
        except Exception as error:
            self._unavailable(error)
            count = self._count(_local_counts, key)
        return count > self.limit

    def _count(self, counter, key):
        if counter.add(key, 1, self.window):
            return 1
        try:
            return counter.incr(key)
        except ValueError:  # expired between add() and incr()
            counter.add(key, 1, self.window)
            return 1

    def reset(self, *parts):
        key = self._key(parts)
        _local_counts.delete(key)
        try:
            _shared().delete(key)
        except Exception as error:
            self._unavailable(error)
