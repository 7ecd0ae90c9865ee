from django.conf import settings


def site(request):
    return {
        "site_name": settings.BLOG_SITE_NAME,
        "site_description": settings.BLOG_SITE_DESCRIPTION,
    }
