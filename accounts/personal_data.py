"""A member's personal data across the site: 내 정보 내려받기 (export) and 회원 탈퇴 (erasure).

accounts sits below comments and blog and never imports them. Each app that keeps rows
about a member registers here, from its AppConfig.ready() (as comments/policy.py does for
commented objects)::

    from accounts import personal_data
    personal_data.register(
        "comments",
        export=lambda user: [...],          # JSON-ready rows for the download
        erase=lambda user, keep: None,      # runs inside the erasure's transaction
    )

`erase(user, keep_comments)` must leave no row of its app holding the member's id, email or
nickname (anonymised comments kept under ACCOUNTS_ERASED_NAME are the one exception the
setting allows). accounts itself then deletes what it owns: email addresses, social
accounts, sessions, admin log rows about the member, the avatar file, and the user row.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

KEEP = "keep"
REMOVE = "remove"

_registry: dict[str, "DataOwner"] = {}


@dataclass(frozen=True)
class DataOwner:
    name: str
    export: Callable | None = None  # user -> list of dicts (JSON-ready)
    erase: Callable | None = None  # (user, keep_comments: bool) -> None
    # Human-readable column titles for the CSV/HTML views of the export: {key: lazy str}.
    columns: dict | None = None


def register(name, export=None, erase=None, columns=None):
    _registry[name] = DataOwner(name=name, export=export, erase=erase, columns=columns)


def registered():
    return [_registry[name] for name in sorted(_registry)]


def erased_name():
    return getattr(settings, "ACCOUNTS_ERASED_NAME", "탈퇴한 사용자")


def keep_comments():
    """ACCOUNTS_ERASED_COMMENTS: "keep" (default: threads stay readable, anonymised) or "remove"."""
    return getattr(settings, "ACCOUNTS_ERASED_COMMENTS", KEEP) != REMOVE


# -- export ------------------------------------------------------------------------------
def profile_of(user):
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    return {
        "username": user.username,
        "nickname": user.nickname,
        "email": user.email,
        "email_confirmed": EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
        if user.email
        else False,
        "bio": user.bio,
        "homepage": user.homepage,
        "avatar": user.avatar.url if user.avatar else "",
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "social_accounts": [
            {"provider": account.provider, "connected_at": account.date_joined.isoformat()}
            for account in SocialAccount.objects.filter(user=user)
        ],
    }


def export(user):
    """Everything the site keeps about `user`, generated now."""
    data = {"profile": profile_of(user)}
    for owner in registered():
        if owner.export is not None:
            data[owner.name] = owner.export(user)
    return data


# -- erasure -----------------------------------------------------------------------------
def _session_engine():
    return import_module(settings.SESSION_ENGINE)


def _delete_sessions(user):
    """Log the member out everywhere. Sessions in the database are looked through (their
    data is encoded); other session stores keep no index by user, and their sessions fail
    on the next request anyway because the user row is gone."""
    from django.contrib.sessions.models import Session

    if not settings.SESSION_ENGINE.endswith(("sessions.backends.db", "sessions.backends.cached_db")):
        return
    store = _session_engine().SessionStore
    doomed = [
        session.session_key
        for session in Session.objects.iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    for key in doomed:
        store(session_key=key).delete()


def _forget_login_attempts(user):
    """django-axes keeps failed logins by the name typed (case-folded); with the account gone
    they only name the person."""
    from django.apps import apps

    if not apps.is_installed("axes"):
        return
    names = {user.username, user.username.casefold()}
    if user.email:
        names |= {user.email, user.email.casefold()}
    for model_name in ("AccessAttempt", "AccessFailureLog", "AccessLog"):
        apps.get_model("axes", model_name).objects.filter(username__in=names).delete()


def erase(user):
    """Erase `user` in one transaction (everything or nothing); the avatar file goes after
    the commit, since a deleted file cannot be rolled back."""
    keep = keep_comments()
    avatar_name = user.avatar.name if user.avatar else ""
    storage = user.avatar.storage if user.avatar else None
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        for owner in registered():
            if owner.erase is not None:
                owner.erase(user, keep)
        user_type = ContentType.objects.get_for_model(user)
        LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()
        _delete_sessions(user)
        _forget_login_attempts(user)
        # EmailAddress, SocialAccount (and its tokens), likes and other rows pointing at the
        # user with on_delete=CASCADE go with it; SET_NULL columns the owners cleared above.
        user.delete()
        if avatar_name:
            transaction.on_commit(lambda: storage.delete(avatar_name))
