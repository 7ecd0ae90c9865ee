"""Pages every app answers with: 429 (too many attempts) and the CSRF failure page."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def too_many_attempts(request, message=None):
    """The one "slow down" page of the site: HTTP 429 with a message in the reader's language."""
    return render(
        request,
        "429.html",
        {"message": message or _("Too many attempts. Please try again in a few minutes.")},
        status=429,
    )


def csrf_failure(request, reason=""):
    """A form that failed the CSRF check: explained in the reader's language, in the site's
    own page (Django's default has no request context, so no header or language)."""
    return render(request, "403_csrf.html", status=403)
