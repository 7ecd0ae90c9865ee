"""The tree: order, level, nested_count; edits keep history; soft delete keeps replies."""

import pytest
from django.contrib.auth.hashers import identify_hasher

from comments.models import CommentRevision, ThreadedComment
from comments.text import render_text

from .conftest import GUEST_PASSWORD, make_comment

pytestmark = pytest.mark.django_db


def tree(post):
    return list(
        ThreadedComment.objects.filter(object_pk=str(post.pk))
        .order_by("thread_id", "order")
        .values_list("comment", "level", "order", "nested_count")
    )


def test_top_level_comment_is_its_own_thread(post):
    c = make_comment(post, "a")
    c.refresh_from_db()
    assert (c.thread_id, c.parent_id, c.level, c.order) == (c.pk, c.pk, 0, 1)


def test_replies_are_ordered_depth_first_with_nested_counts(post):
    a = make_comment(post, "a")
    a1 = make_comment(post, "a1", parent=a)
    make_comment(post, "a2", parent=a)
    make_comment(post, "a1x", parent=a1)
    b = make_comment(post, "b")
    assert tree(post) == [
        ("a", 0, 1, 3),
        ("a1", 1, 2, 1),
        ("a1x", 2, 3, 0),
        ("a2", 1, 4, 0),
        ("b", 0, 1, 0),
    ]
    assert ThreadedComment.objects.get(pk=b.pk).thread_id == b.pk


def test_resaving_does_not_inflate_nested_count(post):
    a = make_comment(post, "a")
    reply = make_comment(post, "a1", parent=a)
    for _ in range(3):
        ThreadedComment.objects.get(pk=reply.pk).save()
        ThreadedComment.objects.get(pk=a.pk).save()
    assert ThreadedComment.objects.get(pk=a.pk).nested_count == 1


def test_soft_delete_keeps_replies_public(post):
    a = make_comment(post, "a")
    reply = make_comment(post, "a1", parent=a)
    a.soft_delete()
    reply.refresh_from_db()
    a.refresh_from_db()
    assert a.is_removed and a.removed_at is not None
    assert reply.is_public and not reply.is_removed
    assert a.nested_count == 1


def test_edit_keeps_previous_version(post, member):
    c = make_comment(post, "처음 글", user=member)
    c.edit("고친 글", is_secret=False, by_user=member)
    c.refresh_from_db()
    assert c.comment == "고친 글" and c.edited_at is not None
    revision = CommentRevision.objects.get(comment=c)
    assert revision.text == "처음 글" and revision.edited_by == member


def test_guest_password_is_stored_as_django_hash_only(post):
    c = make_comment(post)
    assert GUEST_PASSWORD not in c.guest_password
    assert identify_hasher(c.guest_password)
    assert c.check_guest_password(GUEST_PASSWORD)
    assert not c.check_guest_password("wrong")


def test_render_text_escapes_keeps_lines_and_links_urls():
    html = render_text('<b>hi</b>\n둘째 줄 https://example.com/a?b=1&c=2 "q"')
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<br>" in html
    assert 'href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener"' in html
