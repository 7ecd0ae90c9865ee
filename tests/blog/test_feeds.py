"""RSS and Atom feeds, read the way a feed reader reads them: parsed by feedparser."""

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from tests.comments.conftest import make_comment
from tests.factories import CategoryFactory, PostFactory, UserFactory, image_upload

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return response, feed


@pytest.fixture
def posts(author):
    coffee = CategoryFactory(name="커피")
    travel = CategoryFactory(name="여행")
    older = PostFactory(
        title="핸드드립 입문",
        category=coffee,
        author=author,
        tags=["원두", "취미"],
        body="[원두 가게](/posts/beans/) 이야기와 <b>굵게</b>.\n\n![원두 사진](/media/posts/beans.jpg)",
        cover_image=image_upload(),
        cover_alt="커피잔",
        published_at=timezone.now() - timezone.timedelta(days=2),
    )
    newer = PostFactory(title="제주 올레길", category=travel, author=author, tags=["걷기"])
    draft = PostFactory(
        title="쓰는 중인 초안", category=coffee, author=author, tags=["원두"], status=Post.Status.DRAFT
    )
    return {"older": older, "newer": newer, "draft": draft, "coffee": coffee}


@pytest.mark.parametrize("name", ["blog:feed", "blog:feed_atom"])
def test_site_feeds_are_valid_and_list_published_posts_newest_first(client, posts, name):
    response, feed = parse(client, reverse(name))
    expected_type = "application/rss+xml" if name == "blog:feed" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    assert feed.version == ("rss20" if name == "blog:feed" else "atom10")
    assert [entry.title for entry in feed.entries] == ["제주 올레길", "핸드드립 입문"]
    assert feed.feed.link == "https://blog.example.kr/"
    assert feed.feed.language == "ko" if name == "blog:feed" else True


@pytest.mark.parametrize("name", ["blog:feed", "blog:feed_atom"])
def test_entries_carry_the_full_sanitised_body_with_absolute_urls(client, posts, name):
    _, feed = parse(client, reverse(name))
    entry = next(e for e in feed.entries if e.title == "핸드드립 입문")
    post = posts["older"]
    assert entry.link == f"https://blog.example.kr{post.get_absolute_url()}"
    html = entry.content[0].value
    assert '<a href="https://blog.example.kr/posts/beans/"' in html
    assert 'src="https://blog.example.kr/media/posts/beans.jpg"' in html
    assert f'src="https://blog.example.kr{post.cover_image.url}"' in html  # cover first
    assert "&lt;b&gt;굵게&lt;/b&gt;" not in html and "<b>굵게</b>" in html  # author HTML kept
    assert 'src="/' not in html and 'href="/' not in html
    assert entry.summary.startswith("원두 가게 이야기")
    assert entry.author == post.author.display_name
    assert {tag.term for tag in entry.tags} == {"커피", "원두", "취미"}
    assert entry.published_parsed[:3] == post.published_at.utctimetuple()[:3]


def test_scripts_in_a_body_never_reach_a_feed(client, author):
    body = '<script>alert(1)</script><img src=x onerror="alert(2)">본문'
    PostFactory(author=author, title="위험한 글", body=body)
    raw = client.get(reverse("blog:feed")).content.decode()
    assert "<script" not in raw and "&lt;script" not in raw
    assert "onerror" not in raw


def test_video_embeds_become_links_in_feeds(client, author):
    PostFactory(author=author, body="영상입니다\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n")
    _, feed = parse(client, reverse("blog:feed_atom"))
    html = feed.entries[0].content[0].value
    assert "iframe" not in html
    assert 'href="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html


def test_drafts_and_scheduled_posts_stay_out_of_every_feed(client, posts):
    PostFactory(
        title="내일 공개",
        category=posts["coffee"],
        tags=["원두"],
        published_at=timezone.now() + timezone.timedelta(days=1),
    )
    for url in [
        reverse("blog:feed"),
        reverse("blog:feed_atom"),
        reverse("blog:category_feed", args=[posts["coffee"].slug]),
        reverse("blog:tag_feed_atom", args=["원두"]),
    ]:
        raw = client.get(url).content.decode()
        assert "쓰는 중인 초안" not in raw and "내일 공개" not in raw, url


@pytest.mark.parametrize("suffix", ["", "_atom"])
def test_category_feed_lists_only_that_category(client, posts, suffix):
    _, feed = parse(client, reverse(f"blog:category_feed{suffix}", args=[posts["coffee"].slug]))
    assert [entry.title for entry in feed.entries] == ["핸드드립 입문"]
    assert "커피" in feed.feed.title
    assert feed.feed.link == f"https://blog.example.kr{posts['coffee'].get_absolute_url()}"


@pytest.mark.parametrize("suffix", ["", "_atom"])
def test_tag_feed_with_a_korean_slug_lists_only_that_tag(client, posts, suffix):
    _, feed = parse(client, reverse(f"blog:tag_feed{suffix}", args=["걷기"]))
    assert [entry.title for entry in feed.entries] == ["제주 올레길"]
    assert "#걷기" in feed.feed.title


def test_unknown_category_or_tag_feed_is_404(client, posts):
    assert client.get(reverse("blog:category_feed", args=["없음"])).status_code == 404
    assert client.get(reverse("blog:tag_feed", args=["없음"])).status_code == 404


def test_pages_advertise_their_feeds(client, posts):
    home = client.get("/").content.decode()
    assert 'type="application/rss+xml" title="한글 블로그 (RSS)" href="/feed/"' in home
    assert 'type="application/atom+xml"' in home and 'href="/feed/atom/"' in home
    category = client.get(posts["coffee"].get_absolute_url()).content.decode()
    assert f'href="{reverse("blog:category_feed", args=[posts["coffee"].slug])}"' in category
    post_page = client.get(posts["newer"].get_absolute_url()).content.decode()
    assert f'href="{reverse("blog:post_comments_feed", args=[posts["newer"].slug])}"' in post_page


class TestCommentsFeed:
    def test_lists_public_comments_newest_first_without_secret_or_removed_ones(self, client, post):
        member = UserFactory(nickname="독자")
        make_comment(post, "첫 번째 댓글", user=member)
        make_comment(post, "두 번째 & <b>댓글</b>", name="손님")
        make_comment(post, "비밀 댓글 내용", name="몰래", is_secret=True)
        make_comment(post, "지워진 댓글", name="누군가", is_removed=True)
        make_comment(post, "승인 대기 댓글", name="대기", is_public=False)
        hidden_by_reports = make_comment(post, "신고로 숨김 HIDDENABUSE", name="악플")
        type(hidden_by_reports).objects.filter(pk=hidden_by_reports.pk).update(is_hidden=True)
        other = PostFactory(author=post.author)
        make_comment(other, "다른 글의 댓글", name="남")

        response, feed = parse(client, reverse("blog:post_comments_feed", args=[post.slug]))
        raw = response.content.decode()
        assert [entry.author for entry in feed.entries] == ["손님", "독자"]
        assert "두 번째 &amp; &lt;b&gt;댓글&lt;/b&gt;" in feed.entries[0].summary
        for hidden in ["비밀 댓글", "지워진 댓글", "승인 대기", "HIDDENABUSE", "다른 글의 댓글"]:
            assert hidden not in raw
        assert all(entry.link.startswith("https://blog.example.kr/") for entry in feed.entries)
        assert post.title in feed.feed.title

    def test_a_drafts_comments_have_no_feed(self, client, author):
        draft = PostFactory(author=author, status=Post.Status.DRAFT)
        assert client.get(reverse("blog:post_comments_feed", args=[draft.slug])).status_code == 404
