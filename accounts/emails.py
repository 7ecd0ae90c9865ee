"""Whose email address may receive notifications: a member's address counts once it is
confirmed. Sign-up (and a change of address) records the address as unconfirmed until the
member follows the link; an address the operator typed in the admin has no such record
and is trusted as the operator's word."""

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef


def _unconfirmed():
    return EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=False)


def with_confirmed_email(users):
    """`users` (a queryset) without those whose address waits for confirmation."""
    return users.exclude(email="").exclude(Exists(_unconfirmed()))


def has_confirmed_email(user):
    if not user.email:
        return False
    return not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=False).exists()
