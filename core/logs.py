"""One log line per request, from django-structlog's RequestMiddleware, shaped here.

django-structlog binds a request id for the whole request (every log line written meanwhile
carries it) and logs `request_finished`; the receivers below add what an operator needs —
method, path, status, duration, the kind of user — and take out what must never be logged:
no query string (it may carry secrets), no token-like URL parts (unsubscribe and password
reset links), no IP address, user id, email or password. The request id is answered in the
`X-Request-ID` header; one sent by the client is used only behind a trusted proxy
(TRUSTED_PROXY_COUNT > 0, see settings) and only when it looks like an id.

`LOG_FORMAT=json` renders each line as JSON, anything else as readable text (settings).
"""

import re
import time
import uuid

import structlog
from django.conf import settings
from django.dispatch import receiver
from django_structlog import signals

REQUEST_ID = re.compile(r"[A-Za-z0-9._:@+=-]{1,128}")
# URL arguments that are secrets in themselves: replaced by *** in logged paths.
SECRET_ARGUMENT = re.compile(r"token|uidb64|key|signature|secret", re.IGNORECASE)


def user_kind(request):
    """anonymous (reading), guest (writing without an account), member or staff."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "staff" if user.is_staff else "member"
    return "anonymous" if request.method in {"GET", "HEAD", "OPTIONS"} else "guest"


def logged_path(request):
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if SECRET_ARGUMENT.search(name) and isinstance(value, str) and value:
                path = path.replace(value, "***")
    return path


@receiver(signals.bind_extra_request_metadata)
def start(request, logger, log_kwargs, **kwargs):
    request._log_started = time.monotonic()
    bound = structlog.contextvars.get_contextvars().get("request_id", "")
    request_id = _an_id(bound)
    if request_id != bound:
        structlog.contextvars.bind_contextvars(request_id=request_id)
    request.request_id = request_id
    log_kwargs["request"] = f"{request.method} {request.path}"  # no query string
    log_kwargs.pop("user_agent", None)


def _an_id(candidate):
    """`candidate` when it looks like a request id (no spaces, no line breaks: it is echoed in
    a header and written in the log), else a new one."""
    return candidate if REQUEST_ID.fullmatch(candidate) else str(uuid.uuid4())


def _describe(request, log_kwargs, status):
    started = getattr(request, "_log_started", None)
    path = logged_path(request)
    log_kwargs.update(
        request=f"{request.method} {path}",
        method=request.method,
        path=path,
        status=status,
        duration_ms=round((time.monotonic() - started) * 1000, 1) if started else None,
        user_kind=user_kind(request),
    )
    log_kwargs.pop("code", None)  # the same as status


@receiver(signals.bind_extra_request_finished_metadata)
def finish(request, logger, response, log_kwargs, **kwargs):
    _describe(request, log_kwargs, response.status_code)
    _answer_id(request, response)


@receiver(signals.bind_extra_request_failed_metadata)
def fail(request, logger, exception, log_kwargs, **kwargs):
    """An exception became a 500: the same fields, and the traceback (in the log only)."""
    _describe(request, log_kwargs, 500)


@receiver(signals.update_failure_response)
def failed(request, response, **kwargs):
    _answer_id(request, response)


def _answer_id(request, response):
    request_id = getattr(request, "request_id", None)
    if request_id:
        response.headers["X-Request-ID"] = request_id


# -- answers given before Django's handler (core.public.PageCacheApplication) ---------------
request_logger = structlog.get_logger("django_structlog.middlewares.request")


def request_id_of(request):
    """The id of a request that django-structlog never sees: the proxy's, under the same
    rule django-structlog follows (DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID) and only when
    it looks like an id, else a new one."""
    trusted = settings.DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID
    return _an_id(request.META.get("HTTP_X_REQUEST_ID", "") if trusted else "")


def log_answered_from_cache(request, status, request_id, started):
    """The request line of a page-cache hit: the same event and fields as every other
    request's line (made by `_describe` too), and which cache answered."""
    request._log_started = started
    log_kwargs = {}
    _describe(request, log_kwargs, status)
    request_logger.info("request_finished", request_id=request_id, page_cache="hit", **log_kwargs)
