from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.functional import SimpleLazyObject


def site(request):
    """The site's name, description and home page for every template (the header, comment
    pages, error pages) without any template naming an app's URL."""
    return {
        "site_name": settings.SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "site_url": settings.SITE_URL.rstrip("/"),  # the public address, never the Host header
        "site_home_url": SimpleLazyObject(lambda: resolve_url(settings.SITE_HOME)),
    }
