"""The English side: a reader who picked English with the language switch gets English
everywhere the site itself speaks (the posts and names are whatever people wrote), and
the same pages stay Korean for everyone else.

The content here is written in English, so any Hangul left on an English page is the
site's own words that missed translation."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog import visits
from blog.models import Post, VisitCount
from comments import moderation
from comments.models import Guestbook, ModerationAction, ThreadedComment
from tests.comments.conftest import make_comment
from tests.factories import AuthorFactory, CategoryFactory, ModeratorFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
# The one Korean word an English page has: the switch back to Korean, named in Korean.
SWITCH_TO_KOREAN = '<button type="submit" name="language" value="ko" lang="ko">한국어</button>'
TIME = re.compile(r"<time datetime=\"[^\"]+\">(\d{4}\.\d{2}\.\d{2} \d{2}:\d{2})</time>")


@pytest.fixture
def english_site(settings):
    """A blog whose settings and content are English (SITE_NAME and the erased members' name
    default to Korean: they are content the operator sets)."""
    reverse("blog:index")  # the URLconf, which names the admin after SITE_NAME, is loaded as it is
    settings.SITE_NAME = "Slow Blog"
    settings.SITE_DESCRIPTION = "Posts that take their time."
    settings.ACCOUNTS_ERASED_NAME = "Former member"
    author = AuthorFactory(username="haneul", nickname="Haneul", bio="Coffee and walks.")
    post = PostFactory(
        author=author,
        title="A walk by the sea",
        slug="a-walk-by-the-sea",
        body="The path follows the cliffs.\n\nBring water and a hat.",
        category=CategoryFactory(name="Travel", slug="travel"),
        tags=["sea"],
    )
    reader = UserFactory(username="jiwoo", nickname="Jiwoo")
    first = make_comment(post, "Lovely walk!", user=reader)
    make_comment(post, "Thank you for reading.", user=author, parent=first)
    secret = make_comment(post, "A private question.", name="Walker", is_secret=True)
    make_comment(post, "Answered by email.", user=author, parent=secret, is_secret=True)
    removed = make_comment(post, "Gone now.", name="Passer")
    make_comment(post, "Still here.", name="Hiker", parent=removed)
    removed.soft_delete(by_moderator=False)
    hidden = make_comment(post, "Buy cheap watches", name="Spammer")
    for address in ("a", "b", "c"):
        moderation.add_report(hidden, "spam", address_hash=address)
    make_comment(
        post, "Waiting for approval http://x.example", name="Linker", is_public=False, held_reason="links"
    )
    make_comment(Guestbook.get(), "Greetings from abroad.", user=reader)
    return {"post": post, "author": author, "reader": reader, "comment": first}


def english(client):
    client.cookies["django_language"] = "en"
    return client


def korean_words(html):
    """The Hangul on an English page, with a little context, for the assertion message."""
    html = html.replace(SWITCH_TO_KOREAN, "")
    return [html[max(m.start() - 60, 0) : m.end() + 20] for m in HANGUL.finditer(html)]


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response["Content-Language"] == "en"
    return response.content.decode()


READER_PAGES = [
    "/",
    "/posts/a-walk-by-the-sea/",
    "/category/travel/",
    "/tag/sea/",
    "/author/haneul/",
    "/search/?q=walk",
    "/search/?q=nothing-matches-this",
    "/guestbook/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


@pytest.mark.parametrize("url", READER_PAGES)
def test_readers_pages_in_english_have_no_korean_of_the_sites_own(client, english_site, url):
    html = get(english(client), url)
    assert '<html lang="en">' in html
    assert korean_words(html) == []


def test_archive_and_404_pages_in_english(client, english_site):
    published = english_site["post"].published_at
    local = timezone.localtime(published)
    for url in (f"/archive/{local.year}/", f"/archive/{local.year}/{local.month}/"):
        assert korean_words(get(english(client), url)) == []
    html = get(english(client), "/no-such-page/", status=404)
    assert "Page not found" in html and korean_words(html) == []


def test_comments_in_english_show_the_placeholders_and_korean_style_times(client, english_site):
    html = get(english(client), "/posts/a-walk-by-the-sea/")
    assert "This is a secret comment." in html
    assert "This comment was deleted." in html
    assert "This comment is hidden after several reports." in html
    assert "Edit/Delete" in html and "Comment link" in html
    times = TIME.findall(html)
    assert len(times) >= 5  # every visible comment says YYYY.MM.DD HH:MM, as in Korean
    assert korean_words(html) == []


def test_the_comment_pages_of_a_guestbook_entry_name_the_guestbook_in_english(client, english_site):
    entry = ThreadedComment.objects.get(comment="Greetings from abroad.")
    html = get(english(client), reverse("comments:report", args=[entry.pk]))
    assert "← Guestbook</a>" in html and "방명록" not in html
    korean = Client().get(reverse("comments:report", args=[entry.pk])).content.decode()
    assert "← 방명록</a>" in korean


def test_member_pages_in_english(client, english_site):
    client.force_login(english_site["reader"])
    english(client)
    for url in ("/accounts/profile/", "/accounts/my-data/", "/accounts/delete/"):
        assert korean_words(get(client, url)) == [], url
    privacy = get(client, "/privacy/")
    assert "delete their account from their profile page" in privacy


def test_the_data_download_as_a_web_page_in_english(client, english_site):
    client.force_login(english_site["reader"])
    html = english(client).get("/accounts/my-data/download.html").content.decode()
    assert "<dt>Username</dt>" in html and "<dt>Last login</dt>" in html
    assert '<th scope="col">Written at</th>' in html and '<th scope="col">Secret comment</th>' in html
    assert "<td>Guestbook</td>" in html  # where the greeting was written
    assert korean_words(html) == []
    korean = Client()
    korean.force_login(english_site["reader"])
    assert "<td>방명록</td>" in korean.get("/accounts/my-data/download.html").content.decode()


def test_the_moderation_queue_in_english(client, english_site):
    client.force_login(ModeratorFactory(username="mod", nickname="Mod"))
    html = get(english(client), "/moderation/")
    assert ModerationAction.objects.exists()  # the log has the automatic hiding
    assert '<th scope="col">Reason</th>' in html and 'data-label="Reason"' in html
    assert 'data-label="Reason (for the log)"' not in html  # too long for the phone's label column
    assert "Too many links" in html and "automatic" in html
    assert korean_words(html) == []
    korean = Client()
    korean.force_login(ModeratorFactory(username="mod2", nickname="Mod2"))
    assert 'data-label="사유 (기록용)"' in korean.get("/moderation/").content.decode()


def test_the_writing_desk_and_the_editor_in_english(client, english_site, monkeypatch):
    monkeypatch.setattr(admin.site, "site_header", "Slow Blog")  # set from SITE_NAME by config.urls
    monkeypatch.setattr(admin.site, "site_title", "Slow Blog")
    author = english_site["author"]
    post = english_site["post"]
    Post.objects.filter(pk=post.pk).update(like_count=3)
    VisitCount.objects.create(day=visits.today(), post=post, count=2)
    client.force_login(author)
    desk = get(english(client), reverse("admin:index"))
    assert "Likes on my posts" in desk and "Recent posts: visitors and likes" in desk
    assert '<th scope="col">Likes</th>' in desk
    assert korean_words(desk) == []
    editor = get(client, reverse("admin:blog_post_add"))
    assert "When scheduled, the post becomes public at this time. Empty: now." in editor
    assert "예약 발행" not in editor
    change = get(client, reverse("admin:blog_post_change", args=[post.pk]))
    assert "예약 발행" not in change
    korean = Client()
    korean.force_login(author)
    page = korean.get(reverse("admin:index")).content.decode()
    assert "내 글의 공감" in page and "최근 글: 방문자와 공감" in page
