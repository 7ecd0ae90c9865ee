"""/sitemap.xml and /robots.txt, as a crawler reads them."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from blog import freshness
from blog.models import Post
from blog.sitemaps import SITEMAP_PART_SIZE
from tests.factories import AuthorFactory, CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _xml(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap_parts(client):
    """The part URLs listed by the sitemap index, as a crawler finds them."""
    index = _xml(client, "/sitemap.xml")
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    return [part.find("s:loc", NS).text for part in index.findall("s:sitemap", NS)]


def sitemap_entries(client):
    entries = {}
    for part in sitemap_parts(client):
        root = _xml(client, part.removeprefix("https://blog.example.kr"))
        for url in root.findall("s:url", NS):
            entries[url.find("s:loc", NS).text] = getattr(url.find("s:lastmod", NS), "text", None)
    return entries


def post_part_urls(client):
    return [p for p in sitemap_parts(client) if "/sitemap-posts.xml" in p]


def test_every_post_is_listed_once_in_parts_of_at_most_the_part_size(client, author, monkeypatch):
    monkeypatch.setattr("blog.sitemaps.SITEMAP_PART_SIZE", 2)
    posts = [PostFactory(author=author) for _ in range(3)]
    PostFactory(author=author, status=Post.Status.DRAFT)
    posts += [PostFactory(author=author) for _ in range(3)]
    parts = post_part_urls(client)
    assert 3 <= len(parts) <= 4  # 6 posts by id in blocks of 2, around a draft
    listed = []
    for part in parts:
        urls = _xml(client, part.removeprefix("https://blog.example.kr")).findall("s:url", NS)
        assert 1 <= len(urls) <= 2
        listed += [url.find("s:loc", NS).text for url in urls]
    expected = [f"https://blog.example.kr{iri_to_uri(post.get_absolute_url())}" for post in posts]
    assert sorted(listed) == sorted(expected)  # each exactly once
    last = max(int(part.rpartition("?p=")[2]) if "?p=" in part else 1 for part in parts)
    for missing in [f"?p={last + 1}", "?p=0", "?p=abc", "?p=%EC%9D%BC", "?p=99999999999"]:
        assert client.get(f"/sitemap-posts.xml{missing}").status_code == 404, missing
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_each_part_has_the_lastmod_of_its_latest_post(client, author, monkeypatch):
    """A crawler refetches only the part whose lastmod moved."""
    monkeypatch.setattr("blog.sitemaps.SITEMAP_PART_SIZE", 1)  # one post a part
    long_ago = timezone.now() - timezone.timedelta(days=300)
    old = PostFactory(author=author, published_at=long_ago)
    recent = PostFactory(author=author, published_at=timezone.now() - timezone.timedelta(days=2))
    Post.objects.filter(pk=old.pk).update(updated_at=long_ago)
    Post.objects.filter(pk=recent.pk).update(updated_at=recent.published_at)
    freshness.posts_changed()

    def part_lastmods():
        index = _xml(client, "/sitemap.xml")
        return {
            s.find("s:loc", NS).text: s.find("s:lastmod", NS).text
            for s in index.findall("s:sitemap", NS)
            if "/sitemap-posts.xml" in s.find("s:loc", NS).text
        }

    before = part_lastmods()
    assert len(before) == 2
    old_part = f"https://blog.example.kr/sitemap-posts.xml?p={old.pk + 1}"
    recent_part = f"https://blog.example.kr/sitemap-posts.xml?p={recent.pk + 1}"
    assert before[old_part].startswith(timezone.localtime(long_ago).date().isoformat())
    assert before[recent_part].startswith(timezone.localtime(recent.published_at).date().isoformat())
    old.title = "고친 제목"
    old.save()  # an edit: only its part moves
    after = part_lastmods()
    assert after[old_part].startswith(timezone.localdate().isoformat())
    assert after[recent_part] == before[recent_part]


def test_korean_slugs_are_written_as_reverse_writes_them(client, author):
    post = PostFactory(author=author, title="서울 맛집 & 여행기 (봄)")
    assert not post.slug.isascii()
    locations = sitemap_entries(client)
    assert f"https://blog.example.kr{iri_to_uri(post.get_absolute_url())}" in locations
    assert post.slug not in " ".join(locations)  # percent-encoded, as reverse() encodes


def test_queries_do_not_grow_with_posts_or_parts(client, author, monkeypatch, django_assert_max_num_queries):
    """The index: one grouped query for every posts' part (not one per part or per post)
    and one each for the small sections; a part: one query."""
    monkeypatch.setattr("blog.sitemaps.SITEMAP_PART_SIZE", 5)
    for _ in range(23):
        PostFactory(author=author, tags=["태그"])
    freshness.posts_changed()
    freshness.posts_version()
    with django_assert_max_num_queries(5):
        parts = post_part_urls(client)
    assert len(parts) >= 5
    for part in parts:
        with django_assert_max_num_queries(1):
            assert client.get(part.removeprefix("https://blog.example.kr")).status_code == 200


def test_parts_are_cached_until_a_post_changes(client, author, django_assert_num_queries):
    first = PostFactory(author=author)
    assert iri_to_uri(first.get_absolute_url()) in client.get("/sitemap-posts.xml").content.decode()
    assert client.get("/sitemap.xml").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/sitemap-posts.xml").status_code == 200
        assert client.get("/sitemap.xml").status_code == 200
    second = PostFactory(author=author)
    assert iri_to_uri(second.get_absolute_url()) in client.get("/sitemap-posts.xml").content.decode()


def test_lists_home_posts_categories_tags_and_authors_with_absolute_urls(client):
    writer = AuthorFactory(username="haneul")
    travel = CategoryFactory(name="여행")
    post = PostFactory(title="제주 여행", author=writer, category=travel, tags=["제주"])
    entries = sitemap_entries(client)
    base = "https://blog.example.kr"
    assert set(entries) == {
        f"{base}/",
        f"{base}{post.get_absolute_url()}",
        f"{base}{travel.get_absolute_url()}",
        f"{base}{reverse('blog:tag', args=['제주'])}",
        f"{base}{reverse('blog:author', args=['haneul'])}",
    }
    post.refresh_from_db()
    assert entries[f"{base}{post.get_absolute_url()}"] == timezone.localdate(post.updated_at).isoformat()


def test_post_lastmod_follows_the_last_edit(client, author):
    post = PostFactory(author=author, published_at=timezone.now() - timezone.timedelta(days=400))
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now() - timezone.timedelta(days=100))
    entries = sitemap_entries(client)
    lastmod = entries[f"https://blog.example.kr{post.get_absolute_url()}"]
    assert lastmod == timezone.localdate(timezone.now() - timezone.timedelta(days=100)).isoformat()


def test_no_drafts_scheduled_posts_or_their_only_categories_tags_and_authors(client, author):
    PostFactory(author=author, title="공개 글", category=CategoryFactory(name="공개분류"), tags=["공개태그"])
    hidden_author = AuthorFactory(username="drafter")
    secret_category = CategoryFactory(name="비공개분류")
    draft = PostFactory(
        author=hidden_author, category=secret_category, tags=["초안태그"], status=Post.Status.DRAFT
    )
    scheduled = PostFactory(
        author=hidden_author,
        category=secret_category,
        tags=["예약태그"],
        published_at=timezone.now() + timezone.timedelta(days=3),
    )
    locations = " ".join(sitemap_entries(client))
    for hidden in [
        draft.get_absolute_url(),
        scheduled.get_absolute_url(),
        secret_category.get_absolute_url(),
        reverse("blog:tag", args=["초안태그"]),
        reverse("blog:tag", args=["예약태그"]),
        reverse("blog:author", args=["drafter"]),
    ]:
        assert hidden not in locations
    assert reverse("blog:tag", args=["공개태그"]) in locations


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Sitemap: https://blog.example.kr/sitemap.xml" in text.splitlines()
    assert "Disallow: /admin/" in text
    assert "Disallow: /search/" in text
    assert "<" not in text  # no HTML escaping or markup leaked into a text file


@pytest.mark.postgres
def test_postgresql_knows_how_many_sitemap_parts_there_are(db):
    """The index groups on id / SITEMAP_PART_SIZE; the statistics on that expression (blog
    migration 0012) let the planner expect a few groups, not one per post."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    PostFactory.create_batch(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE blog_post")
        cursor.execute(f"EXPLAIN SELECT id / {SITEMAP_PART_SIZE}, max(updated_at) FROM blog_post GROUP BY 1")
        top_line = cursor.fetchone()[0]
    assert SITEMAP_PART_SIZE == 10_000  # the expression the statistics were made for
    assert "rows=1 " in top_line, top_line  # without them: rows=30, one group per post
