"""Public pages: what an anonymous reader sees is the same for every anonymous reader, so
any cache may keep it: this app's own page cache in Redis, nginx's microcache, a CDN.

Which reader is anonymous: one who sends none of the PERSONAL_COOKIES (the session, flash
messages, a guest's like cookie). Everyone else, and every response that sets a cookie,
gets `Cache-Control: private, no-store` and is never stored.

Which pages are public: the views named in PUBLIC_PAGE_VIEWS (post lists, post pages, the
guestbook, search). For an anonymous reader they render no CSRF token (the forms on them
post without one, see below), set no cookie, and say
`Cache-Control: public, max-age=0, s-maxage=PUBLIC_CACHE_SECONDS`.

The forms on a public page (comment, reply, 공감, language) post to the views named in
SESSIONLESS_POST_VIEWS. A CSRF token protects a session from being used by another site;
a browser without a session has none to misuse, so for such a browser these views accept
a POST without a token when the browser itself says the request comes from a page of this
site: `Sec-Fetch-Site: same-origin`, or failing that an `Origin` (or, over HTTPS, a
`Referer`) of this site or of CSRF_TRUSTED_ORIGINS. A cross-site form or fetch() carries
`Sec-Fetch-Site: cross-site` and a foreign Origin, which the attacking page cannot change;
a request with none of the three headers (not a browser) is refused. The comment form is
also signed (django_comments' security hash over the object and the form's time), so it
cannot be made for another object or replayed after two hours. A browser that sends the
session cookie always goes through Django's full CSRF check, whatever the view.

The page cache (PAGE_CACHE, on unless PAGE_CACHE=0): an anonymous reader's public page is
kept in the shared cache for PAGE_CACHE_SECONDS under a key made of the language, scheme,
host, path and query and of version tokens that change exactly when the page may change:
- every PAGE_CACHE_VERSIONS callable (the blog's posts version: any post saved, deleted or
  published on schedule; tags; categories), called with the values of its `cache_keys`
  already fetched, so that a hit is one round trip to Redis;
- for OBJECT_PAGE_VIEWS (a post page, the guestbook) the version of that path, bumped by
  `bump_path()` when one of its comments is posted, edited, deleted, hidden or moderated;
  for every other public page the site-wide comments version (`bump_path` bumps it too:
  lists show comment counts).
"""

import hashlib
import secrets
from functools import cache as memoize
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import get_language

SITE_VERSION = "page:v:site"
SAFE_METHODS = ("GET", "HEAD")
# Query parameters a public page understands; any other makes the page uncached (so junk
# parameters cannot fill the cache).
CACHED_PARAMETERS = {"page", "cpage", "q", "p"}
STORED_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link")


def is_personal(request):
    """Does this browser carry anything that could make its pages differ from others'?"""
    return any(name in request.COOKIES for name in settings.PERSONAL_COOKIES)


def view_name(request):
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


def same_origin(request):
    """Does the browser say this request comes from a page of this site?"""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS
    referer = request.headers.get("Referer")
    if referer is not None and request.is_secure():
        host = {request.get_host()}
        return url_has_allowed_host_and_scheme(referer, allowed_hosts=host, require_https=True)
    return False


# -- versions -------------------------------------------------------------------------
def _version(key):
    token = cache.get(key)
    if token is None:
        cache.add(key, secrets.token_hex(6), None)
        token = cache.get(key) or "0"
    return token


def _path_key(path):
    # reverse() gives "/posts/%ED%95%9C…/", request.path the decoded "/posts/한…/".
    path = unquote(path)
    return f"page:v:path:{hashlib.sha256(path.encode()).hexdigest()[:32]}"


def bump_path(path):
    """The page at `path` (and every list, which shows comment counts) changed."""
    cache.delete_many([_path_key(path), SITE_VERSION])


@memoize
def _version_functions():
    return [import_string(name) for name in settings.PAGE_CACHE_VERSIONS]


def lookup(request):
    """(key, versions, stored entry or None) for this public page, in ONE round trip to
    the cache: the page's entry and every version token are fetched together, and the
    entry counts only if it was stored under the same versions (a hit costs one Redis
    GET of several keys, not one per version)."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    key = f"page:{get_language()}:{hashlib.sha256(address.encode()).hexdigest()[:40]}"
    functions = _version_functions()
    is_object_page = view_name(request) in settings.OBJECT_PAGE_VIEWS
    object_key = _path_key(request.path) if is_object_page else SITE_VERSION
    wanted = [key, object_key, *(k for fn in functions for k in getattr(fn, "cache_keys", ()))]
    prefetched = cache.get_many(wanted)
    token = prefetched.get(object_key)
    versions = (*(fn(prefetched) for fn in functions), token if token is not None else _version(object_key))
    stored = prefetched.get(key)
    if stored is not None and stored[0] != versions:
        stored = None
    return key, versions, stored


def page_part(key, path):
    """(versions, value or None): a part of the object page at `path` kept in the shared
    cache under `key` by `store_page_part`, valid under exactly the page cache's versions
    (the posts version and that path's version). One round trip, like `lookup`; a value
    stored under older versions is None. Used by comments.render for the comment section,
    which anonymous readers share even with the page cache off."""
    functions = _version_functions()
    object_key = _path_key(path)
    version_keys = [k for fn in functions for k in getattr(fn, "cache_keys", ())]
    prefetched = cache.get_many([key, object_key, *version_keys])
    token = prefetched.get(object_key)
    versions = (*(fn(prefetched) for fn in functions), token if token is not None else _version(object_key))
    stored = prefetched.get(key)
    return versions, (stored[1] if stored is not None and stored[0] == versions else None)


def store_page_part(key, versions, value):
    """Keep `value` for `page_part` under `versions`, as long as a whole page is kept."""
    cache.set(key, (versions, value), settings.PAGE_CACHE_SECONDS)


# -- the middleware ---------------------------------------------------------------------
class PublicPageMiddleware:
    """Marks public pages, lets token-less same-origin POSTs from session-less browsers
    through to SESSIONLESS_POST_VIEWS, serves and stores the page cache, and sets
    Cache-Control. Goes just before CsrfViewMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.process_response(request, self.get_response(request))

    def process_view(self, request, view, args, kwargs):
        name = view_name(request)
        personal = is_personal(request)
        if request.method not in SAFE_METHODS:
            if (
                name in settings.SESSIONLESS_POST_VIEWS
                and settings.SESSION_COOKIE_NAME not in request.COOKIES
                and same_origin(request)
            ):
                request.csrf_processing_done = True  # CsrfViewMiddleware then lets it pass
            return None
        if name not in settings.PUBLIC_PAGE_VIEWS or personal:
            return None
        request.is_public_page = True
        if not settings.PAGE_CACHE or not set(request.GET) <= CACHED_PARAMETERS:
            return None
        request.page_cache_key, request.page_versions, stored = lookup(request)
        if stored is None:
            return None
        _versions, status, headers, content = stored
        response = HttpResponse(content, status=status)
        for header, value in headers.items():
            response[header] = value
        response["X-Page-Cache"] = "hit"
        return response

    def process_response(self, request, response):
        if getattr(request, "is_public_page", False):
            session = getattr(request, "session", None)
            stays_public = (
                response.status_code == 200
                and not response.cookies
                and not (session is not None and session.modified)
                and not response.has_header("Cache-Control")  # drafts say no-store themselves
            )
            if stays_public:
                patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PUBLIC_CACHE_SECONDS)
                patch_vary_headers(response, ["Cookie"])
                key = getattr(request, "page_cache_key", None)
                if key and not response.has_header("X-Page-Cache") and not response.streaming:
                    headers = {h: response[h] for h in STORED_HEADERS if response.has_header(h)}
                    headers["Cache-Control"] = response["Cache-Control"]
                    headers["Vary"] = response["Vary"]
                    stored = (request.page_versions, response.status_code, headers, response.content)
                    cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
                    response["X-Page-Cache"] = "miss"
                return response
        # A session (or a cookie set just now) may mean personal content: no shared cache
        # may keep it, whatever the page.
        personal = is_personal(request) or response.cookies
        if personal and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response


def public_csrf(request):
    """Context processor: a public page renders no CSRF token (which would also set the
    csrftoken cookie); its forms are accepted by PublicPageMiddleware instead."""
    if getattr(request, "is_public_page", False):
        return {"csrf_token": "NOTPROVIDED"}
    return {}
