import csv
import datetime
import io
import json
import re
import time

from allauth.account import views as allauth_views
from allauth.account.models import EmailAddress
from allauth.account.utils import setup_user_email
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from core.throttle import Throttle, address_bucket
from core.views import too_many_attempts

from . import personal_data
from .emails import has_confirmed_email
from .forms import DeleteAccountForm, ProfileForm, SignupForm
from .models import generated_avatar_svg

SEED_RE = re.compile(r"^[0-9a-f]{12}$")
# Account creation: 5 per address per hour.
SIGNUP_THROTTLE = Throttle("signup", limit=5, window=60 * 60)
# Password reset requests: per client address and per email address asked about.
RESET_ADDRESS_THROTTLE = Throttle(
    "reset-address", limit=settings.ACCOUNTS_RESET_PER_ADDRESS_PER_HOUR, window=60 * 60
)
RESET_ACCOUNT_THROTTLE = Throttle(
    "reset-account", limit=settings.ACCOUNTS_RESET_PER_ACCOUNT_PER_HOUR, window=60 * 60
)
# Wrong passwords on the 회원 탈퇴 form: 5 per account per 15 minutes.
DELETE_THROTTLE = Throttle("delete-account", limit=5, window=15 * 60)


class LoginView(auth_views.LoginView):
    """Password guessing is limited where every login path meets: django-axes' backend
    (settings.AUTHENTICATION_BACKENDS), for this page and the admin's alike."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Django's LoginView names django.contrib.sites' row (example.com) as site_name.
        return {**super().get_context_data(**kwargs), "site_name": settings.SITE_NAME}


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
        # The address is recorded as unconfirmed and a link goes to it: until it is followed
        # the member comments as usual but gets no notification email.
        address = setup_user_email(self.request, user, [])
        if address is not None:
            address.send_confirmation(self.request, signup=True)
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

    def get_context_data(self, **kwargs):
        user = self.request.user
        pending = EmailAddress.objects.filter(user=user, verified=False).exclude(email__iexact=user.email)
        return super().get_context_data(
            email_confirmed=has_confirmed_email(user),
            pending_email=pending.first(),
            social_accounts=SocialAccount.objects.filter(user=user),
            **kwargs,
        )


# -- 비밀번호 찾기 ---------------------------------------------------------------------------
class PasswordResetView(allauth_views.PasswordResetView):
    """allauth's reset request (the same answer whether or not the address belongs to a
    member; the link works once and expires after PASSWORD_RESET_TIMEOUT), limited per
    client address and per address asked about, so nobody can flood a member's inbox."""

    def post(self, request, *args, **kwargs):
        if RESET_ADDRESS_THROTTLE.hit(address_bucket(request)):
            return too_many_attempts(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if RESET_ACCOUNT_THROTTLE.hit(form.cleaned_data["email"].strip().lower()):
            return too_many_attempts(request=self.request)
        return super().form_valid(form)


# -- 내 정보 내려받기 ------------------------------------------------------------------------
EXPORT_FORMATS = ("json", "csv", "html")


class MyDataView(LoginRequiredMixin, TemplateView):
    """What the site keeps about the member, and the buttons to download it or to leave."""

    template_name = "accounts/my_data.html"


def _csv_export(data):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 (Korean) only with a BOM
    writer = csv.writer(buffer)
    writer.writerow([_("Profile")])
    for key, value in data["profile"].items():
        writer.writerow([key, json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value])
    for owner in personal_data.registered():
        rows = data.get(owner.name)
        if rows is None:
            continue
        writer.writerow([])
        writer.writerow([owner.name])
        columns = list(owner.columns or (rows[0].keys() if rows else []))
        writer.writerow([str((owner.columns or {}).get(key, key)) for key in columns])
        for row in rows:
            writer.writerow([row.get(key, "") for key in columns])
    return buffer.getvalue()


def _readable(key, value):
    """A cell of the web-page export: times in the site's time zone, flags as 예/아니요, links."""
    if isinstance(value, bool):
        return {"kind": "flag", "value": value}
    if key.endswith("_at") and isinstance(value, str) and value:
        return {"kind": "time", "value": timezone.localtime(datetime.datetime.fromisoformat(value))}
    if key == "url":
        return {"kind": "link", "value": value}
    return {"kind": "text", "value": value}


class ExportView(LoginRequiredMixin, View):
    """The download itself, generated on request (never cached, never stored)."""

    def get(self, request, fmt):
        if fmt not in EXPORT_FORMATS:
            raise Http404
        data = personal_data.export(request.user)
        stamp = timezone.localtime().strftime("%Y%m%d")
        filename = f"my-data-{stamp}.{fmt}"
        if fmt == "json":
            body = json.dumps(data, ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        elif fmt == "csv":
            response = HttpResponse(_csv_export(data), content_type="text/csv; charset=utf-8")
        else:
            sections = [
                {
                    "name": owner.name,
                    "titles": list((owner.columns or {}).values()),
                    "rows": [
                        [_readable(key, row.get(key, "")) for key in owner.columns or {}]
                        for row in data[owner.name]
                    ],
                }
                for owner in personal_data.registered()
                if owner.name in data
            ]
            html = render_to_string(
                "accounts/export.html",
                {
                    "profile": data["profile"],
                    "joined": request.user.date_joined,
                    "last_login": request.user.last_login,
                    "sections": sections,
                    "generated_at": timezone.now(),
                },
                request=request,
            )
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


# -- 회원 탈퇴 --------------------------------------------------------------------------------
LOGIN_AT_SESSION_KEY = "accounts_login_at"
# A member without a password (social login only) re-authenticates with the provider:
# the erasure is accepted within this many seconds of that login.
REAUTH_WINDOW = 5 * 60


def record_login_time(sender, request, user, **kwargs):
    """user_logged_in receiver: when this session last logged in (any method)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = int(time.time())


def recently_logged_in(request):
    return time.time() - request.session.get(LOGIN_AT_SESSION_KEY, 0) < REAUTH_WINDOW


class DeleteAccountView(LoginRequiredMixin, FormView):
    form_class = DeleteAccountForm
    template_name = "accounts/delete.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and (request.user.is_staff or request.user.is_superuser):
            # Authors' posts and the operator's account need a person to hand them over.
            return render(request, "accounts/delete_staff.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if DELETE_THROTTLE.is_exceeded(request.user.pk):
            return too_many_attempts(request)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            needs_password=user.has_usable_password(),
            reauthenticated=recently_logged_in(self.request),
            social_accounts=SocialAccount.objects.filter(user=user),
            keep_comments=personal_data.keep_comments(),
            erased_name=personal_data.erased_name(),
            **kwargs,
        )

    def form_invalid(self, form):
        DELETE_THROTTLE.hit(self.request.user.pk)
        return super().form_invalid(form)

    def form_valid(self, form):
        user = self.request.user
        if not user.has_usable_password() and not recently_logged_in(self.request):
            form.add_error(None, _("Log in with your provider again, then confirm within five minutes."))
            return self.form_invalid(form)
        logout(self.request)
        personal_data.erase(user)
        messages.success(self.request, _("Your account and your personal data were erased. Goodbye."))
        return redirect(settings.LOGIN_REDIRECT_URL)


# -- 개인정보 처리방침 ------------------------------------------------------------------------
class PrivacyView(TemplateView):
    """The privacy policy. Every figure comes from the settings the code runs with."""

    template_name = "accounts/privacy.html"

    def get_context_data(self, **kwargs):
        def days(seconds):
            return max(1, round(seconds / 86400))

        return super().get_context_data(
            session_days=days(settings.SESSION_COOKIE_AGE),
            purge_days=getattr(settings, "COMMENTS_PURGE_AFTER_DAYS", None),
            reset_hours=max(1, round(settings.PASSWORD_RESET_TIMEOUT / 3600)),
            confirm_days=settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS,
            keep_comments=personal_data.keep_comments(),
            erased_name=personal_data.erased_name(),
            language_cookie=settings.LANGUAGE_COOKIE_NAME,
            session_cookie=settings.SESSION_COOKIE_NAME,
            csrf_cookie=settings.CSRF_COOKIE_NAME,
            **kwargs,
        )


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
