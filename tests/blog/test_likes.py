"""공감 (likes): one per member, one per browser, counted right, with or without JavaScript."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from blog.likes import GUEST_LIKES_PER_ADDRESS, VISITOR_COOKIE
from blog.models import Post, PostLike
from tests.factories import PostFactory, UserFactory

JSON = {"HTTP_ACCEPT": "application/json"}


def like_url(post):
    return reverse("blog:post_like", args=[post.slug])


def shown_like(client, post):
    """(pressed, count) as the like button on the post page shows them."""
    html = client.get(post.get_absolute_url()).content.decode()
    button = re.search(r'<form id="like".*?</form>', html, re.S)[0]
    pressed = re.search(r'aria-pressed="(true|false)"', button)[1] == "true"
    count = int(re.search(r"data-like-count>(\d+)<", button)[1])
    action = re.search(r'name="choice" value="(\w+)"', button)[1]
    assert action == ("unlike" if pressed else "like")
    return pressed, count


@pytest.mark.django_db
class TestWithoutJavaScript:
    def test_member_likes_and_unlikes_with_a_plain_form(self, client, post, member):
        client.force_login(member)
        assert shown_like(client, post) == (False, 0)
        response = client.post(like_url(post), {"choice": "like"})
        assert response.status_code == 302
        assert response["Location"] == f"{post.get_absolute_url()}#like"
        assert shown_like(client, post) == (True, 1)
        client.post(like_url(post), {"choice": "like"})  # a second click on a stale page
        assert shown_like(client, post) == (True, 1)
        client.post(like_url(post), {"choice": "unlike"})
        assert shown_like(client, post) == (False, 0)

    def test_without_an_action_the_button_toggles(self, client, post, member):
        client.force_login(member)
        client.post(like_url(post))
        assert shown_like(client, post) == (True, 1)
        client.post(like_url(post))
        assert shown_like(client, post) == (False, 0)

    def test_one_like_per_member_and_per_browser(self, client, post):
        for _ in range(3):
            reader = Client()
            reader.force_login(UserFactory())
            reader.post(like_url(post), {"choice": "like"})
            reader.post(like_url(post), {"choice": "like"})
        guest = Client()
        guest.post(like_url(post), {"choice": "like"})
        guest.post(like_url(post), {"choice": "like"})
        Client().post(like_url(post), {"choice": "like"})  # another browser
        assert shown_like(guest, post) == (True, 5)
        assert shown_like(client, post) == (False, 5)  # a browser that has not liked
        assert PostLike.objects.filter(post=post).count() == 5

    def test_guest_gets_a_signed_http_only_cookie_and_can_take_the_like_back(self, client, post):
        response = client.post(like_url(post), {"choice": "like"})
        cookie = response.cookies[VISITOR_COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert shown_like(client, post) == (True, 1)
        client.post(like_url(post), {"choice": "unlike"})
        assert shown_like(client, post) == (False, 0)

    def test_a_forged_cookie_is_a_new_browser_not_an_error(self, client, post):
        client.post(like_url(post), {"choice": "like"})
        client.cookies[VISITOR_COOKIE] = "forged-value:abc"
        assert shown_like(client, post) == (False, 1)
        assert client.post(like_url(post), {"choice": "like"}).status_code == 302
        assert shown_like(client, post) == (True, 2)

    def test_no_raw_address_or_cookie_value_is_stored(self, client, post):
        response = client.post(like_url(post), {"choice": "like"}, REMOTE_ADDR="203.0.113.77")
        like = PostLike.objects.get()
        assert like.user is None
        assert re.fullmatch(r"[0-9a-f]{64}", like.visitor_key)
        assert re.fullmatch(r"[0-9a-f]{64}", like.address_hash)
        stored = " ".join(str(value) for value in PostLike.objects.values().get().values())
        assert "203.0.113.77" not in stored
        token = response.cookies[VISITOR_COOKIE].value.split(":")[0]
        assert token not in stored

    def test_likes_need_post_and_csrf(self, post):
        # A reader without a session gets the public page (no token): the browser's own
        # same-origin header lets the like through, a cross-site or header-less POST is
        # refused (core/public.py).
        browser = Client(enforce_csrf_checks=True)
        assert browser.get(like_url(post)).status_code == 405
        assert browser.post(like_url(post), {"choice": "like"}).status_code == 403
        cross_site = browser.post(like_url(post), {"choice": "like"}, HTTP_SEC_FETCH_SITE="cross-site")
        assert cross_site.status_code == 403
        assert "csrfmiddlewaretoken" not in browser.get(post.get_absolute_url()).content.decode()
        response = browser.post(like_url(post), {"choice": "like"}, HTTP_SEC_FETCH_SITE="same-origin")
        assert response.status_code == 302
        assert shown_like(browser, post) == (True, 1)

    def test_a_member_needs_the_token(self, post):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(UserFactory())
        same_origin = {"HTTP_SEC_FETCH_SITE": "same-origin"}
        assert browser.post(like_url(post), {"choice": "like"}, **same_origin).status_code == 403
        html = browser.get(post.get_absolute_url()).content.decode()
        token = re.search(r'<form id="like".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S)[1]
        response = browser.post(like_url(post), {"choice": "like", "csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert shown_like(browser, post) == (True, 1)

    def test_drafts_and_unknown_posts_cannot_be_liked(self, client, author):
        draft = PostFactory(author=author, status=Post.Status.DRAFT)
        assert client.post(like_url(draft), {"choice": "like"}).status_code == 404
        assert client.post("/posts/없는-글/like/", {"choice": "like"}).status_code == 404
        assert PostLike.objects.count() == 0

    def test_a_network_that_keeps_dropping_its_cookie_is_capped(self, client, post):
        for _ in range(GUEST_LIKES_PER_ADDRESS):
            Client().post(like_url(post), {"choice": "like"}, REMOTE_ADDR="198.51.100.9")
        client.cookies["django_language"] = "en"
        response = client.post(like_url(post), {"choice": "like"}, REMOTE_ADDR="198.51.100.9", follow=True)
        assert "Too many likes from your network" in response.content.decode()
        json_answer = Client().post(like_url(post), {"choice": "like"}, REMOTE_ADDR="198.51.100.9", **JSON)
        assert json_answer.status_code == 429 and "error" in json_answer.json()
        Client().post(like_url(post), {"choice": "like"}, REMOTE_ADDR="198.51.100.10")
        member = Client()
        member.force_login(UserFactory())
        member.post(like_url(post), {"choice": "like"}, REMOTE_ADDR="198.51.100.9")
        assert shown_like(Client(), post)[1] == GUEST_LIKES_PER_ADDRESS + 2

    def test_count_is_shown_in_the_page_after_a_reload(self, client, post):
        Client().post(like_url(post), {"choice": "like"})
        Client().post(like_url(post), {"choice": "like"})
        assert shown_like(client, post) == (False, 2)


@pytest.mark.django_db
class TestWithJavaScript:
    def test_fetch_gets_json_and_the_same_state_as_the_page(self, client, post, member):
        client.force_login(member)
        response = client.post(like_url(post), {"choice": "like"}, **JSON)
        assert response.status_code == 200
        assert response.json() == {"liked": True, "count": 1}
        assert "no-store" in response["Cache-Control"]
        response = client.post(like_url(post), {"choice": "unlike"}, **JSON)
        assert response.json() == {"liked": False, "count": 0}

    def test_csrf_token_in_the_header_is_accepted(self, post):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(UserFactory())
        browser.get(post.get_absolute_url())
        token = browser.cookies["csrftoken"].value
        response = browser.post(like_url(post), {"choice": "like"}, HTTP_X_CSRFTOKEN=token, **JSON)
        assert response.json() == {"liked": True, "count": 1}

    def test_a_sessionless_fetch_from_this_site_needs_no_token(self, post):
        browser = Client(enforce_csrf_checks=True)
        response = browser.post(like_url(post), {"choice": "like"}, HTTP_SEC_FETCH_SITE="same-origin", **JSON)
        assert response.json() == {"liked": True, "count": 1}

    def test_the_page_loads_the_script_that_enhances_the_form(self, client, post):
        html = client.get(post.get_absolute_url()).content.decode()
        assert '<script src="/static/js/blog.js" defer></script>' in html
        assert "data-like-form" in html


def _click_all_at_once(post, clients, action="like"):
    barrier = threading.Barrier(len(clients))
    results, errors = [], []

    def click(browser, address):
        try:
            barrier.wait()
            response = browser.post(like_url(post), {"choice": action}, REMOTE_ADDR=address, **JSON)
            results.append(response.status_code)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=click, args=(browser, f"10.0.{n // 200}.{n % 200 + 1}"))
        for n, browser in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.fixture(scope="class")
def _leave_migration_data_behind(django_db_blocker):
    """serialized_rollback reloads what data migrations created (the site, the Authors
    group) before each of these tests, and flushes everything after each one. Reload it
    once more when the class is done, so transactional tests that run later still find it."""
    yield
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


# Skipped at collection on SQLite, so no transactional set-up or flush happens there.
@pytest.mark.postgres
@pytest.mark.usefixtures("_leave_migration_data_behind")
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL): SQLite serialises every write",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestConcurrentClicks:
    def test_twenty_visitors_at_once_make_twenty_likes(self, post):
        results = _click_all_at_once(post, [Client() for _ in range(20)])
        assert results == [200] * 20
        post.refresh_from_db()
        assert post.like_count == 20 == PostLike.objects.filter(post=post).count()

    def test_twenty_clicks_from_one_browser_make_one_like(self, post):
        first = Client()
        first.post(like_url(post), {"choice": "like"})
        first.post(like_url(post), {"choice": "unlike"})
        cookie = first.cookies[VISITOR_COOKIE].value
        clones = []
        for _ in range(20):
            clone = Client()
            clone.cookies[VISITOR_COOKIE] = cookie
            clones.append(clone)
        assert _click_all_at_once(post, clones) == [200] * 20
        post.refresh_from_db()
        assert post.like_count == 1 == PostLike.objects.filter(post=post).count()
        assert _click_all_at_once(post, clones, action="unlike") == [200] * 20
        post.refresh_from_db()
        assert post.like_count == 0 == PostLike.objects.filter(post=post).count()

    def test_twenty_members_at_once(self, post):
        clients = []
        for _ in range(20):
            client = Client()
            client.force_login(UserFactory())
            clients.append(client)
        _click_all_at_once(post, clients)
        post.refresh_from_db()
        assert post.like_count == 20
