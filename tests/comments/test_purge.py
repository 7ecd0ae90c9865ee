"""purge_removed_comments: deletes removed comments older than --days, keeps placeholders
that still hold live replies, records each deletion, --dry-run deletes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from comments.models import ModerationAction, ThreadedComment

from .conftest import make_comment

pytestmark = pytest.mark.django_db


def removed(post, text, days_ago, parent=None):
    c = make_comment(post, text, parent=parent)
    c.soft_delete()
    ThreadedComment.norel_objects.filter(pk=c.pk).update(
        removed_at=timezone.now() - timezone.timedelta(days=days_ago)
    )
    return c


def run(*args):
    out = StringIO()
    call_command("purge_removed_comments", *args, stdout=out)
    return out.getvalue()


def test_deletes_old_removed_comments_and_logs_them(post):
    old = removed(post, "오래전 삭제", 100)
    recent = removed(post, "최근 삭제", 10)
    live = make_comment(post, "살아있는 댓글")
    output = run()
    assert f"#{old.pk}" in output and "Deleted 1 comment" in output
    assert set(ThreadedComment.objects.values_list("pk", flat=True)) == {recent.pk, live.pk}
    entry = ModerationAction.objects.get(action="purge")
    assert (entry.comment_number, entry.excerpt, entry.comment) == (old.pk, "오래전 삭제", None)


def test_a_placeholder_with_live_replies_stays(client, post):
    parent = removed(post, "부모 삭제", 200)
    make_comment(post, "살아있는 답글", parent=parent)
    output = run("--days", "30")
    assert "Kept 1" in output and ThreadedComment.objects.filter(pk=parent.pk).exists()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "삭제된 댓글입니다" in html and "살아있는 답글" in html


def test_a_removed_thread_goes_whole(post):
    parent = removed(post, "부모", 200)
    child = removed(post, "자식", 200, parent=parent)
    run()
    assert not ThreadedComment.objects.filter(pk__in=[parent.pk, child.pk]).exists()
    assert ModerationAction.objects.filter(action="purge").count() == 2


def test_dry_run_deletes_nothing(post):
    old = removed(post, "오래전", 100)
    output = run("--dry-run")
    assert "Would delete" in output and ThreadedComment.objects.filter(pk=old.pk).exists()
    assert not ModerationAction.objects.exists()


def test_days_follow_the_setting_and_the_option(post, settings):
    settings.COMMENTS_PURGE_AFTER_DAYS = 5
    c = removed(post, "6일 전", 6)
    run("--days", "7")
    assert ThreadedComment.objects.filter(pk=c.pk).exists()
    call_command("purge_removed_comments", stdout=StringIO())
    assert not ThreadedComment.objects.filter(pk=c.pk).exists()
    with pytest.raises(CommandError):
        run("--days", "0")


def test_page_still_renders_after_a_purge(post):
    parent = make_comment(post, "남는 부모")
    removed(post, "지워질 답글", 100, parent=parent)
    run()
    assert Client().get(post.get_absolute_url()).status_code == 200
