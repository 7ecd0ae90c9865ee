"""A comment's number is fixed when it is posted (point 4 of issue 11): removing comment 2
of 4 leaves 3 and 4 as they were, a placeholder keeps its number, concurrent posts never
share one, and the migration numbers existing comments in posting order."""

import re

import pytest
from django.db import connection

from comments.models import ThreadedComment
from tests.factories import PostFactory

from .conftest import guest_data, make_comment, post_all_at_once


def shown_numbers(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    return [
        (int(pk), int(number))
        for pk, number in re.findall(
            r'<li class="comment[^"]*" id="comment-(\d+)">\s*<article[^>]*>\s*'
            r"(?:<img[^>]*>\s*)?(?:<header>\s*)?"
            r'<span class="comment__number"[^>]*>(\d+)</span>',
            html,
        )
    ]


def test_removing_comment_2_of_4_keeps_3_and_4(client, post):
    comments = [make_comment(post, f"댓글 {i}", name=f"손님{i}") for i in range(1, 5)]
    assert [c.number for c in comments] == [1, 2, 3, 4]
    assert shown_numbers(client, post) == [(c.pk, n) for c, n in zip(comments, [1, 2, 3, 4], strict=True)]

    comments[1].soft_delete()  # no replies: it disappears, leaving a gap
    assert shown_numbers(client, post) == [(comments[0].pk, 1), (comments[2].pk, 3), (comments[3].pk, 4)]

    fifth = make_comment(post, "다섯째")
    assert fifth.number == 5  # never the freed 2


def test_a_placeholder_keeps_its_number(client, post):
    first = make_comment(post, "첫째")
    second = make_comment(post, "둘째")
    make_comment(post, "둘째에 답글", parent=second)
    third = make_comment(post, "셋째")
    second.soft_delete()
    assert shown_numbers(client, post) == [(first.pk, 1), (second.pk, 2), (third.pk, 3)]
    html = client.get(post.get_absolute_url()).content.decode()
    assert "삭제된 댓글입니다" in html


def test_replies_have_no_number_and_numbers_are_per_object(post):
    other_post = PostFactory()
    root = make_comment(post, "뿌리")
    reply = make_comment(post, "답글", parent=root)
    elsewhere = make_comment(other_post, "다른 글에")
    reply.refresh_from_db()
    assert (root.number, reply.number, elsewhere.number) == (1, None, 1)
    assert ThreadedComment.objects.get(pk=root.pk).number == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_comments_get_distinct_numbers(post):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    from django.conf import settings
    from django.contrib.sites.models import Site

    # A transactional test may have flushed the sites table before this one.
    Site.objects.get_or_create(pk=settings.SITE_ID, defaults={"domain": "testserver", "name": "test"})
    writers = 12
    results = post_all_at_once(
        [guest_data(post, comment=f"동시 댓글 {i}", name=f"동시{i}") for i in range(writers)]
    )
    assert [status for status, _ in results] == [302] * writers, results
    numbers = sorted(ThreadedComment.objects.filter(object_pk=str(post.pk)).values_list("number", flat=True))
    assert numbers == list(range(1, writers + 1))


def test_the_migration_numbers_existing_comments_in_posting_order(post):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("comments.migrations.0010_comment_number").number_threads
    other_post = PostFactory()
    a = make_comment(post, "a")
    b = make_comment(post, "b")
    reply = make_comment(post, "b의 답글", parent=b)
    c = make_comment(post, "c")
    z = make_comment(other_post, "z")
    b.soft_delete()
    ThreadedComment.objects.update(number=None)  # as before the migration

    backfill(apps, None)
    numbers = dict(ThreadedComment.objects.values_list("pk", "number"))
    assert numbers == {a.pk: 1, b.pk: 2, reply.pk: None, c.pk: 3, z.pk: 1}
