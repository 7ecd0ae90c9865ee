import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import CreateView, UpdateView

from core.throttle import Throttle, address_bucket
from core.views import too_many_attempts

from .forms import ProfileForm, SignupForm
from .models import generated_avatar_svg

SEED_RE = re.compile(r"^[0-9a-f]{12}$")
# Account creation: 5 per address per hour.
SIGNUP_THROTTLE = Throttle("signup", limit=5, window=60 * 60)


class LoginView(auth_views.LoginView):
    """Password guessing is limited where every login path meets: django-axes' backend
    (settings.AUTHENTICATION_BACKENDS), for this page and the admin's alike."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class SignupView(CreateView):
    form_class = SignupForm
    template_name = "accounts/signup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if SIGNUP_THROTTLE.is_exceeded(address_bucket(request)):
            return too_many_attempts(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        SIGNUP_THROTTLE.hit(address_bucket(self.request))
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("Welcome, %(name)s!") % {"name": user.display_name})
        return redirect(settings.LOGIN_REDIRECT_URL)


class ProfileView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile was saved."))
        return super().form_valid(form)


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
