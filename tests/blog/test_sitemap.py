"""/sitemap.xml and /robots.txt, as a crawler reads them."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from blog.models import Post
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


def test_every_post_is_listed_in_parts_of_at_most_the_part_size(client, author, monkeypatch):
    from blog.sitemaps import PostSitemap

    monkeypatch.setattr(PostSitemap, "limit", 2)
    posts = [PostFactory(author=author) for _ in range(5)]
    parts = sitemap_parts(client)
    post_parts = [p for p in parts if "/sitemap-posts.xml" in p]
    assert len(post_parts) == 3  # 2 + 2 + 1
    for part in post_parts:
        assert len(_xml(client, part.removeprefix("https://blog.example.kr")).findall("s:url", NS)) <= 2
    entries = sitemap_entries(client)
    assert all(f"https://blog.example.kr{post.get_absolute_url()}" in entries for post in posts)
    assert client.get("/sitemap-posts.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


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
