import errno

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path
from django.views.static import serve

from accounts.views import PrivacyView
from blog.sitemaps import sitemap_index_view, sitemap_part_view
from blog.views import RobotsView
from core.health import healthz
from core.views import favicon

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # probes: never cached, counted or rate-limited
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("comments.urls")),  # /comments/…, /moderation/ and /guestbook/
    path("sitemap.xml", sitemap_index_view, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_part_view, name="sitemap_part"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    # Browsers that ignore <link rel="icon"> ask for /favicon.ico: sent once, for good, to
    # the static file (served by whitenoise or nginx, never Django again).
    path("favicon.ico", favicon),
    path("", include("blog.urls")),
]

# An unreachable database answers 503 with Retry-After; anything else the plain 500 page.
handler500 = "core.views.server_error"

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME


def serve_media(request, path):
    """django.views.static.serve, with a name the file system refuses (too long for it:
    ENAMETOOLONG from os.stat) answered 404 like any missing file, not 500."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        raise Http404 from error


if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded media from this server: development and single-machine demos. Behind a
    # real deployment nginx or object storage serves /media/.
    urlpatterns += [path("media/<path:path>", serve_media)]
