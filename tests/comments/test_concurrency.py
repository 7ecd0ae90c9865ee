"""30 replies at once, from separate connections, to comments of one thread (PostgreSQL)."""

import random
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test import Client

from comments.models import ThreadedComment

from .conftest import guest_data, make_comment, post_all_at_once

WRITERS = 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_keep_the_tree_consistent(post):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    root = make_comment(post, "뿌리")
    a = make_comment(post, "a", parent=root)
    b = make_comment(post, "b", parent=root)
    a1 = make_comment(post, "a1", parent=a)
    targets = [root, a, b, a1]
    other_thread = make_comment(post, "다른 스레드")

    rng = random.Random(7)
    plan = [rng.choice(targets) for _ in range(WRITERS)]
    results = post_all_at_once(
        [
            guest_data(post, comment=f"동시 답글 {i}", name=f"손님{i}", reply_to=str(plan[i].pk))
            for i in range(WRITERS)
        ]
    )

    assert [status for status, _ in results] == [302] * WRITERS, results
    rows = list(
        ThreadedComment.norel_objects.filter(object_pk=str(post.pk)).values(
            "pk", "thread_id", "parent_id", "level", "order", "nested_count", "comment"
        )
    )
    assert len(rows) == 5 + WRITERS
    assert not [r for r in rows if r["thread_id"] == 0]
    by_pk = {r["pk"]: r for r in rows}
    thread = [r for r in rows if r["thread_id"] == root.pk]
    assert len(thread) == 4 + WRITERS
    orders = sorted(r["order"] for r in thread)
    assert orders == list(range(1, len(thread) + 1)), Counter(orders).most_common(3)
    descendants = defaultdict(int)
    for r in thread:
        if r["pk"] != root.pk:
            parent = by_pk[r["parent_id"]]
            assert r["level"] == parent["level"] + 1
            node = parent
            while True:
                descendants[node["pk"]] += 1
                if node["pk"] == node["parent_id"]:
                    break
                node = by_pk[node["parent_id"]]
    for r in thread:
        assert r["nested_count"] == descendants[r["pk"]], r
    # Depth-first order: every reply comes after its parent and before the parent's
    # next sibling subtree.
    ordered = sorted(thread, key=lambda r: r["order"])
    position = {r["pk"]: i for i, r in enumerate(ordered)}
    for r in thread:
        if r["pk"] != root.pk:
            p = position[r["parent_id"]]
            assert p < position[r["pk"]] <= p + by_pk[r["parent_id"]]["nested_count"]
    # Every acknowledged comment is in the database and on the page.
    html = Client().get(post.get_absolute_url()).content.decode()
    for i in range(WRITERS):
        assert f"동시 답글 {i}" in html
    assert by_pk[other_thread.pk]["nested_count"] == 0
