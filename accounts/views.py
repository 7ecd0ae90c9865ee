import re

from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .models import generated_avatar_svg
from .throttle import Throttle, client_address

SEED_RE = re.compile(r"^[0-9a-f]{12}$")
# Password guessing: 10 failed logins per address per 15 minutes.
LOGIN_THROTTLE = Throttle("login", limit=10, window=15 * 60)


def too_many_attempts(request, message=None):
    """The one "slow down" page of the site: HTTP 429 with a message in the reader's language."""
    return render(
        request,
        "429.html",
        {"message": message or _("Too many attempts. Please try again in a few minutes.")},
        status=429,
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        address = client_address(request)
        if LOGIN_THROTTLE.is_exceeded(address):
            return too_many_attempts(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        LOGIN_THROTTLE.hit(client_address(self.request))
        return super().form_invalid(form)


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24 * 30, immutable=True)
def generated_avatar(request, seed):
    if not SEED_RE.match(seed):
        raise Http404
    svg = generated_avatar_svg(seed, request.GET.get("c", ""))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # An SVG opened on its own must not be able to run anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def csrf_failure(request, reason=""):
    """A form that failed the CSRF check: explained in the reader's language, in the site's
    own page (Django's default has no request context, so no header or language)."""
    return render(request, "403_csrf.html", status=403)
