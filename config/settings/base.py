"""Settings shared by every environment. Everything that differs between machines comes
from the environment, so the same code runs on a laptop, in CI and on several app servers."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
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
    "core",
    "taggit",
    "django_comments_xtd",
    "django_comments",
    "accounts",
    "blog",
    "comments",
]

SITE_ID = 1

# Korean particles in messages follow the names in them (core.messages).
MESSAGE_STORAGE = "core.messages.KoreanMessageStorage"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.KoreanFirstLocaleMiddleware",
    "config.middleware.ContentLengthMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
AXES_CLIENT_IP_CALLABLE = "core.throttle.address_bucket"
AXES_USERNAME_CALLABLE = "core.throttle.login_name"
AXES_LOCKOUT_CALLABLE = "core.views.login_locked_out"
AXES_VERBOSE = False
# Only failures are written (one row per account/address), not one row per successful login.
AXES_DISABLE_ACCESS_LOG = True

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
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Serve uploads from Django itself (development, tests, a single-machine `make serve`).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

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
COMMENTS_PER_PAGE = 50  # top-level threads per comment page; the newest page is last
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

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "blog@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
