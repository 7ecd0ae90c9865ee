"""`manage.py requeue_stalled_tasks [--older-than SECONDS]`: tasks a dead worker left RUNNING
go back in the queue.

A worker stopped with SIGTERM finishes its task first (core/mail.py), but one killed outright
(SIGKILL, the OOM killer, power lost) leaves its task marked RUNNING, and django-tasks-db never
looks at it again: that mail would never be sent. No task of ours runs anywhere near
`--older-than` (a mail's SMTP conversation is bounded by EMAIL_TIMEOUT), so a task RUNNING for
longer has no worker. It is put back as READY and the next worker sends it.

The price is at-least-once: a worker killed after the SMTP server accepted the message but
before it marked the task done sends that mail twice. A duplicate notification is better than
a password-reset mail that never arrives.

Run by every worker's systemd unit before it starts (deploy/systemd/blog-worker@.service) and
by `make serve`.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

DEFAULT_SECONDS = 15 * 60


class Command(BaseCommand):
    help = "Put tasks left RUNNING by a worker that died back in the queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=DEFAULT_SECONDS,
            help=f"seconds a task must have been RUNNING (default {DEFAULT_SECONDS})",
        )

    def handle(self, *args, older_than, **options):
        cutoff = timezone.now() - timedelta(seconds=older_than)
        stalled = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        count = stalled.update(status=TaskResultStatus.READY)
        self.stdout.write(f"{count} stalled task(s) put back in the queue")
