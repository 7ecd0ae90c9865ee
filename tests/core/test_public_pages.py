"""Public pages (core/public.py): cacheable for anonymous readers, private for everyone
else; forms on them work without a CSRF token for session-less browsers of this site only;
the page cache serves them and is invalidated by exactly what changes them."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments import moderation
from comments.models import ThreadedComment
from core import logs
from tests.comments.conftest import guest_data, make_comment, report_by_members
from tests.factories import ModeratorFactory, PostFactory, UserFactory
from tests.wsgi_client import WSGIClient

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    return settings


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


# -- cacheable for anonymous readers, private for everyone else ---------------------------
@pytest.mark.parametrize("url", ["/", "/guestbook/", "/search/?q=글"])
def test_anonymous_pages_are_public_without_cookie_or_token(client, post, url):
    for target in (url, post.get_absolute_url()):
        response = _get(client, target)
        assert not response.cookies, target
        assert "csrfmiddlewaretoken" not in response.content.decode()
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "s-maxage=1" in cache_control
        assert "Cookie" in response["Vary"]


def test_s_maxage_is_a_setting(client, post, settings):
    settings.PUBLIC_CACHE_SECONDS = 30
    assert "s-maxage=30" in _get(client, post.get_absolute_url())["Cache-Control"]


def test_a_member_gets_private_pages_with_a_token(client, post, member):
    client.force_login(member)
    response = _get(client, post.get_absolute_url())
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" in response.content.decode()


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "blog_visitor"])
def test_any_personal_cookie_makes_the_page_private(client, post, cookie):
    client.cookies[cookie] = "x"
    response = _get(client, post.get_absolute_url())
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_guest_who_commented_sees_their_held_comment_privately(client, post):
    from comments.models import HoldSettings

    HoldSettings.objects.update_or_create(pk=1, defaults={"hold_all": True})
    response = client.post(reverse("comments:post"), guest_data(post, comment="검토 대기 댓글"))
    assert response.status_code == 302
    page = _get(client, post.get_absolute_url())
    assert "검토 대기 댓글" in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert "검토 대기 댓글" not in _get(Client(), post.get_absolute_url()).content.decode()


def test_drafts_stay_uncacheable_for_their_author(client, author):
    draft = PostFactory(author=author, status=Post.Status.DRAFT)
    client.force_login(author)
    response = _get(client, draft.get_absolute_url())
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


# -- CSRF: session-less browsers of this site post without a token ------------------------
def _post_comment(client, post, text, **headers):
    return client.post(reverse("comments:post"), guest_data(post, comment=text), **headers)


@pytest.mark.parametrize(
    "headers",
    [
        SAME_ORIGIN,
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "https://testserver", "HTTP_REFERER": "https://testserver/", "secure": True},
    ],
)
def test_a_sessionless_same_origin_comment_needs_no_token(post, headers):
    client = Client(enforce_csrf_checks=True)
    response = _post_comment(client, post, "토큰 없는 댓글", **headers)
    assert response.status_code == 302
    assert ThreadedComment.objects.filter(comment="토큰 없는 댓글").exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no browser headers at all
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/", "secure": True},
    ],
)
def test_a_cross_site_comment_is_refused(post, headers):
    client = Client(enforce_csrf_checks=True)
    response = _post_comment(client, post, "위조 댓글", **headers)
    assert response.status_code == 403
    assert not ThreadedComment.objects.filter(comment="위조 댓글").exists()


def test_a_session_always_needs_its_token(post, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert _post_comment(client, post, "세션 댓글", **SAME_ORIGIN).status_code == 403
    page = _get(client, post.get_absolute_url()).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = guest_data(post, comment="세션 댓글")
    data["csrfmiddlewaretoken"] = token
    assert client.post(reverse("comments:post"), data, **SAME_ORIGIN).status_code == 302
    assert ThreadedComment.objects.filter(comment="세션 댓글", user=member).exists()


def test_a_guest_session_needs_its_token_too(post):
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "anything"
    assert _post_comment(client, post, "손님 세션", **SAME_ORIGIN).status_code == 403


def test_like_and_language_forms_work_without_token_from_this_site_only(post):
    client = Client(enforce_csrf_checks=True)
    like = reverse("blog:post_like", args=[post.slug])
    assert client.post(like, {"choice": "like"}, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert client.post(like, {"choice": "like"}, **SAME_ORIGIN).status_code == 302
    post.refresh_from_db()
    assert post.like_count == 1
    response = Client(enforce_csrf_checks=True).post(
        reverse("set_language"), {"language": "en", "next": "/"}, **SAME_ORIGIN
    )
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def test_other_forms_keep_django_csrf(post):
    client = Client(enforce_csrf_checks=True)
    login = reverse("accounts:login")
    response = client.post(login, {"username": "x", "password": "y"}, **SAME_ORIGIN)
    assert response.status_code == 403


def test_the_public_page_forms_post_without_a_token(client, post):
    html = _get(client, post.get_absolute_url()).content.decode()
    for action in (
        reverse("comments:post"),
        reverse("blog:post_like", args=[post.slug]),
        reverse("set_language"),
    ):
        assert f'action="{action}"' in html


# -- the page cache ---------------------------------------------------------------------------
def test_second_view_is_served_from_the_cache_without_queries(page_cache, post, django_assert_num_queries):
    client = WSGIClient()
    assert _get(client, post.get_absolute_url())["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = _get(client, post.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert "public" in hit["Cache-Control"] and not hit.cookies
    assert post.title in hit.content.decode()


def test_a_hit_answers_every_header_the_page_was_sent_with(page_cache, post):
    """A hit is answered before the security, CSP and locale middleware run: the headers they
    set come from the stored page, and the request id is this request's own."""
    client = WSGIClient()
    miss = _get(client, post.get_absolute_url())
    hit = _get(client, post.get_absolute_url())
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in (
        "Content-Type",
        "Content-Language",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
        "Cache-Control",
        "Vary",
    ):
        assert hit[header] == miss[header], header
    assert hit.content == miss.content
    assert hit["X-Request-ID"] != miss["X-Request-ID"]


def test_only_the_wsgi_application_answers_from_the_cache(page_cache, post):
    """The hit path is in front of Django (config.wsgi.application); a request that does not
    come through it is rendered, and stored for the next reader who does."""
    url = post.get_absolute_url()
    assert [Client().get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "miss"]
    assert _get(WSGIClient(), url)["X-Page-Cache"] == "hit"


def test_a_miss_asks_redis_once(page_cache, post, monkeypatch):
    """The versions PageCacheApplication read for a miss are the ones the page is stored under:
    the store does not fetch them again."""
    from core import public

    fetches = []
    fetch = public._fetch
    monkeypatch.setattr(public, "_fetch", lambda *args: fetches.append(args) or fetch(*args))
    client = WSGIClient()
    assert _get(client, post.get_absolute_url())["X-Page-Cache"] == "miss"
    assert len([args for args in fetches if args[0].startswith("page:")]) == 1
    assert _get(client, post.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_host_not_allowed_is_refused_in_front_of_the_cache_too(page_cache, post, caplog):
    url = post.get_absolute_url()
    assert _get(WSGIClient(), url)["X-Page-Cache"] == "miss"
    with caplog.at_level("INFO"):
        assert WSGIClient(HTTP_HOST="evil.example").get(url).status_code == 400
    # Expected, not a failure of the hit path: no "page cache lookup failed" and no traceback.
    assert not [r for r in caplog.records if r.name == "core.public" or r.exc_info], caplog.records


def test_the_test_client_through_wsgi_keeps_the_cookies_a_page_sets(page_cache, post):
    """tests/wsgi_client.py hands Set-Cookie to the test client as a server would: a test
    that asserts a page set no cookie can fail."""
    client = WSGIClient()
    response = client.get(reverse("accounts:login"))  # a form with a CSRF token: a cookie
    assert response.status_code == 200 and "csrftoken" in response.cookies
    assert "csrftoken" in client.cookies


def test_a_failure_in_the_hit_path_leaves_the_page_to_django(page_cache, post, monkeypatch):
    """The hit path is only an accelerator: if anything in it fails, Django answers."""
    client = WSGIClient()
    url = post.get_absolute_url()
    _get(client, url)

    def broken(request):
        raise RuntimeError("an unexpected failure")

    monkeypatch.setattr(logs, "request_id_of", broken)
    response = _get(client, url)
    assert response["X-Page-Cache"] == "miss" and post.title in response.content.decode()


def test_page_cache_off(settings, post):
    settings.PAGE_CACHE = False
    client = WSGIClient()
    _get(client, post.get_absolute_url())
    assert not _get(client, post.get_absolute_url()).has_header("X-Page-Cache")


def test_languages_are_cached_apart(page_cache, post):
    client = WSGIClient()
    assert 'lang="ko"' in _get(client, "/").content.decode()
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in _get(client, "/").content.decode()


def test_members_never_get_cached_pages_and_never_fill_the_cache(page_cache, post, member):
    reader = WSGIClient()
    client = WSGIClient()
    client.force_login(member)
    _get(reader, post.get_absolute_url())
    response = _get(client, post.get_absolute_url())
    assert not response.has_header("X-Page-Cache") and member.display_name in response.content.decode()
    assert member.display_name not in _get(reader, post.get_absolute_url()).content.decode()


def _cached_then(client, url):
    _get(client, url)
    return _get(client, url)["X-Page-Cache"] == "hit"


def test_a_new_comment_shows_at_once_on_its_page_and_in_lists(page_cache, post):
    other = PostFactory(author=post.author)
    client = WSGIClient()
    assert _cached_then(client, post.get_absolute_url())
    assert _cached_then(client, other.get_absolute_url())
    assert _cached_then(client, "/")
    response = Client(enforce_csrf_checks=True).post(
        reverse("comments:post"), guest_data(post, comment="새로 단 댓글"), **SAME_ORIGIN
    )
    assert response.status_code == 302
    assert "새로 단 댓글" in _get(client, post.get_absolute_url()).content.decode()
    assert _get(client, "/")["X-Page-Cache"] == "miss"  # lists show comment counts
    assert _get(client, other.get_absolute_url())["X-Page-Cache"] == "hit"  # exactly that page


def test_edit_delete_hide_and_moderation_show_at_once(page_cache, post):
    client = WSGIClient()
    comment = make_comment(post, text="처음 글")
    url = post.get_absolute_url()
    assert _cached_then(client, url)
    comment.edit("고친 글", False)
    assert "고친 글" in _get(client, url).content.decode()
    assert _cached_then(client, url)
    report_by_members(ThreadedComment.objects.get(pk=comment.pk), 3)
    assert "고친 글" not in _get(client, url).content.decode()  # hidden by reports
    assert _cached_then(client, url)
    moderation.perform("keep", ThreadedComment.objects.get(pk=comment.pk), ModeratorFactory())
    assert "고친 글" in _get(client, url).content.decode()
    assert _cached_then(client, url)
    ThreadedComment.objects.get(pk=comment.pk).soft_delete()
    assert "고친 글" not in _get(client, url).content.decode()


def test_a_post_edit_shows_at_once_everywhere(page_cache, post):
    neighbour = PostFactory(author=post.author, published_at=post.published_at + timezone.timedelta(hours=1))
    client = WSGIClient()
    assert _cached_then(client, neighbour.get_absolute_url())
    post.title = "바뀐 제목"
    post.save()
    assert "바뀐 제목" in _get(client, neighbour.get_absolute_url()).content.decode()  # previous post link
    assert "바뀐 제목" in _get(client, "/").content.decode()


def test_a_members_new_name_shows_at_once_where_they_wrote(page_cache, post, member):
    make_comment(post, user=member, text="회원이 쓴 댓글")
    client = WSGIClient()
    url = post.get_absolute_url()
    assert _cached_then(client, url)
    member.last_login = timezone.now()
    member.save(update_fields=["last_login"])
    assert _get(client, url)["X-Page-Cache"] == "hit"  # a login changes nothing shown
    member.nickname = "새 별명"
    member.save()
    assert "새 별명" in _get(client, url).content.decode()
    assert _cached_then(client, url)
    post.author.bio = "커피를 좋아하는 글쓴이"
    post.author.save(update_fields=["bio"])  # shown under "Posted by"
    assert "커피를 좋아하는 글쓴이" in _get(client, url).content.decode()


def test_a_scheduled_post_appears_when_its_time_comes(page_cache, post, monkeypatch):
    scheduled = PostFactory(
        author=post.author, title="예약 발행 글", published_at=timezone.now() + timezone.timedelta(hours=2)
    )
    client = WSGIClient()
    assert _cached_then(client, "/")
    assert "예약 발행 글" not in _get(client, "/").content.decode()
    later = timezone.now() + timezone.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", later.timestamp)
    assert "예약 발행 글" in _get(client, "/").content.decode()
    assert _get(client, scheduled.get_absolute_url()).status_code == 200


def test_junk_parameters_are_not_cached(page_cache, post):
    client = WSGIClient()
    _get(client, "/?utm=1")
    assert not _get(client, "/?utm=1").has_header("X-Page-Cache")
    assert _cached_then(client, "/?page=1")


def test_a_flash_message_is_never_cached(page_cache, post):
    client = Client()
    like = reverse("blog:post_like", args=[post.slug])
    member = UserFactory()
    client.force_login(member)
    client.post(like, {"choice": "like"})
    anonymous = WSGIClient()
    assert "private" in _get(client, post.get_absolute_url())["Cache-Control"]
    assert not _get(anonymous, post.get_absolute_url()).cookies


def test_a_favicon_is_linked_and_favicon_ico_points_at_it(client, post):
    html = _get(client, "/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"
