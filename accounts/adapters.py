"""How django-allauth fits this site: our nickname, our throttled login page, a social
login that never takes over an existing member by email alone."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url

from core.text import without_line_control_characters


def user_display(user):
    return user.display_name


def _clean_nickname(value):
    return without_line_control_characters(str(value or "")).strip()[:30]


def provider_nickname(sociallogin, data):
    """The name the provider knows the member by: Kakao's profile nickname, Naver's
    nickname (or name), Google's name. The member can change it on the profile page."""
    extra = sociallogin.account.extra_data or {}
    candidates = [
        (extra.get("kakao_account") or {}).get("profile", {}).get("nickname"),
        (extra.get("properties") or {}).get("nickname"),
        extra.get("nickname"),
        extra.get("name"),
        data.get("name"),
        data.get("username"),
    ]
    return next((name for name in map(_clean_nickname, candidates) if name), "")


def site_for_emails():
    """The site as emails name it: SITE_NAME and the host of SITE_URL (django.contrib.sites'
    row says example.com unless someone edits it)."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def login(self, request, user):
        """Social logins and email-confirmation logins end here without authenticate() (there
        is no password to check; the provider or the emailed key vouched). The session then
        remembers Django's ModelBackend, never django-axes' (which sits first in
        AUTHENTICATION_BACKENDS and cannot load a user)."""
        if not hasattr(user, "backend"):
            user.backend = "django.contrib.auth.backends.ModelBackend"
        super().login(request, user)

    def format_email_subject(self, subject):
        return f"[{settings.SITE_NAME}] {subject}"

    def send_mail(self, template_prefix, email, context):
        # Sent with Django's mail API (EMAIL_BACKEND decides how and when).
        return super().send_mail(template_prefix, email, {"current_site": site_for_emails(), **context})


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        # Providers' display names are not unique (two people are called 하늘 on Kakao):
        # they become the nickname, and allauth makes a unique username.
        user.nickname = provider_nickname(sociallogin, data)
        user.username = ""
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        if not user.nickname:
            user.nickname = user.username
            user.save(update_fields=["nickname"])
        return user
