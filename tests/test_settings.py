"""Production settings fail loudly when something it must not run without is missing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = {
    "SECRET_KEY": "k7Qw-9zXr2LpV8mN3tYb6cJd1fHs4gUe0aRiOo5EyTn_WqZx-3vBn",
    "ALLOWED_HOSTS": "blog.example.com",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def load_production(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in GOOD and key not in ("DEBUG", "SITE_URL")
    }
    env.update({**GOOD, **overrides})
    env = {key: value for key, value in env.items() if value is not None}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_a_pattern_host_is_fine_when_not_first_or_when_site_url_is_set():
    assert load_production(ALLOWED_HOSTS="blog.example.com,.example.com").returncode == 0
    result = load_production(ALLOWED_HOSTS=".example.com", SITE_URL="https://blog.example.com")
    assert result.returncode == 0, result.stderr


def test_production_starts_with_everything_set():
    result = load_production()
    assert result.returncode == 0, result.stderr


def test_production_email_links_default_to_https_on_the_first_host():
    result = load_production(ALLOWED_HOSTS="blog.example.com,www.example.com")
    assert result.returncode == 0
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    env = {k: v for k, v in os.environ.items() if k not in GOOD and k != "DEBUG"}
    env.update(GOOD, DJANGO_SETTINGS_MODULE="config.settings.production")
    printed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout.strip()
    assert printed == "https://blog.example.com"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"REDIS_URL": None}, "REDIS_URL must be set"),
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"SITE_URL": "http://blog.example.com"}, "SITE_URL must be the site's https://"),
        ({"SITE_URL": "https://*"}, "SITE_URL must be the site's https://"),
        ({"SECRET_KEY": "x"}, "SECRET_KEY is too weak for production: set at least 50"),
        ({"SECRET_KEY": "ab" * 30}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": "django-insecure-" + "q1w2e3r4t5y6u7i8o9p0" * 3}, "SECRET_KEY is too weak"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must be set in production"),
        ({"ALLOWED_HOSTS": " "}, "ALLOWED_HOSTS must be set in production"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must not contain '*'"),
        ({"ALLOWED_HOSTS": "blog.example.com,*"}, "ALLOWED_HOSTS must not contain '*'"),
        ({"ALLOWED_HOSTS": ".example.com,blog.example.com"}, "is a pattern, not an address"),
    ],
)
def test_production_refuses_to_start_without(overrides, message):
    result = load_production(**overrides)
    assert result.returncode != 0
    assert message in result.stderr
