"""Pages every app answers with: 429 (too many attempts), the CSRF failure page, and the
server error page (503 when the database cannot be reached), and the /favicon.ico redirect."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _

# How long a client (a proxy, a monitor, a browser) should wait before trying again.
OUTAGE_RETRY_AFTER = 30


def too_many_attempts(request, message=None):
    """The one "slow down" page of the site: HTTP 429 with a message in the reader's language."""
    return render(
        request,
        "429.html",
        {"message": message or _("Too many attempts. Please try again in a few minutes.")},
        status=429,
    )


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer (AXES_LOCKOUT_CALLABLE) to a login from a locked-out account or
    address, on any login page: the site's 429 page, saying how long to wait."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return too_many_attempts(
        request,
        _("Too many failed logins. Please try again in %(minutes)d minutes.") % {"minutes": minutes},
    )


def csrf_failure(request, reason=""):
    """A form that failed the CSRF check: explained in the reader's language, in the site's
    own page (Django's default has no request context, so no header or language)."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """handler500: an unreachable database (the exception being handled is psycopg's
    OperationalError or InterfaceError, from a view or any middleware) is an outage, not a
    bug: 503 with Retry-After, so monitors and proxies can tell the two apart. Both pages
    stand alone (no database, no request context): base.html would query the sidebar."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
        return response
    return HttpResponseServerError(render_to_string("500.html"))


def favicon(request):
    """/favicon.ico for browsers that ignore <link rel="icon">: a permanent redirect to the
    static SVG, so each browser asks Django once."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
