"""Settings shared by every environment. Everything that differs between machines comes
from the environment, so the same code runs on a laptop, in CI and on several app servers."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import structlog
from csp.constants import NONE, SELF
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# How many reverse proxies (nginx, a load balancer) stand in front of the app servers: the
# client's address is then that many entries from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "taggit",
    "django_comments_xtd",
    "django_comments",
    "accounts",
    # django-allauth: email confirmation, password reset, Kakao/Naver/Google login.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
    "allauth.socialaccount.providers.google",
    "blog",
    "comments",
]

SITE_ID = 1

# Korean particles in messages follow the names in them (core.messages).
MESSAGE_STORAGE = "core.messages.KoreanMessageStorage"

MIDDLEWARE = [
    # First, so that every answer (redirects, 400s, static files) is logged with a request id.
    "django_structlog.middlewares.RequestMiddleware",
    # Second: keeps an anonymous public page exactly as sent (core/public.py; hits are
    # answered in front of Django, by config/wsgi.py).
    "core.public.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.KoreanFirstLocaleMiddleware",
    "config.middleware.ContentLengthMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.public.PublicPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out authenticate() into our 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["core.templatetags.datetimes"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "core.public.public_csrf",
            ],
        },
    },
    # Only the comment list (a template run once per comment): see core/jinja.py. Asked for
    # by name (engines["jinja2"]); every page is a Django template.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "core.jinja.environment"},
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database (PostgreSQL in
# production and CI). Connections are kept open between requests on PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's default random_page_cost (4) assumes spinning disks: at a million comments
    # it then reads a whole table rather than 5,000 index entries for one post's comments
    # (325 ms instead of 15 ms). SSD and cloud volumes read randomly almost as fast as in
    # sequence; DATABASE_RANDOM_PAGE_COST=4 restores the default.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c random_page_cost={float(os.environ.get('DATABASE_RANDOM_PAGE_COST', '1.1'))}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One shared cache for every app server: Redis when REDIS_URL is set; a per-process cache
# is only acceptable on a single development machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache with 250 ms timeouts and a breaker, answering "no cache"
            # on any error: Redis down or frozen never breaks a page (core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "blog",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A strict Content-Security-Policy on every response (django-csp): scripts and styles only
# from our own static files (no inline <script>, <style> or style="" anywhere, the admin
# included), pictures from us or data: URLs, and frames only from the privacy-enhanced video
# players that blog/markdown.py embeds. form-action is left open on purpose: signing in with
# an outside provider (OAuth) answers a form POST with a redirect to the provider's site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}

AUTH_USER_MODEL = "accounts.User"
# A member's public page is the blog's author page: the project wires the two apps together
# here, so accounts never names a blog URL.
ABSOLUTE_URL_OVERRIDES = {
    "accounts.user": lambda user: reverse("blog:author", kwargs={"username": user.username}),
}
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
LOGIN_URL = "accounts:login"
# The home page: where logging in, out and signing up lead, and the "Home" link of shared pages.
SITE_HOME = "blog:index"
LOGIN_REDIRECT_URL = SITE_HOME
LOGOUT_REDIRECT_URL = SITE_HOME

# Every way to log in (the site's login, the admin's, any later one such as social logins or a
# password reset that logs in) calls authenticate(request=...), and django-axes' backend comes
# first: it refuses a locked-out account or address before any password is checked. Failures
# are counted in the database, so the limit holds while Redis is down; per account and, apart,
# per address (an IPv6 reader is their /64: core.throttle.address_bucket).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success must not wipe the address's failures (one's own account would reset the count).
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "core.throttle.login_address"  # a salted hash, never the raw address
AXES_USERNAME_CALLABLE = "core.throttle.login_name"
AXES_LOCKOUT_CALLABLE = "core.views.login_locked_out"
AXES_VERBOSE = False
# Only failures are written (one row per account/address), not one row per successful login.
AXES_DISABLE_ACCESS_LOG = True
# Members' accounts (accounts/, on django-allauth). Password logins are our LoginView (Django's
# AuthenticationForm, so authenticate() and django-axes above); allauth adds email confirmation,
# password reset links, email change and social login (accounts/adapters.py).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.adapters.user_display"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
# Sign-up sends a confirmation link; until it is followed the member may comment but gets no
# notification email. A changed address is confirmed again before it replaces the old one.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = int(os.environ.get("ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS", "3"))
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# A reset link works once (the token covers the password hash) and for this many seconds.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(60 * 60)))
# Password reset requests: per client address and per account (core.throttle.Throttle).
ACCOUNTS_RESET_PER_ADDRESS_PER_HOUR = int(os.environ.get("ACCOUNTS_RESET_PER_ADDRESS_PER_HOUR", "10"))
ACCOUNTS_RESET_PER_ACCOUNT_PER_HOUR = int(os.environ.get("ACCOUNTS_RESET_PER_ACCOUNT_PER_HOUR", "3"))
# 회원 탈퇴: a leaving member's comments stay under this name ("keep") or go ("remove").
ACCOUNTS_ERASED_COMMENTS = os.environ.get("ACCOUNTS_ERASED_COMMENTS", "keep")
ACCOUNTS_ERASED_NAME = os.environ.get("ACCOUNTS_ERASED_NAME", "탈퇴한 사용자")
# Social login: a provider appears on the login page only when it is configured, either
# here from the environment or as a "social application" in the admin.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # an existing member's address never logs in alone
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
SOCIALACCOUNT_PROVIDERS = {
    "kakao": {},
    "naver": {},
    "google": {"SCOPE": ["profile", "email"]},
}
for _provider in SOCIALACCOUNT_PROVIDERS:
    _client_id = os.environ.get(f"{_provider.upper()}_CLIENT_ID", "")
    if _client_id:
        SOCIALACCOUNT_PROVIDERS[_provider]["APPS"] = [
            {"client_id": _client_id, "secret": os.environ.get(f"{_provider.upper()}_SECRET", "")}
        ]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Serve uploads from Django itself (development, tests, a single-machine `make serve`).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's hashed, compressed files, ours minified first (core/staticfiles.py).
    "staticfiles": {"BACKEND": "core.staticfiles.MinifiedManifestStaticFilesStorage"},
}
# Uploads on S3-compatible object storage (django-storages), shared by every app server:
# MEDIA_STORAGE=s3 with AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL (for a non-AWS store),
# AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN (a CDN) and the usual AWS_ACCESS_KEY_ID /
# AWS_SECRET_ACCESS_KEY (read by boto3). Readers get the bucket's (or the CDN's) URLs.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem").strip().lower()
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None  # "path" for most non-AWS
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)  # public-read media: plain URLs
    AWS_DEFAULT_ACL = os.environ.get("AWS_DEFAULT_ACL") or None  # None: the bucket's policy decides
    AWS_S3_FILE_OVERWRITE = False  # two uploads of "photo.jpg" never replace each other
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000, immutable"}
    # The pages show images from the store: its origin joins the Content-Security-Policy.
    if AWS_S3_CUSTOM_DOMAIN:
        _MEDIA_ORIGIN = f"https://{AWS_S3_CUSTOM_DOMAIN}"
    elif AWS_S3_ENDPOINT_URL:
        _MEDIA_ORIGIN = "/".join(AWS_S3_ENDPOINT_URL.split("/")[:3])
    else:
        _MEDIA_ORIGIN = "https://*.amazonaws.com"
    for _directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(_MEDIA_ORIGIN)
elif MEDIA_STORAGE != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' (the default) or 's3'.")

# Uploads: Pillow refuses images above this many pixels (decompression bombs).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # every uploaded image (core.images)
UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # every uploaded image (core.images)
BLOG_IMAGE_MAX_WIDTH = 1600
# Smaller copies of every body image for srcset (phones never download the 1,600 px one).
BLOG_IMAGE_SRCSET_WIDTHS = (480, 960)
# Show Today/Yesterday/Total visitor counts in the public sidebar too (the desk always does).
BLOG_SIDEBAR_VISITS = env_bool("BLOG_SIDEBAR_VISITS", False)
BLOG_POSTS_PER_PAGE = 10
SITE_NAME = os.environ.get("SITE_NAME", "한글 블로그")
SITE_DESCRIPTION = os.environ.get("SITE_DESCRIPTION", "천천히 읽히는 글을 씁니다.")

# Comments: django-contrib-comments with django-comments-xtd, our model on top.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "comments.models.ThreadedComment"
COMMENTS_XTD_MAX_THREAD_LEVEL = 3
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_SALT = os.environ.get("COMMENTS_XTD_SALT", "blog-comments").encode()
COMMENTS_HIDE_REMOVED = False
COMMENTS_PER_PAGE = int(os.environ.get("COMMENTS_PER_PAGE", "50"))  # top-level threads a page; newest last
COMMENT_MAX_LENGTH = 3000
COMMENTS_TIMEOUT = 2 * 60 * 60  # a comment form expires after two hours (text is kept)
# Close comments on posts this many days after publication (None: never by age).
COMMENTS_CLOSE_AFTER_DAYS = None
# Reports and moderation.
COMMENTS_REPORT_THRESHOLD = int(os.environ.get("COMMENTS_REPORT_THRESHOLD", "3"))  # hides at once
COMMENTS_POSTS_PER_MINUTE = int(os.environ.get("COMMENTS_POSTS_PER_MINUTE", "5"))  # per address
COMMENTS_REPORTS_PER_HOUR = int(os.environ.get("COMMENTS_REPORTS_PER_HOUR", "20"))  # per address
COMMENTS_MIN_FORM_SECONDS = 3  # a comment form sent sooner than this is refused (bots)
COMMENTS_PURGE_AFTER_DAYS = int(os.environ.get("COMMENTS_PURGE_AFTER_DAYS", "90"))
# Nicknames no guest may use (besides members' names); compared ignoring spacing, case,
# full-width letters, zero-width characters and Hangul compatibility jamo.
COMMENTS_RESERVED_NAMES = (
    "관리자",
    "운영자",
    "운영진",
    "주인장",
    "블로그주인",
    "블로거",
    "글쓴이",
    "admin",
    "administrator",
    "moderator",
    "webmaster",
)
# The site's public address, for absolute links in emails (https in production).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Mail: every message is queued (core.mail) and sent by the worker, `manage.py db_worker`,
# with EMAIL_DELIVERY_BACKEND (SMTP in production), retried with exponential backoff.
EMAIL_BACKEND = "core.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # a hung SMTP server holds a worker this long
EMAIL_MAX_ATTEMPTS = int(os.environ.get("EMAIL_MAX_ATTEMPTS", "8"))
EMAIL_RETRY_BACKOFF = float(os.environ.get("EMAIL_RETRY_BACKOFF", "30"))  # seconds, doubled each retry
EMAIL_RETRY_MAX_DELAY = float(os.environ.get("EMAIL_RETRY_MAX_DELAY", "3600"))
# The task queue: django-tasks (the django.tasks API of Django 6) with its database backend,
# so a queued task is as durable as a comment and every app server and worker shares it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "blog@localhost")

# Logs: one line per request (core/logs.py shapes django-structlog's), JSON with
# LOG_FORMAT=json, readable text otherwise; errors with their tracebacks go to the log only.
LOG_FORMAT = "json" if os.environ.get("LOG_FORMAT", "").strip().lower() == "json" else "text"
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING").upper()
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # addresses are personal data: never logged
DJANGO_STRUCTLOG_USER_ID_FIELD = None  # the kind of user is logged instead (core.logs)
# A request id sent by the client is trusted only from our own proxy (nginx sets it).
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = TRUSTED_PROXY_COUNT > 0
_LOG_PRE_CHAIN = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    # No ExtraAdder: Django passes the request object as `extra`, whose repr has the query.
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "foreign_pre_chain": _LOG_PRE_CHAIN,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(ensure_ascii=False),
            ],
        },
        "text": {
            "()": structlog.stdlib.ProcessorFormatter,
            "foreign_pre_chain": _LOG_PRE_CHAIN,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.dev.ConsoleRenderer(colors=False),
            ],
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # 4xx answers are in the request line already (status, path); 5xx keep Django's own
        # line, with the traceback of a real bug (core/log.py: one line for expected ones).
        "django.request": {"level": "ERROR"},
    },
}


def _one_line_per_request(logger, method_name, event_dict):
    """django-structlog writes request_started and request_finished: keep the second only.
    Its request_failed (a 500) stays one line: Django's django.request line, written with the
    same request id, carries the traceback."""
    if event_dict.get("event") == "request_started":
        raise structlog.DropEvent
    if event_dict.get("event") == "request_failed":
        event_dict.pop("exc_info", None)
    return event_dict


structlog.configure(
    processors=[
        _one_line_per_request,
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.filter_by_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.UnicodeDecoder(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)

HEALTHZ_TIMEOUT = 0.6  # seconds for the checks: /healthz answers within 1 s when one hangs
# Public pages and the page cache (core/public.py explains both). An anonymous reader (none
# of PERSONAL_COOKIES) gets the same HTML as every other: no CSRF token, no cookie, and
# `Cache-Control: public, s-maxage=PUBLIC_CACHE_SECONDS` for nginx or a CDN; the app keeps
# the page itself in the shared cache for PAGE_CACHE_SECONDS (PAGE_CACHE=0 turns it off),
# invalidated by version tokens (blog/freshness.py, comments/freshness.py).
PAGE_CACHE = os.environ.get("PAGE_CACHE", "1") != "0"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "1"))
PERSONAL_COOKIES = ("sessionid", "messages", "blog_visitor")
PUBLIC_PAGE_VIEWS = {
    "blog:index",
    "blog:post",
    "blog:category",
    "blog:tag",
    "blog:archive_year",
    "blog:archive_month",
    "blog:author",
    "blog:search",
    "comments:guestbook",
}
OBJECT_PAGE_VIEWS = {"blog:post", "comments:guestbook"}
SESSIONLESS_POST_VIEWS = {"comments:post", "blog:post_like", "set_language"}
PAGE_CACHE_VERSIONS = ["blog.freshness.posts_version"]
