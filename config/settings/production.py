"""Production: refuses to start without a secret, HTTPS everywhere, Redis cache expected."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

# Each refusal says what to set: a production server must not start with settings that
# cannot work (links in emails to https://localhost, a guessable secret, any Host accepted).
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: set at least 50 random characters, e.g. the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production.")
if not REDIS_URL:  # noqa: F405
    # Rate limits (and the moderation role cache) must be shared by every app server: never
    # per process, or each server would allow its own quota.
    raise ImproperlyConfigured("REDIS_URL must be set in production (e.g. redis://127.0.0.1:6379/0).")
if not os.environ.get("ALLOWED_HOSTS", "").strip() or not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set in production to the site's host names, e.g. "
        "ALLOWED_HOSTS=blog.example.com,www.blog.example.com (the first is the public address)."
    )
if any(host == "*" or "*" in host for host in ALLOWED_HOSTS):  # noqa: F405
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must not contain '*' in production: list the site's host names, e.g. "
        "ALLOWED_HOSTS=blog.example.com."
    )

# Absolute links in emails, feeds, the sitemap and canonical URLs: https on the public host,
# never taken from a request's Host header.
if "SITE_URL" not in os.environ:
    first_host = ALLOWED_HOSTS[0]  # noqa: F405
    if first_host.startswith("."):
        raise ImproperlyConfigured(
            f"The first ALLOWED_HOSTS entry ({first_host}) is a pattern, not an address: put the "
            "site's own host first (ALLOWED_HOSTS=blog.example.com,.example.com) or set SITE_URL."
        )
    SITE_URL = f"https://{first_host}"
_site = urlsplit(SITE_URL)
if _site.scheme != "https" or not _site.hostname or "*" in SITE_URL or _site.hostname.startswith("."):
    raise ImproperlyConfigured(
        "SITE_URL must be the site's https:// address in production, e.g. SITE_URL=https://blog.example.com."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe the app server over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"  # links in allauth emails

if MEDIA_STORAGE == "s3" and not AWS_STORAGE_BUCKET_NAME:  # noqa: F405
    raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
# Uploads are served by nginx or the object store, not by Django, unless the operator says so.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

if os.environ.get("EMAIL_HOST"):
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # used by the worker
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO").upper()  # noqa: F405  (request lines)
