"""SQL queries on the post page for every kind of reader: at most 8, whatever the number of
comments, tags or posts, once the page's surroundings are cached (they are rebuilt only
after a post changes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.comments.conftest import guest_data, make_comment, post_comment
from tests.factories import ModeratorFactory, PostFactory, UserFactory

MAX_QUERIES = 8


def _reader(kind, client, post):
    if kind == "guest":  # a guest who wrote a comment here: a session with their comment
        assert post_comment(client, post, guest_data(post, comment="손님 댓글")).status_code == 302
    elif kind == "member":
        client.force_login(UserFactory())
    elif kind == "author":
        client.force_login(post.author)
    elif kind == "moderator":
        client.force_login(ModeratorFactory())
    return client


@pytest.mark.parametrize("kind", ["anonymous", "guest", "member", "author", "moderator"])
@pytest.mark.parametrize("comments", [3, 120])
def test_post_page_queries_for_every_reader(client, author, kind, comments, django_assert_max_num_queries):
    post = PostFactory(author=author, tags=["커피", "여행", "서울"])
    for _ in range(4):
        PostFactory(author=author, category=post.category, tags=["커피"])
    for n in range(comments):
        make_comment(post, text=f"댓글 {n}")
    _reader(kind, client, post)
    url = post.get_absolute_url()
    assert client.get(url).status_code == 200  # warms the surroundings and the sidebar
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "댓글 0" in response.content.decode() or comments > 50


def test_the_count_does_not_grow_with_comments(client, author):
    counts = []
    for comments in (2, 80):
        post = PostFactory(author=author)
        for n in range(comments):
            make_comment(post, text=f"댓글 {n}")
        client.get(post.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(post.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
