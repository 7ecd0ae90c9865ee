"""방문자 통계: distinct visitors per day, for the blog and per post, as Tistory shows them.

Counting happens on a tiny beacon request sent by static/js/visits.js after a page has
loaded, never while a page is rendered: pages may come from the full-page cache and would
otherwise go uncounted. Bots are left out twice: most never run JavaScript, and the beacon
ignores user agents that say they are one (or a headless browser).

Privacy: no cookie, and no address is stored anywhere. A visitor is recognised for one day
by an HMAC of (address, user agent) under a key derived from SECRET_KEY *and the date*, so
tomorrow's hash of the same visitor is unrelated to today's and no hash can be reversed
without the secret. That hash lives only as a cache key that expires after two days.

Cheap: a page view costs the beacon two or three cache operations (Redis in production).
The first count of a day for the blog or a post creates its VisitCount row; flush() copies
the cache counters into those rows (at most once a minute from the beacon, before the desk
reads them, and from `manage.py flush_visits`). If the cache is down, visits go uncounted
and nothing fails."""

import datetime
import hashlib
import hmac
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from core.throttle import client_address

from .models import Post, VisitCount

logger = logging.getLogger(__name__)

BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|headless|phantom|"
    r"lighthouse|python|curl|wget|httpclient|java/|go-http|okhttp|monitor|scrapy|feed",
    re.IGNORECASE,
)
SEEN_TIMEOUT = 2 * 24 * 60 * 60
COUNT_TIMEOUT = 3 * 24 * 60 * 60
FLUSH_EVERY = 60


def is_bot(user_agent):
    return not user_agent or bool(BOT_RE.search(user_agent))


def _daily_key(day):
    return hashlib.sha256(f"{settings.SECRET_KEY}:blog.visits:{day.isoformat()}".encode()).digest()


def visitor_hash(request, day):
    """HMAC-SHA256 of address and user agent under today's key: the same visitor is the
    same hash all day and an unrelated one tomorrow."""
    value = f"{client_address(request)}\x1f{request.META.get('HTTP_USER_AGENT', '')}"
    return hmac.new(_daily_key(day), value.encode(), hashlib.sha256).hexdigest()[:32]


def _count_key(day, post_id):
    return f"visits:count:{day.isoformat()}:{post_id or 'blog'}"


def today():
    return timezone.localdate()


def record(request, post_id=None):
    """Count this request's visitor once a day for the blog and, when `post_id` names a
    published post, once a day for that post. Returns the scopes that were counted."""
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return []
    day = today()
    who = visitor_hash(request, day)
    counted = []
    try:
        scopes = [None]
        if post_id is not None:
            scopes.append(post_id)
        for scope in scopes:
            if not cache.add(f"visits:seen:{day.isoformat()}:{scope or 'blog'}:{who}", 1, SEEN_TIMEOUT):
                continue
            if scope is not None and not _is_published(scope):
                continue
            key = _count_key(day, scope)
            if cache.add(key, 0, COUNT_TIMEOUT):
                # The first visitor of the day for this scope: make the row flush() fills.
                VisitCount.objects.get_or_create(day=day, post_id=scope)
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.add(key, 1, COUNT_TIMEOUT)
            counted.append(scope)
        if cache.add("visits:flushed", 1, FLUSH_EVERY):
            flush()
    except Exception:
        logger.exception("visits: cache or database unavailable, visit not counted")
    return counted


def _is_published(post_id):
    key = f"visits:published:{post_id}"
    known = cache.get(key)
    if known is None:
        known = Post.objects.published().filter(pk=post_id).exists()
        cache.set(key, known, 300)
    return known


def flush():
    """Copy today's and yesterday's cache counters into their VisitCount rows (a row only
    ever grows, so flushing twice, or from two servers at once, is harmless)."""
    day = today()
    for row in VisitCount.objects.filter(day__in=[day, day - datetime.timedelta(days=1)]):
        value = cache.get(_count_key(row.day, row.post_id))
        if value and value > row.count:
            VisitCount.objects.filter(pk=row.pk, count__lt=value).update(count=value)


def safe_flush():
    try:
        flush()
    except Exception:
        logger.exception("visits: cache unavailable, showing the last flushed counts")


def stats(post_ids=None):
    """{"blog": {"today", "yesterday", "total"}, post_id: {...}} from the flushed rows."""
    day = today()
    yesterday = day - datetime.timedelta(days=1)
    wanted = [None, *(post_ids or [])]
    result = {scope or "blog": {"today": 0, "yesterday": 0, "total": 0} for scope in wanted}
    rows = VisitCount.objects.filter(post__isnull=True)
    if post_ids:
        rows = VisitCount.objects.filter(post__isnull=True) | VisitCount.objects.filter(post_id__in=post_ids)
    for post_id, total in rows.values_list("post_id").annotate(total=Sum("count")).order_by():
        result[post_id or "blog"]["total"] = total
    for post_id, row_day, count in rows.filter(day__in=[day, yesterday]).values_list(
        "post_id", "day", "count"
    ):
        result[post_id or "blog"]["today" if row_day == day else "yesterday"] = count
    return result
