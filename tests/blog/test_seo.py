"""What search engines, link previews and readers see around a post: canonical URL, Open
Graph / Twitter cards, JSON-LD, noindex on drafts, previous/next links, share buttons and
the year/month archive."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from tests.factories import PostFactory, UserFactory, image_upload

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.scripts, self._script = {}, [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self._script = {"attrs": attrs, "text": ""}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script)
            self._script = None


def head(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return response, parser


def one(parser, name):
    values = parser.meta.get(name, [])
    assert len(values) == 1, (name, values)
    return values[0]


def json_ld(parser):
    blocks = [s for s in parser.scripts if s["attrs"].get("type") == "application/ld+json"]
    assert len(blocks) == 1
    return json.loads(blocks[0]["text"])


@pytest.fixture
def cover_post(author):
    return PostFactory(
        author=author,
        title="제주 올레길 7코스",
        tags=["제주", "걷기"],
        excerpt="바다를 끼고 걷는 길, 외돌개에서 월평까지.",
        cover_image=image_upload(size=(1200, 630)),
        cover_alt="바다와 절벽",
    )


def test_post_has_canonical_open_graph_and_twitter_card(client, cover_post):
    response, page = head(client, cover_post.get_absolute_url())
    url = f"https://blog.example.kr{cover_post.get_absolute_url()}"
    assert [link["href"] for link in page.links if link.get("rel") == "canonical"] == [url]
    assert one(page, "og:type") == "article"
    assert one(page, "og:url") == url
    assert one(page, "og:title") == "제주 올레길 7코스"
    # Said once (page weight): sharing sites fall back from og:description to the description.
    assert "og:description" not in page.meta
    assert one(page, "description") == "바다를 끼고 걷는 길, 외돌개에서 월평까지."
    image = f"https://blog.example.kr{cover_post.cover_image.url}"
    assert one(page, "og:image") == image
    assert (one(page, "og:image:width"), one(page, "og:image:height")) == ("1200", "630")
    assert one(page, "og:image:alt") == "바다와 절벽"
    assert one(page, "twitter:card") == "summary_large_image"
    # twitter:title and twitter:image fall back to og:title and og:image.
    assert "twitter:image" not in page.meta and "twitter:title" not in page.meta
    assert sorted(page.meta["article:tag"]) == ["걷기", "제주"]
    assert "robots" not in page.meta
    assert "X-Robots-Tag" not in response


def test_json_ld_blog_posting_matches_the_page(client, cover_post):
    response, page = head(client, cover_post.get_absolute_url())
    data = json_ld(page)
    html = response.content.decode()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    h1 = re.search(r'<h1 class="post__title">(.*?)</h1>', html)[1]
    assert data["headline"] == h1 == "제주 올레길 7코스"
    assert "description" not in data  # <meta name="description"> says it
    assert data["author"] == {
        "@type": "Person",
        "name": cover_post.author.display_name,
        "url": f"https://blog.example.kr/author/{cover_post.author.username}/",
    }
    assert cover_post.author.display_name in html
    shown = re.search(r'<header class="post__header">.*?<time datetime="([^"]+)"', html, re.S)[1]
    assert timezone.datetime.fromisoformat(data["datePublished"]) == timezone.datetime.fromisoformat(shown)
    assert data["datePublished"] == one(page, "article:published_time")
    assert data["dateModified"] == one(page, "article:modified_time")
    assert data["dateModified"] >= data["datePublished"]
    assert data["image"]["url"] == one(page, "og:image")
    assert (data["image"]["width"], data["image"]["height"]) == (1200, 630)
    # Nothing the page's other tags already say (url, section, tags): said once.
    assert not {"mainEntityOfPage", "url", "keywords", "articleSection", "publisher"} & set(data)


def test_a_title_that_closes_script_cannot_break_out_of_json_ld(client, author):
    title = '</script><script>alert("x")</script> & 제목'
    post = PostFactory(author=author, title=title)
    response, page = head(client, post.get_absolute_url())
    assert json_ld(page)["headline"] == title
    assert '<script>alert("x")' not in response.content.decode()
    assert one(page, "og:title") == title


def test_post_without_cover_gets_a_summary_card_and_no_image(client, post):
    _, page = head(client, post.get_absolute_url())
    assert one(page, "twitter:card") == "summary"
    assert "og:image" not in page.meta
    assert "image" not in json_ld(page)
    assert one(page, "description") == post.excerpt


def test_drafts_carry_noindex_in_the_page_and_the_header(client, author):
    draft = PostFactory(author=author, status=Post.Status.DRAFT)
    client.force_login(author)
    response, page = head(client, draft.get_absolute_url())
    assert "noindex" in one(page, "robots")
    assert response["X-Robots-Tag"] == "noindex"


class TestPreviousNext:
    def test_links_to_the_neighbouring_published_posts(self, client, author):
        now = timezone.now()
        first = PostFactory(author=author, title="첫째", published_at=now - timezone.timedelta(days=3))
        PostFactory(
            author=author,
            title="초안",
            status=Post.Status.DRAFT,
            published_at=now - timezone.timedelta(days=2),
        )
        second = PostFactory(author=author, title="둘째", published_at=now - timezone.timedelta(days=1))
        PostFactory(author=author, title="예약", published_at=now + timezone.timedelta(days=1))

        html = client.get(second.get_absolute_url()).content.decode()
        assert f'rel="prev" href="{first.get_absolute_url()}"' in html
        assert 'rel="next"' not in html  # the scheduled post is not public yet
        html = client.get(first.get_absolute_url()).content.decode()
        assert f'rel="next" href="{second.get_absolute_url()}"' in html
        assert 'rel="prev"' not in html

    def test_posts_published_at_the_same_moment_still_chain(self, client, author):
        moment = timezone.now() - timezone.timedelta(hours=1)
        a, b, c = (PostFactory(author=author, published_at=moment) for _ in range(3))
        html = client.get(b.get_absolute_url()).content.decode()
        assert f'rel="prev" href="{a.get_absolute_url()}"' in html
        assert f'rel="next" href="{c.get_absolute_url()}"' in html


def test_share_box_holds_the_canonical_url_and_no_third_party_script(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    # blog.js shares the page's canonical link (said once in the <head>).
    assert f'<link rel="canonical" href="https://blog.example.kr{post.get_absolute_url()}">' in html
    assert "data-share-url" not in html and 'document.querySelector("link[rel=canonical]")' in (
        Path(finders.find("js/blog.js")).read_text()
    )
    assert re.search(r"<button[^>]*data-share-copy hidden>", html)
    assert re.search(r"<button[^>]*data-share-native hidden>", html)
    sources = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert sources and all(src.startswith("/static/") for src in sources)
    assert "/static/js/blog.js" in sources


def test_sidebar_archive_groups_months_under_years_with_counts(client, author):
    def at(year, month):
        return timezone.make_aware(timezone.datetime(year, month, 15, 12))

    for when in [at(2024, 11), at(2024, 11), at(2024, 3), at(2025, 1)]:
        PostFactory(author=author, published_at=when)
    PostFactory(author=author, published_at=at(2024, 3), status=Post.Status.DRAFT)
    html = client.get("/").content.decode()
    assert re.search(r'href="/archive/2024/">2024(년)?</a> <span class="count">\(3\)</span>', html)
    assert re.search(r'href="/archive/2025/">2025(년)?</a> <span class="count">\(1\)</span>', html)
    assert re.search(r'href="/archive/2024/11/">2024.11</a> <span class="count">\(2\)</span>', html)
    assert re.search(r'href="/archive/2024/3/">2024.03</a> <span class="count">\(1\)</span>', html)
    assert html.index("/archive/2025/") < html.index("/archive/2024/")
    year_page = client.get(reverse("blog:archive_year", args=[2024]))
    assert len(year_page.context["posts"]) == 3
    assert client.get("/archive/1066/").status_code == 404


class TestPostPageQueries:
    """Likes, tags, neighbours and the reader's own like never add per-item queries."""

    def _count(self, client, url, django_assert_max_num_queries):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        assert client.get(url).status_code == 200  # warm: sidebar, neighbours, related posts
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_fixed_for_guests_and_members(self, client, author, django_assert_max_num_queries):
        small = PostFactory(author=author, tags=["하나"])
        big = PostFactory(author=author, tags=[f"태그{n}" for n in range(8)])
        for _ in range(5):
            PostFactory(author=author, category=big.category)
        big.like_count = 50
        big.save()
        counts = {self._count(client, p.get_absolute_url(), None) for p in (small, big)}
        assert len(counts) == 1, counts

        client.post(reverse("blog:post_like", args=[small.slug]), {"action": "like"})
        guest_with_cookie = {self._count(client, p.get_absolute_url(), None) for p in (small, big)}
        # An anonymous reader gets the post and its comments from the shared cache (no
        # query); the like cookie makes a personal reader: the post, the comment skeleton
        # and their own like.
        assert counts == {0}
        assert guest_with_cookie == {3}

        client.force_login(UserFactory())
        member = {self._count(client, p.get_absolute_url(), None) for p in (small, big)}
        assert len(member) == 1
        # Session, user, post (with previous/next as subqueries), tags, related posts, own
        # like, the comments block's queries (4 for a member today) and the sidebar (2).
        # Raise this only for a deliberate new query, never for one per tag, like or post.
        with django_assert_max_num_queries(11):
            client.get(big.get_absolute_url())
