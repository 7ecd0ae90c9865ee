"""Confirming an address before reply notifications go to it (NotificationAddress).

The rule, in one place: a reply notification goes only to a confirmed address; an
unconfirmed one gets, at most once a day, a mail that quotes nothing (no comment text, no
nickname: both are the requester's words) with a signed link to a page with one button.
A member's address follows the same rule."""

from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import NotificationAddress

CONFIRM_SALT = "comments.confirm-address"
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60  # a confirmation link works for a week
ASK_AGAIN_AFTER = timedelta(days=1)  # at most one confirmation mail a day per address


def normalise(email):
    return (email or "").strip().lower()


def is_confirmed(email):
    return NotificationAddress.objects.filter(email=normalise(email), confirmed_at__isnull=False).exists()


def token_for(email):
    return signing.dumps(normalise(email), salt=CONFIRM_SALT)


def email_from_token(token):
    try:
        email = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return email if isinstance(email, str) and "@" in email else None


def should_ask(email):
    """True (and remembered) when `email` is unconfirmed and was not asked in the last day."""
    email = normalise(email)
    if not email:
        return False
    try:
        with transaction.atomic():
            NotificationAddress.objects.get_or_create(email=email)
    except IntegrityError:  # created by a concurrent request: the row is there now
        pass
    now = timezone.now()
    due = Q(asked_at__isnull=True) | Q(asked_at__lt=now - ASK_AGAIN_AFTER)
    return (
        NotificationAddress.objects.filter(due, email=email, confirmed_at__isnull=True).update(asked_at=now)
        == 1
    )


def confirm(email):
    email = normalise(email)
    NotificationAddress.objects.update_or_create(email=email, defaults={"confirmed_at": timezone.now()})
