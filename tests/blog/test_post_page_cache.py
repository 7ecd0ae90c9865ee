"""The post page for an anonymous reader with the page cache off (the cold render): the
post row, its surroundings, the sidebar and the comment section come from the shared
cache, so a warm page costs no query; any change to the post shows at once."""

import pytest
from django.test import Client
from django.urls import reverse

from blog.models import Post
from tests.comments.conftest import make_comment
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_a_warm_anonymous_post_page_costs_no_query(post, django_assert_num_queries):
    PostFactory(author=post.author, category=post.category, tags=["커피"])
    for n in range(5):
        make_comment(post, text=f"댓글 {n}")
    url = post.get_absolute_url()
    assert Client().get(url).status_code == 200
    with django_assert_num_queries(0):
        response = Client().get(url)
    assert response.status_code == 200 and "댓글 4" in response.content.decode()
    assert post.title in response.content.decode()


def test_a_post_edit_shows_at_once(post):
    reader = Client()
    assert post.title in reader.get(post.get_absolute_url()).content.decode()
    post.title = "바뀐 제목"
    post.save()
    assert "바뀐 제목" in reader.get(post.get_absolute_url()).content.decode()
    post.status = Post.Status.DRAFT
    post.save()
    assert reader.get(post.get_absolute_url()).status_code == 404


def test_a_reader_with_a_session_sees_their_like_counted_at_once(post, member):
    anonymous = Client()
    assert "data-like-count>0<" in anonymous.get(post.get_absolute_url()).content.decode()
    client = Client()
    client.force_login(member)
    assert client.post(reverse("blog:post_like", args=[post.slug]), {"choice": "like"}).status_code == 302
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html and "data-like-count>1<" in html


def test_the_next_anonymous_reader_sees_a_guests_like_at_once(post):
    url = post.get_absolute_url()
    assert "data-like-count>0<" in Client().get(url).content.decode()  # the shared row is kept
    guest = Client()
    liked = guest.post(
        reverse("blog:post_like", args=[post.slug]),
        {"choice": "like"},
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ACCEPT="application/json",
    )
    assert liked.json() == {"liked": True, "count": 1}
    assert "data-like-count>1<" in Client().get(url).content.decode()


def test_the_sidebar_follows_posts_and_language_at_once(post):
    reader = Client()
    assert '<span class="count">(1)</span>' in reader.get("/").content.decode()
    PostFactory(author=post.author, category=post.category)
    html = reader.get(post.get_absolute_url()).content.decode()
    assert f'{post.category.name}</a> <span class="count">(2)</span>' in html
    assert 'id="sidebar-categories">카테고리<' in html
    reader.cookies["django_language"] = "en"
    assert 'id="sidebar-categories">Categories<' in reader.get(post.get_absolute_url()).content.decode()


def test_an_unknown_post_is_looked_for_once(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(reverse("blog:post", args=["없는-글"]))
    assert response.status_code == 404
    lookups = [q["sql"] for q in queries if '"blog_post"."slug" =' in q["sql"]]
    assert len(lookups) == 1, lookups


def test_a_draft_seen_by_its_author_is_never_shared_with_anonymous_readers(author):
    draft = PostFactory(author=author, title="아직 쓰는 글", status=Post.Status.DRAFT)
    writer = Client()
    writer.force_login(author)
    assert writer.get(draft.get_absolute_url()).status_code == 200  # the author's preview
    assert Client().get(draft.get_absolute_url()).status_code == 404
