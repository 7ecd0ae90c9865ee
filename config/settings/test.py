"""Fast settings for pytest: MD5 hashing, a per-process cache, in-memory mail,
media in a temporary folder. The database is still the real one (SQLite or DATABASE_URL)."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # tests of the queue set core.mail's
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="blog-test-media-")
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
COMMENTS_MIN_FORM_SECONDS = 0  # tests post forms at once; tests of the minimum set it
SITE_URL = "https://blog.example.kr"
PAGE_CACHE = False  # tests of the page cache turn it on (tests/core/test_public_pages.py)
