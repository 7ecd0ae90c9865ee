"""Emails about comments: to the owners of the commented object (a new comment, a comment
hidden by reports), to moderators (a newly hidden comment) and to a writer who asked to
hear about replies. Queued after the transaction commits (EMAIL_BACKEND puts every mail in the
task queue, core.mail; a worker sends it, so the reader's request never waits on SMTP); a
failure is logged and never shown to the reader. Emails are in Korean with absolute links
from SITE_URL."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.emails import has_confirmed_email, with_confirmed_email

from . import addresses
from .models import ThreadedComment
from .roles import moderator_users, owner_ids_of

log = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "comments.reply-unsubscribe"
EMAIL_LANGUAGE = "ko"


def site_url():
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute(path):
    return f"{site_url()}{path}"


def _render(template, context):
    with translation.override(EMAIL_LANGUAGE):
        text = render_to_string(template, {"site_name": settings.SITE_NAME, **context})
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def _deliver(messages):
    for subject, body, address, headers in messages:
        try:
            if headers:
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address], headers=headers).send()
            else:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:
            log.exception("comment email could not be queued")  # never the address in logs


def send_later(messages):
    """Send after the current transaction commits (at once outside one)."""
    messages = [m for m in messages if m[2]]
    if messages:
        transaction.on_commit(lambda: _deliver(messages))


def owner_emails(obj):
    ids = owner_ids_of(obj)
    if not ids:
        return {}
    users = with_confirmed_email(get_user_model().objects.filter(pk__in=ids, is_active=True))
    return {u.pk: u.email for u in users}


def _context(comment):
    obj = comment.content_object
    return {
        "comment": comment,
        "obj": obj,
        "comment_url": absolute(reverse("comments:permalink", args=[comment.pk])),
        "moderation_url": absolute(reverse("comments:moderation")),
        "excerpt": (comment.comment or "")[:300],
    }


def comment_posted(comment):
    """A new comment (public or held): tell the object's owners; a public reply also
    tells the parent's writer if they asked for it."""
    obj = comment.content_object
    if obj is None:
        return
    ctx = _context(comment)
    messages = []
    subject, body = _render("comments/email/new_comment.txt", ctx)
    for user_id, address in owner_emails(obj).items():
        if user_id != comment.user_id:
            messages.append((subject, body, address, None))
    if comment.is_public:
        messages += reply_messages(comment, skip={a for _s, _b, a, _h in messages})
    messages += confirmation_messages(comment)
    send_later(messages)


def confirmation_messages(comment):
    """A writer who asked for reply emails at an address not confirmed yet: one mail that
    quotes nothing, with the link that confirms it (comments/addresses.py)."""
    if comment.user_id:
        return []  # a member confirms the account's address (accounts), asked at sign-up
    if not comment.followup or not addresses.should_ask(comment.user_email):
        return []
    token = addresses.token_for(comment.user_email)
    url = absolute(reverse("comments:confirm_address", args=[token]))
    subject, body = _render("comments/email/confirm_address.txt", {"confirm_url": url})
    return [(subject, body, comment.user_email, None)]


def address_confirmed(comment):
    """May reply emails go to this comment's writer? A member's address is confirmed through
    their account (accounts.emails: sign-up and address changes send the link); a guest's
    through NotificationAddress (comments/addresses.py)."""
    if comment.user_id:
        return has_confirmed_email(comment.user) and comment.user.email.lower() == comment.user_email.lower()
    return addresses.is_confirmed(comment.user_email)


def comment_approved(comment):
    send_later(reply_messages(comment))


def reply_messages(comment, skip=()):
    if not comment.parent_id or comment.parent_id == comment.pk:
        return []
    if comment.is_secret:
        # Only its writer, the object's owners and moderators may read a secret reply; the
        # parent's writer is none of them, so they get no email quoting it.
        return []
    parent = ThreadedComment.norel_objects.filter(pk=comment.parent_id).first()
    if (
        parent is None
        or not parent.followup
        or not parent.user_email
        or parent.is_removed
        or not parent.is_public
    ):
        return []
    if comment.user_id and comment.user_id == parent.user_id:
        return []
    if parent.user_email.lower() == (comment.user_email or "").lower():
        return []
    if parent.user_email in skip or not address_confirmed(parent):
        return []
    token = signing.dumps(parent.pk, salt=UNSUBSCRIBE_SALT)
    unsubscribe = absolute(reverse("comments:unsubscribe", args=[token]))
    subject, body = _render(
        "comments/email/reply.txt",
        {
            **_context(comment),
            "parent": parent,
            "unsubscribe_url": unsubscribe,
        },
    )
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return [(subject, body, parent.user_email, headers)]


def comment_hidden(comment, report_count):
    """A comment reached the report threshold: its object's owners and every moderator."""
    obj = comment.content_object
    ctx = {**_context(comment), "report_count": report_count}
    addresses = set(owner_emails(obj).values()) if obj is not None else set()
    addresses |= set(with_confirmed_email(moderator_users()).values_list("email", flat=True))
    subject, body = _render("comments/email/hidden.txt", ctx)
    send_later([(subject, body, address, None) for address in sorted(addresses)])


def unsubscribe_comment_id(token):
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def stop_replies(comment):
    """No more reply emails for this comment (its unsubscribe link was used)."""
    ThreadedComment.norel_objects.filter(pk=comment.pk).update(followup=False)
    comment.followup = False
