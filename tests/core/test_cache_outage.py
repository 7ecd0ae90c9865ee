"""Redis down: every cache use goes through core.cache.ResilientRedisCache, which answers
"no cache" on any error, so no page fails. The cache below is the production backend pointed
at a port nothing listens on, with the breaker off, so every single call really fails."""

import asyncio

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from comments.models import Guestbook, ThreadedComment
from core.cache import CacheUnavailable, ResilientRedisCache
from core.throttle import Throttle
from tests.comments.conftest import comment_data, guest_data, make_comment
from tests.factories import AuthorFactory, CategoryFactory, ModeratorFactory, PostFactory, UserFactory

REDIS_DOWN = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"BREAKER_SECONDS": 0},
    }
}


@override_settings(CACHES=REDIS_DOWN)
def test_every_cache_call_answers_like_no_cache():
    with pytest.raises(CacheUnavailable):
        cache.strict.get("k")  # the cache really is down
    assert cache.get("k") is None
    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is True
    assert cache.set("k", 1) is None
    assert cache.get_or_set("k", 5) == 5
    assert cache.touch("k") is False
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete_many(["a", "b"]) is None
    with pytest.raises(ValueError):
        cache.incr("k")
    with pytest.raises(ValueError):
        cache.decr("k")
    assert cache.clear() is False
    assert asyncio.run(cache.aget("k", "async")) == "async"


def test_the_breaker_stops_asking_after_a_failure():
    backend = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"BREAKER_SECONDS": 60}})
    assert backend.get("k", "x") == "x"  # fails, trips the breaker
    assert not backend.breaker.allows()
    # While open, not even the connection pool is touched.
    backend._cache._pools.clear()
    assert backend.get("k", "y") == "y"
    assert backend._cache._pools == {}
    with pytest.raises(CacheUnavailable, match="breaker is open"):
        backend.strict.get("k")


@pytest.mark.django_db
@override_settings(CACHES=REDIS_DOWN)
def test_the_page_tour_with_the_cache_failing_on_every_call():
    author = AuthorFactory(nickname="하늘")
    category = CategoryFactory(name="여행")
    post = PostFactory(author=author, category=category, tags=["바다"])
    comment = make_comment(post, text="첫 댓글")
    make_comment(Guestbook.get(), text="방명록")
    year, month = post.published_at.year, post.published_at.month
    pages = [
        "/",
        post.get_absolute_url(),
        reverse("blog:category", kwargs={"slug": category.slug}),
        reverse("blog:tag", kwargs={"slug": "바다"}),
        reverse("blog:archive_year", kwargs={"year": year}),
        reverse("blog:archive_month", kwargs={"year": year, "month": month}),
        reverse("blog:author", kwargs={"username": author.username}),
        reverse("blog:search") + "?q=댓글",
        reverse("blog:feed"),
        reverse("blog:post_comments_feed", kwargs={"slug": post.slug}),
        reverse("sitemap"),
        reverse("comments:guestbook"),
    ]
    readers = {
        "anonymous": Client(),
        "member": Client(),
        "author": Client(),
        "moderator": Client(),
        "superuser": Client(),
    }
    readers["member"].force_login(UserFactory())
    readers["author"].force_login(author)
    readers["moderator"].force_login(ModeratorFactory())
    readers["superuser"].force_login(UserFactory(is_staff=True, is_superuser=True))
    for role, client in readers.items():
        for url in pages:
            assert client.get(url).status_code == 200, (role, url)
        assert client.get(reverse("comments:permalink", args=[comment.pk])).status_code == 302
        if role in {"moderator", "superuser", "author"}:
            assert client.get(reverse("comments:moderation")).status_code == 200, role
        if role == "anonymous":
            assert client.get(reverse("accounts:login")).status_code == 200
        if role == "member":
            assert client.get(reverse("accounts:profile")).status_code == 200
        # Writing still works: a comment and a like.
        data = guest_data(post) if role == "anonymous" else comment_data(post)
        data["comment"] = f"캐시 없이 쓴 댓글 ({role})"
        response = client.post(reverse("comments:post"), data)
        assert response.status_code == 302, (role, response.status_code)
        like = client.post(reverse("blog:post_like", kwargs={"slug": post.slug}))
        assert like.status_code in (200, 302), (role, like.status_code)
    assert ThreadedComment.objects.filter(comment__startswith="캐시 없이").count() == len(readers)
    # The site's login works too (django-axes counts in the database).
    UserFactory(username="reader")
    login = Client().post(reverse("accounts:login"), {"username": "reader", "password": "pass-word-123"})
    assert login.status_code == 302


@override_settings(CACHES=REDIS_DOWN)
def test_limits_do_not_fail_open_while_redis_is_down():
    """Counted in process memory while the shared counter cannot answer."""
    throttle = Throttle("outage", limit=2, window=60)
    assert [throttle.hit("x") for _ in range(3)] == [False, False, True]
    assert throttle.is_exceeded("x")
    assert not throttle.is_exceeded("y")
    throttle.reset("x")
    assert not throttle.is_exceeded("x")
