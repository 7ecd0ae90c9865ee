"""The comment section every anonymous reader shares (comments.render.shared_section): kept
in the shared cache with the page cache off, shown changed at once after anything that
changes it, and never served to (or filled by) a reader with a personal view."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import moderation
from comments.models import HoldSettings, ThreadedComment
from tests.factories import ModeratorFactory, PostFactory

from .conftest import GUEST_PASSWORD, guest_data, make_comment, post_comment, report_by_members

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def page(client, obj, query=""):
    response = client.get(obj.get_absolute_url() + query)
    assert response.status_code == 200
    assert not response.has_header("X-Page-Cache")  # the page cache is off in these tests
    return response.content.decode()


def comment_queries(client, url):
    """The SQL a page asks of the comment tables (the skeleton, the rows, the counts)."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, [q["sql"] for q in queries if "django_comments" in q["sql"]]


def test_anonymous_readers_share_one_section_without_its_queries(post):
    for n in range(60):  # two comment pages
        make_comment(post, text=f"댓글 {n}")
    first, second = Client(), Client()
    url = post.get_absolute_url()
    assert comment_queries(first, url)[1]  # the first reader's page asks for the comments
    html, asked = comment_queries(second, url)
    assert asked == []  # the second one's: neither the skeleton nor the rows
    assert "댓글 59" in html and 'id="comment-form"' in html
    # Each comment page is its own entry.
    assert "댓글 0" in page(first, post, "?cpage=1") and "댓글 59" not in page(second, post, "?cpage=1")
    assert "댓글 59" in page(second, post, "?cpage=2")


def test_app_servers_that_cut_pages_differently_never_share_a_section(post, settings):
    for n in range(3):
        make_comment(post, text=f"댓글 {n}")
    settings.COMMENTS_PER_PAGE = 1
    assert "댓글 0" not in page(Client(), post)  # the last page: the newest thread only
    settings.COMMENTS_PER_PAGE = 50
    assert "댓글 0" in page(Client(), post) and "댓글 2" in page(Client(), post)


def test_the_guestbook_section_is_shared_too(guestbook):
    make_comment(guestbook, text="방명록 글")
    assert comment_queries(Client(), guestbook.get_absolute_url())[1]
    html, asked = comment_queries(Client(), guestbook.get_absolute_url())
    assert asked == [] and "방명록 글" in html


def test_each_language_has_its_own_section(post):
    make_comment(post, text="언어별 댓글")
    korean, english = Client(), Client()
    english.cookies["django_language"] = "en"
    for _ in range(2):  # filled, then served from the shared cache
        assert "댓글주소" in page(korean, post) and "Comment link" not in page(korean, post)
        assert "Comment link" in page(english, post) and "댓글주소" not in page(english, post)


def test_a_new_comment_shows_at_once(post):
    reader = Client()
    make_comment(post, text="첫 댓글")
    assert "첫 댓글" in page(reader, post)
    response = Client(enforce_csrf_checks=True).post(
        reverse("comments:post"), guest_data(post, comment="새로 단 댓글"), **SAME_ORIGIN
    )
    assert response.status_code == 302
    html = page(reader, post)
    assert "첫 댓글" in html and "새로 단 댓글" in html


def test_edit_delete_hide_and_moderation_show_at_once(post):
    reader = Client()
    comment = make_comment(post, text="처음 글")
    assert "처음 글" in page(reader, post)
    ThreadedComment.objects.get(pk=comment.pk).edit("고친 글", False)
    assert "고친 글" in page(reader, post) and "처음 글" not in page(reader, post)
    report_by_members(ThreadedComment.objects.get(pk=comment.pk), 3)
    assert "고친 글" not in page(reader, post)  # hidden by reports
    moderation.perform("keep", ThreadedComment.objects.get(pk=comment.pk), ModeratorFactory())
    assert "고친 글" in page(reader, post)
    moderation.perform("remove", ThreadedComment.objects.get(pk=comment.pk), ModeratorFactory())
    assert "고친 글" not in page(reader, post)
    second = make_comment(post, text="두 번째 글")
    assert "두 번째 글" in page(reader, post)
    ThreadedComment.objects.get(pk=second.pk).soft_delete()
    assert "두 번째 글" not in page(reader, post)


def test_a_held_comment_shows_once_approved(post):
    reader = Client()
    held = make_comment(post, text="기다리는 글", is_public=False)
    assert "기다리는 글" not in page(reader, post)
    moderation.perform("approve", ThreadedComment.objects.get(pk=held.pk), ModeratorFactory())
    assert "기다리는 글" in page(reader, post)


def test_a_post_edit_shows_at_once(post):
    reader = Client()
    make_comment(post, text="댓글")
    assert 'id="comment-form"' in page(reader, post)
    post.comments_enabled = False
    post.save()
    html = page(reader, post)
    assert 'id="comment-form"' not in html and "comments__closed" in html


def test_other_posts_keep_their_entries(post):
    other = PostFactory(author=post.author)
    make_comment(other, text="다른 글의 댓글")
    reader = Client()
    page(reader, other)
    make_comment(post, text="이 글의 댓글")
    with CaptureQueriesContext(connection) as queries:
        assert "다른 글의 댓글" in page(reader, other)
    assert not any("django_comments" in q["sql"] for q in queries)


@pytest.mark.parametrize("first", ["anonymous", "personal"])
def test_personal_readers_never_get_or_fill_the_shared_section(post, member, first):
    """A member, the post's author, a moderator and a guest who wrote a held comment in
    this browser each see their own section, whether an anonymous reader came first."""
    make_comment(post, text="모두의 댓글")
    make_comment(post, text="회원의 비밀 댓글", user=member, is_secret=True)
    anonymous = Client()
    if first == "anonymous":
        page(anonymous, post)

    as_member = Client()
    as_member.force_login(member)
    html = page(as_member, post)
    assert "회원의 비밀 댓글" in html and "comment-form__as" in html  # "Commenting as …"

    as_author = Client()
    as_author.force_login(post.author)
    assert "회원의 비밀 댓글" in page(as_author, post)

    as_moderator = Client()
    as_moderator.force_login(ModeratorFactory())
    assert "회원의 비밀 댓글" in page(as_moderator, post)

    HoldSettings.objects.update_or_create(pk=1, defaults={"hold_all": True})
    guest = Client()
    assert post_comment(guest, post, guest_data(post, comment="검토 대기 댓글")).status_code == 302
    assert "검토 대기 댓글" in page(guest, post)

    html = page(anonymous, post)
    assert "모두의 댓글" in html
    assert "회원의 비밀 댓글" not in html and "검토 대기 댓글" not in html
    assert "comment-form__as" not in html and GUEST_PASSWORD not in html


def test_with_the_page_cache_on_only_pages_it_refuses_share_the_section(post, settings, monkeypatch):
    """A page the page cache keeps whole needs no section kept apart (it would be written and
    never read); a page it refuses (a query it does not know: ?fbclid=…) still shares one."""
    from comments import render
    from tests.wsgi_client import WSGIClient

    settings.PAGE_CACHE = True
    make_comment(post, text="페이지 캐시와 함께")
    stored = []
    store = render.store_page_part
    monkeypatch.setattr(render, "store_page_part", lambda *args: stored.append(args[0]) or store(*args))
    assert WSGIClient().get(post.get_absolute_url())["X-Page-Cache"] == "miss"
    assert stored == []
    shared = post.get_absolute_url() + "?fbclid=abc"
    assert not WSGIClient().get(shared).has_header("X-Page-Cache")  # refused by the page cache
    assert len(stored) == 1
    html, asked = comment_queries(WSGIClient(), shared)
    assert asked == [] and "페이지 캐시와 함께" in html
