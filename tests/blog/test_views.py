import time

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from tests.factories import AuthorFactory, CategoryFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_index_lists_newest_published_posts_with_date_category_excerpt(client, author):
    older = PostFactory(
        title="오래된 글", author=author, published_at=timezone.now() - timezone.timedelta(days=3)
    )
    newer = PostFactory(title="새 글", excerpt="새 글의 요약", author=author)
    PostFactory(title="초안 글", status=Post.Status.DRAFT, author=author)
    response = client.get(reverse("blog:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("새 글") < html.index("오래된 글")
    assert "초안 글" not in html
    assert "새 글의 요약" in html
    assert newer.category.name in html
    local = timezone.localtime(older.published_at)
    assert local.strftime("%Y.%m.%d %H:%M") in html
    # To the second: HTML allows at most three fractional digits, machines prefer none.
    assert f'datetime="{local.replace(microsecond=0).isoformat()}"' in html


def test_index_is_paginated(client, author, settings):
    for number in range(settings.BLOG_POSTS_PER_PAGE + 2):
        PostFactory(title=f"글 번호 {number:02d}", author=author)
    first = client.get(reverse("blog:index")).content.decode()
    second = client.get(reverse("blog:index") + "?page=2").content.decode()
    assert first.count('class="post-card"') == settings.BLOG_POSTS_PER_PAGE
    assert second.count('class="post-card"') == 2
    assert client.get(reverse("blog:index") + "?page=99").status_code == 404


def test_post_page_shows_parts_in_tistory_order(client, author):
    post = PostFactory(
        title="순서 확인",
        author=author,
        body="본문 문단입니다.\n\nhttps://youtu.be/dQw4w9WgXcQ",
        tags=["커피", "여행"],
    )
    PostFactory(title="관련된 글", author=author, category=post.category)
    html = client.get(post.get_absolute_url()).content.decode()
    article = html[html.index("<article") :]
    expected_order = [
        'class="post__title"',
        timezone.localtime(post.published_at).strftime("%Y.%m.%d %H:%M"),
        "본문 문단입니다.",
        "youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "#커피",
        "Posted by",
        author.nickname,
        "[관련글]",
        "관련된 글",
        'id="comments"',
    ]
    cursor = 0
    for fragment in expected_order:
        cursor = article.index(fragment, cursor)  # ValueError: missing or out of order
    assert reverse("blog:author", args=[author.username]) in html
    colour, initial = author.generated_avatar  # drawn by the stylesheet, no request
    assert f'<span class="avatar avatar--large av{colour}" aria-hidden="true">{initial}</span>' in html


def test_korean_slug_url_resolves(client, author):
    post = PostFactory(title="한글 제목 테스트", author=author)
    assert client.get(f"/posts/{post.slug}/").status_code == 200


class TestDraftsAndScheduledPosts:
    @pytest.fixture
    def draft(self, author):
        return PostFactory(title="아직 초안", status=Post.Status.DRAFT, author=author)

    @pytest.fixture
    def scheduled(self, author):
        return PostFactory(
            title="예약된 글", author=author, published_at=timezone.now() + timezone.timedelta(days=2)
        )

    def test_anonymous_and_members_get_404(self, client, draft, scheduled):
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(scheduled.get_absolute_url()).status_code == 404
        client.force_login(UserFactory())
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(scheduled.get_absolute_url()).status_code == 404

    def test_other_authors_get_404_superusers_see_it(self, client, draft, admin_user):
        client.force_login(AuthorFactory())
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(admin_user)
        assert client.get(draft.get_absolute_url()).status_code == 200

    def test_comment_pages_of_a_draft_are_404_too(self, client, author, draft):
        from tests.comments.conftest import make_comment

        comment = make_comment(draft, "초안이 되기 전 댓글")
        for url in (
            f"/comments/{comment.pk}/",
            f"/comments/{comment.pk}/report/",
            f"/comments/{comment.pk}/reply/",
            f"/comments/{comment.pk}/password/",
        ):
            response = client.get(url)
            assert response.status_code == 404, url
            assert draft.title not in response.content.decode()
        client.force_login(author)
        assert client.get(f"/comments/{comment.pk}/").status_code == 302

    def test_author_previews_with_banner_noindex_and_no_cache(self, client, author, draft):
        client.force_login(author)
        response = client.get(draft.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "초안" in html and 'class="draft-banner"' in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"

    def test_scheduled_post_appears_once_its_time_comes(self, client, scheduled, monkeypatch):
        assert "예약된 글" not in client.get("/").content.decode()
        # Three days later (nothing is saved when the publish time passes: the lists,
        # sidebar and counts cached until then must notice by themselves).
        later = timezone.now() + timezone.timedelta(days=3)
        monkeypatch.setattr(timezone, "now", lambda: later)
        monkeypatch.setattr(time, "time", later.timestamp)
        assert "예약된 글" in client.get("/").content.decode()
        response = client.get(scheduled.get_absolute_url())
        assert response.status_code == 200
        assert "noindex" not in response.content.decode()

    def test_drafts_never_listed_even_for_their_author(self, client, author, draft):
        client.force_login(author)
        assert "아직 초안" not in client.get("/").content.decode()
        assert "아직 초안" not in client.get(f"/author/{author.username}/").content.decode()


def test_category_tag_archive_and_author_pages_list_their_posts(client, author):
    travel = CategoryFactory(name="여행")
    other_author = AuthorFactory()
    match = PostFactory(title="제주 여행기", category=travel, tags=["제주"], author=author)
    PostFactory(title="다른 글", category=CategoryFactory(name="개발"), author=other_author)
    local = timezone.localtime(match.published_at)
    pages = [
        reverse("blog:category", args=[travel.slug]),
        reverse("blog:tag", args=["제주"]),
        reverse("blog:author", args=[author.username]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "제주 여행기" in html, url
        assert "다른 글" not in html, url
    archive = client.get(reverse("blog:archive_month", args=[local.year, local.month]))
    assert "제주 여행기" in archive.content.decode()
    assert client.get(reverse("blog:archive_month", args=[local.year, 13])).status_code == 404
    assert client.get("/category/없는-분류/").status_code == 404


def test_sidebar_lists_categories_and_months_with_counts(client, author):
    travel = CategoryFactory(name="여행")
    PostFactory(category=travel, author=author)
    PostFactory(category=travel, author=author)
    PostFactory(category=travel, author=author, status=Post.Status.DRAFT)
    html = client.get("/").content.decode()
    assert '여행</a> <span class="count">(2)</span>' in html


class TestLanguages:
    def test_korean_by_default_english_on_request(self, client, post):
        PostFactory(author=post.author, category=post.category)  # so [관련글] shows
        korean = client.get(post.get_absolute_url())
        assert korean["Content-Language"] == "ko"
        assert '<html lang="ko">' in korean.content.decode()
        assert "본문으로 건너뛰기" in korean.content.decode()
        browser_prefers_english = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        assert browser_prefers_english["Content-Language"] == "ko"
        client.cookies["django_language"] = "en"
        english = client.get(post.get_absolute_url())
        assert english["Content-Language"] == "en"
        assert "Skip to content" in english.content.decode()
        assert "[관련글]" in korean.content.decode()
        assert "[Related posts]" in english.content.decode()

    def test_language_switch_sets_english(self, client, post):
        response = client.post(reverse("set_language"), {"language": "en", "next": post.get_absolute_url()})
        assert response.status_code == 302
        html = client.get(post.get_absolute_url()).content.decode()
        assert '<html lang="en">' in html
        assert "Skip to content" in html


class TestQueryCounts:
    """Lists and the post page run a fixed number of queries, whatever the number of posts."""

    def _make_posts(self, author, count):
        categories = [CategoryFactory(name=f"분류{n}") for n in range(3)]
        for number in range(count):
            PostFactory(author=author, category=categories[number % 3], tags=[f"태그{number % 4}", "공통"])

    @pytest.mark.parametrize("count", [3, 60])
    def test_index(self, client, author, count, django_assert_max_num_queries):
        self._make_posts(author, count)
        # The first view after a change: the version check, count, the page's ids, its
        # posts, tags, comment counts for the shown rows and the sidebar's two aggregates.
        with django_assert_max_num_queries(8):
            assert client.get("/").status_code == 200
        # Then the count and the sidebar come from the cache: ids, posts, tags, comment counts.
        with django_assert_max_num_queries(4):
            assert client.get("/").status_code == 200

    @pytest.mark.parametrize("count", [3, 60])
    def test_post_page(self, client, author, count, django_assert_max_num_queries):
        self._make_posts(author, count)
        post = Post.objects.published().first()
        # Cold (first view after a post changed): the post, its tags, previous, next,
        # related posts (2), the sidebar (2) and the version check come on top.
        with django_assert_max_num_queries(14):
            assert client.get(post.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(8):
            assert client.get(post.get_absolute_url()).status_code == 200


def test_header_has_labelled_navigation_search_and_guestbook(client):
    html = client.get("/").content.decode()
    assert '<nav class="site-nav" aria-label="사이트">' in html
    assert 'href="/guestbook/">방명록</a>' in html
    assert 'class="skip-link" href="#main-content"' in html
    assert '<main id="main-content"' in html
