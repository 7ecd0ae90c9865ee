"""Every email leaves through the task queue: the one place where mail is routed.

`EMAIL_BACKEND = "core.mail.QueuedEmailBackend"` turns each `send_mail`, `EmailMessage.send()`
or Django's password-reset mail into a row in the task queue (django-tasks with its database
backend): the request that sent it only writes that row and never talks to SMTP, so a slow or
hung mail server cannot hold a reader's comment POST. A worker process (`manage.py db_worker`)
sends the message with the real backend named by `EMAIL_DELIVERY_BACKEND` (SMTP in production).

Retries: when delivery fails, the task schedules a new attempt `EMAIL_RETRY_BACKOFF * 2**n`
seconds later (at most `EMAIL_RETRY_MAX_DELAY`), up to `EMAIL_MAX_ATTEMPTS` attempts, then
logs an error. The queue lives in the database, so a queued mail survives a worker restart (and
a Redis restart); each message is its own task, so a retry never re-sends another recipient's
mail. A worker stopped with SIGTERM finishes the message it is sending first.
"""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def serialize(message):
    """An EmailMessage as JSON-safe data (task arguments are stored as JSON)."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):  # a MIMEBase object: send its bytes
            attachments.append(
                {"raw": base64.b64encode(attachment.as_bytes()).decode(), "mimetype": None, "name": None}
            )
            continue
        name, content, mimetype = attachment
        data = content.encode() if isinstance(content, str) else content
        attachments.append({"name": name, "mimetype": mimetype, "b64": base64.b64encode(data).decode()})
    return {
        "subject": _text(message.subject),
        "body": _text(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [list(alt) for alt in getattr(message, "alternatives", [])],
        "content_subtype": message.content_subtype,
        "attachments": attachments,
    }


def deserialize(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in data["attachments"]:
        if attachment.get("b64") is not None:
            content = base64.b64decode(attachment["b64"])
            message.attach(attachment["name"], content, attachment["mimetype"])
    return message


def retry_delay(attempt):
    """Seconds to wait before attempt number `attempt + 1` (exponential backoff)."""
    return min(settings.EMAIL_RETRY_BACKOFF * 2**attempt, settings.EMAIL_RETRY_MAX_DELAY)


@task()
def deliver_email(message, attempt=0):
    """Send one queued message with the real backend; on failure schedule the next attempt."""
    recipients = len(message["to"]) + len(message["cc"]) + len(message["bcc"])
    try:
        connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
        sent = connection.send_messages([deserialize(message)])
    except Exception as error:
        sent, failure = 0, error
    else:
        if sent:
            return sent
        failure = "the backend sent nothing"
    attempt += 1
    if attempt >= settings.EMAIL_MAX_ATTEMPTS:
        # Never the address itself in the log: only how many recipients were lost.
        log.error("email to %d recipient(s) given up after %d attempts: %s", recipients, attempt, failure)
        return 0
    delay = retry_delay(attempt - 1)
    log.warning(
        "email to %d recipient(s) failed (attempt %d), retrying in %ss: %s",
        recipients,
        attempt,
        delay,
        failure,
    )
    run_after = timezone.now() + timedelta(seconds=delay)
    # A retry waits behind fresh mail (lower priority): one failing address never starves the
    # queue, since tasks without a delay sort after every delayed one by run_after.
    priority = max(-attempt, -100)
    deliver_email.using(run_after=run_after, priority=priority).enqueue(message, attempt)
    return 0


class QueuedEmailBackend(BaseEmailBackend):
    """An email backend that only enqueues: one task per message, sent by the worker."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                deliver_email.enqueue(serialize(message))
            except Exception:
                if not self.fail_silently:
                    raise
                log.exception("email could not be queued")
                continue
            count += 1
        return count
