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

The page cache has two halves. PageCacheApplication answers a hit: it wraps Django's WSGI
application (config/wsgi.py), so a hit costs one Redis round trip and no more than building
the request — not Django's handler, its signals, the request log's middleware, sessions,
CSRF, authentication, the locale or CSP: about 130 µs of Python, half of what a hit cost
when the first middleware answered it (bench/results.md). PageCacheMiddleware, second in
MIDDLEWARE (after the request log), stores: under the version tokens read before the page
was rendered (by PageCacheApplication, handed on in the environ: LOOKED_UP), it keeps the
final response, every header the middleware added included, so a hit answers the same
headers a miss did. A request that does not come
through the WSGI application (Django's test client) is rendered and stored, never answered
from the cache.
"""

import hashlib
import logging
import secrets
import time
from functools import cache as memoize
from functools import lru_cache
from http import HTTPStatus
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string

from core import logs

SITE_VERSION = "page:v:site"
SAFE_METHODS = ("GET", "HEAD")
# Query parameters a public page understands; any other makes the page uncached (so junk
# parameters cannot fill the cache).
CACHED_PARAMETERS = {"page", "cpage", "q", "p"}
# In every entry's key: a deploy that changes what an entry holds never reads an old one.
ENTRY_FORMAT = "2"
# Headers that belong to one request and never to a stored page.
UNSTORED_HEADERS = {"x-request-id", "set-cookie", "x-page-cache"}
# In the WSGI environ of a miss: (key, versions) as PageCacheApplication read them, so that
# PageCacheMiddleware stores the page without asking Redis again.
LOOKED_UP = "core.public.looked_up"

logger = logging.getLogger(__name__)


def reader_language(request):
    """The reader's language: the one chosen with the language switch (its cookie), else the
    site's (Korean). Browsers' Accept-Language is ignored on purpose (config.middleware)."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in _supported_languages() else settings.LANGUAGE_CODE


@memoize
def _supported_languages():
    return frozenset(code for code, _name in settings.LANGUAGES)


@receiver(setting_changed)
def _forget_settings(*, setting, **kwargs):
    """Tests that override these settings get answers that follow them."""
    if setting == "LANGUAGES":
        _supported_languages.cache_clear()
    elif setting == "ROOT_URLCONF":
        _view_name_of.cache_clear()
    elif setting == "PAGE_CACHE_VERSIONS":
        _version_functions.cache_clear()


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


def _fetch(key, object_key):
    """(versions, entry or None): the entry at `key` and every version token in ONE round
    trip to the cache; the entry counts only if it was stored under the same versions (a hit
    costs one Redis GET of several keys, not one per version). `object_key`: the version of
    one object's page, or the site-wide one."""
    functions = _version_functions()
    version_keys = [k for fn in functions for k in getattr(fn, "cache_keys", ())]
    prefetched = cache.get_many([key, object_key, *version_keys])
    token = prefetched.get(object_key)
    versions = (*(fn(prefetched) for fn in functions), token if token is not None else _version(object_key))
    stored = prefetched.get(key)
    return versions, (stored if stored is not None and stored[0] == versions else None)


def lookup(request, view_name):
    """(key, versions, stored entry or None) for this public page."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:40]
    key = f"page:{ENTRY_FORMAT}:{reader_language(request)}:{digest}"
    is_object_page = view_name in settings.OBJECT_PAGE_VIEWS
    versions, stored = _fetch(key, _path_key(request.path) if is_object_page else SITE_VERSION)
    return key, versions, stored


def page_part(key, path):
    """(versions, value or None): a part of the object page at `path` kept in the shared
    cache under `key` by `store_page_part`, valid under exactly the page cache's versions
    (the posts version and that path's version). Used by comments.render for the comment
    section, which anonymous readers share even with the page cache off."""
    versions, stored = _fetch(key, _path_key(path))
    return versions, (stored[1] if stored is not None else None)


def kept_whole(request):
    """Will the page cache keep this page whole if it turns out public? Then a part of it
    kept apart under the same versions (`page_part`) would only be written and never read:
    the next reader gets the whole page."""
    return getattr(request, "kept_whole", False)


def store_page_part(key, versions, value):
    """Keep `value` for `page_part` under `versions`, as long as a whole page is kept."""
    cache.set(key, (versions, value), settings.PAGE_CACHE_SECONDS)


# -- the middleware ---------------------------------------------------------------------
def cacheable_view(request):
    """The name of the public view this request may be answered by from the page cache, or
    None: only GET/HEAD from an anonymous reader, with no query parameter a public page does
    not understand (junk parameters cannot fill the cache), for a PUBLIC_PAGE_VIEWS page."""
    if (
        not settings.PAGE_CACHE
        or request.method not in SAFE_METHODS
        or is_personal(request)
        or not set(request.GET) <= CACHED_PARAMETERS
    ):
        return None
    name = _view_name_of(request.path_info)
    return name if name in settings.PUBLIC_PAGE_VIEWS else None


@lru_cache(maxsize=8192)
def _view_name_of(path):
    """resolve() walks the URL patterns (a third of a hit's CPU); a path always resolves to
    the same view, so each process remembers the answers for the paths it served lately."""
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class PageCacheApplication:
    """The page cache's hit path (see the module docstring): a WSGI application around
    Django's, which answers a stored public page itself and hands every other request on."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        started = time.monotonic()
        try:
            # A copy: WSGIRequest rewrites PATH_INFO in the environ it is given, which Django's
            # handler would then decode a second time.
            answer = self._stored_answer(WSGIRequest(environ.copy()), environ, started)
        except Exception:
            # Only an accelerator: whatever goes wrong here (a bad request, the cache), Django
            # answers it the normal way, with the pages and logs every other failure gets.
            logger.exception("page cache lookup failed; answered by Django")
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, content = answer
        start_response(status, headers)
        return [content]

    @staticmethod
    def _stored_answer(request, environ, started):
        view = cacheable_view(request)
        if view is None:
            return None
        try:
            key, versions, stored = lookup(request, view)
        except (DatabaseError, DisallowedHost):
            # A version is renewed from the database (a scheduled post's time): when it is
            # down, the page goes to the outage page every middleware dresses. A host not in
            # ALLOWED_HOSTS gets Django's 400.
            return None
        if stored is None:
            environ[LOOKED_UP] = (key, versions)  # for PageCacheMiddleware, on the way out
            return None
        _versions, status, headers, content = stored
        request_id = logs.request_id_of(request)
        logs.log_answered_from_cache(request, status, request_id, started)
        headers = [*headers, ("X-Page-Cache", "hit"), ("X-Request-ID", request_id)]
        return f"{status} {HTTPStatus(status).phrase}", headers, content


class PageCacheMiddleware:
    """The page cache's store (see the module docstring): reads the versions before the page
    is rendered and keeps a public page exactly as it is sent. Goes second in MIDDLEWARE,
    after the request log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = cacheable_view(request)
        if view is None:
            return self.get_response(request)
        # The versions are read before the page is rendered: a change made meanwhile is stored
        # under the old ones and never served. PageCacheApplication has read them already
        # (one round trip to Redis); a request from elsewhere (the test client) reads them here.
        request.kept_whole = True  # parts of it need not be kept apart (kept_whole())
        looked_up = request.META.get(LOOKED_UP)
        if looked_up is not None:
            key, versions = looked_up
        else:
            try:
                key, versions, _stored = lookup(request, view)
            except DatabaseError:
                return self.get_response(request)  # the outage page (see PageCacheApplication)
        response = self.get_response(request)
        shareable = (
            getattr(request, "is_public_page", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "public" in response.get("Cache-Control", "")
        )
        if shareable:
            headers = [(h, v) for h, v in response.items() if h.lower() not in UNSTORED_HEADERS]
            stored = (versions, response.status_code, headers, response.content)
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


class PublicPageMiddleware:
    """Marks public pages, lets token-less same-origin POSTs from session-less browsers
    through to SESSIONLESS_POST_VIEWS, and sets Cache-Control. Goes just before
    CsrfViewMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.process_response(request, self.get_response(request))

    def process_view(self, request, view, args, kwargs):
        name = view_name(request)
        if request.method not in SAFE_METHODS:
            if (
                name in settings.SESSIONLESS_POST_VIEWS
                and settings.SESSION_COOKIE_NAME not in request.COOKIES
                and same_origin(request)
            ):
                request.csrf_processing_done = True  # CsrfViewMiddleware then lets it pass
            return None
        if name in settings.PUBLIC_PAGE_VIEWS and not is_personal(request):
            request.is_public_page = True
        return None

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
