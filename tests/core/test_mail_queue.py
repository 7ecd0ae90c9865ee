"""Mail goes through the task queue (core.mail): a request only writes a task row, the worker
(`manage.py db_worker`) sends it, a failed delivery is retried later with backoff, and every
sender — comment notifications and Django's password reset alike — takes that one road.
The multi-process proofs (a worker restart with the SMTP server down, a hung SMTP server)
are in tests/servers/."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import mail as queue
from tests.comments.conftest import guest_data, post_comment

pytestmark = pytest.mark.django_db
CLOSED_PORT = 8179  # nothing listens there: the SMTP server is down


@pytest.fixture
def queued(settings):
    settings.EMAIL_BACKEND = "core.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def run_worker():
    """The real `manage.py db_worker`, in batch mode. Its close_old_connections() between tasks
    would close the connection of the test's own transaction (PostgreSQL), so it is left out."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def ready_tasks():
    return DBTaskResult.objects.filter(status="READY")


def test_a_comment_post_only_queues_its_mail(
    client, post, author, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, post, data=guest_data(post, comment="큐로 가는 메일"))
    assert response.status_code == 302
    assert mail.outbox == []  # nothing sent during the request
    assert ready_tasks().count() == 1
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [author.email] and "큐로 가는 메일" in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    run_worker()  # nothing is sent twice
    assert len(mail.outbox) == 1


def test_account_mail_goes_through_the_queue_too(member, queued):
    # Django's own mail API as account mail uses it (User.email_user, password reset forms):
    # the same EMAIL_BACKEND, so the same queue.
    member.email_user("계정 메일", "본문")
    assert mail.outbox == [] and ready_tasks().count() == 1
    run_worker()
    assert [(m.subject, m.to) for m in mail.outbox] == [("계정 메일", [member.email])]


def test_html_alternatives_headers_and_attachments_survive_the_queue(queued):
    message = EmailMultiAlternatives(
        "제목 ✉",
        "본문",
        "blog@example.kr",
        ["a@example.kr"],
        cc=["b@example.kr"],
        headers={"List-Unsubscribe": "<x>"},
    )
    message.attach_alternative("<p>본문</p>", "text/html")
    message.attach("a.txt", "첨부", "text/plain")
    message.send()
    run_worker()
    (sent,) = mail.outbox
    assert (sent.subject, sent.body, sent.to, sent.cc) == (
        "제목 ✉",
        "본문",
        ["a@example.kr"],
        ["b@example.kr"],
    )
    assert sent.extra_headers["List-Unsubscribe"] == "<x>"
    assert sent.alternatives[0][0] == "<p>본문</p>"
    assert sent.attachments[0][0] == "a.txt" and sent.attachments[0][1] in {"첨부", "첨부".encode()}


def test_a_failed_delivery_is_retried_later_with_backoff_and_given_up_at_last(queued, caplog):
    queued.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    queued.EMAIL_HOST, queued.EMAIL_PORT, queued.EMAIL_USE_TLS = "127.0.0.1", CLOSED_PORT, False
    queued.EMAIL_RETRY_BACKOFF, queued.EMAIL_RETRY_MAX_DELAY, queued.EMAIL_MAX_ATTEMPTS = 10, 15, 3
    send_mail("제목", "본문", None, ["reader@example.kr"])
    before = timezone.now()
    with caplog.at_level(logging.WARNING, logger="core.mail"):
        run_worker()  # attempt 1 fails: attempt 2 waits 10 s
    (retry,) = ready_tasks()
    assert retry.args_kwargs["args"][1] == 1
    assert retry.priority == -1  # behind fresh mail
    assert before + timedelta(seconds=9) < retry.run_after < before + timedelta(seconds=12)
    run_worker()  # not due yet: nothing happens
    assert ready_tasks().get() == retry

    ready_tasks().update(run_after=timezone.now())
    run_worker()  # attempt 2 fails: attempt 3 waits min(20, 15) s
    (retry,) = ready_tasks()
    assert retry.args_kwargs["args"][1] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=13)

    ready_tasks().update(run_after=timezone.now())
    with caplog.at_level(logging.ERROR, logger="core.mail"):
        run_worker()  # attempt 3 fails: given up
    assert not ready_tasks().exists()
    assert "given up after 3 attempts" in caplog.text
    assert "reader@example.kr" not in caplog.text  # never an address in the log


def test_backoff_doubles_up_to_the_maximum(settings):
    settings.EMAIL_RETRY_BACKOFF, settings.EMAIL_RETRY_MAX_DELAY = 30, 3600
    assert [queue.retry_delay(n) for n in range(9)] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_mail_whose_worker_died_is_sent_after_requeue_stalled_tasks(queued):
    """A worker killed mid-send (SIGKILL) leaves its task RUNNING; django-tasks-db never takes
    it again. requeue_stalled_tasks, run before every worker starts, puts it back."""
    send_mail("비밀번호 재설정", "링크", "blog@localhost", ["member@example.kr"])
    send_mail("새 답글", "답글이 달렸습니다", "blog@localhost", ["reader@example.kr"])
    dead, recent = DBTaskResult.objects.order_by("enqueued_at")
    dead.claim("killed-worker")
    DBTaskResult.objects.filter(pk=dead.pk).update(started_at=timezone.now() - timedelta(hours=1))
    recent.claim("working-worker")  # a worker is sending this one right now: left alone
    run_worker()
    assert mail.outbox == []  # nothing READY: the dead worker's mail is stuck

    call_command("requeue_stalled_tasks", verbosity=0)
    run_worker()
    assert [message.subject for message in mail.outbox] == ["비밀번호 재설정"]
    assert DBTaskResult.objects.get(pk=recent.pk).status == "RUNNING"
