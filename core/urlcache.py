"""URL helpers: reverse() once per process for URLs that differ only by one argument, and
absolute URLs on the site's public address (absolute_url).

reverse() costs a fraction of a millisecond; a page with a hundred comments needs
several URLs per comment (edit, delete, reply, report, avatars). The pattern is constant
for a given URLconf and script prefix, so it is reversed once with a placeholder value
and split around it; building a URL is then a string join."""

import re
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

_PLACEHOLDER = {int: 918273645546372819, str: "x918273645546372819x"}
_cache = {}


def url_maker(viewname, kwarg, kind=int):
    """(prefix, suffix) such that prefix + str(value) + suffix == reverse(viewname,
    kwargs={kwarg: value}) for any value the converter passes through unchanged (ints;
    strings of unreserved characters such as hex digests)."""
    key = (viewname, kwarg, kind, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _cache.get(key)
    if parts is None:
        placeholder = _PLACEHOLDER[kind]
        url = reverse(viewname, kwargs={kwarg: placeholder})
        prefix, suffix = url.split(str(placeholder))
        parts = _cache[key] = (prefix, suffix)
    return parts


def absolute_url(path):
    """`path` on the site's public address, settings.SITE_URL: canonical links, og:url,
    feeds, the sitemap and robots.txt never take the host from a request's Host header
    (anyone can send any Host; a cache in front would then keep the poisoned links)."""
    if "://" in path:
        return path  # already absolute (media on another host)
    return settings.SITE_URL.rstrip("/") + path


# What reverse() leaves unquoted in a path (django.urls.resolvers), and a test for text
# that has nothing else (an ASCII slug: returned as it is).
_SAFE = RFC3986_SUBDELIMS + "/~:@"
_NEEDS_QUOTING = re.compile(r"[^A-Za-z0-9_.\-" + re.escape(_SAFE) + "]").search
_quoted_chars = {}


def quote_path(text):
    """`text` percent-encoded exactly as reverse() encodes a URL argument, for URLs built
    by the thousand (a sitemap part): urllib's quote() costs about 7 µs for a Korean slug,
    so each character is quoted once per process and looked up afterwards (about 2.5 µs)."""
    if not _NEEDS_QUOTING(text):
        return text
    chars = _quoted_chars
    try:
        return "".join([chars[c] for c in text])
    except KeyError:
        if len(chars) > 20_000:  # every Hangul syllable is 11,172: a bound, not a limit
            chars.clear()
        for c in text:
            if c not in chars:
                chars[c] = quote(c, safe=_SAFE)
        return "".join([chars[c] for c in text])
