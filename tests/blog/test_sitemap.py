"""/sitemap.xml and /robots.txt, as a crawler reads them."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from tests.factories import AuthorFactory, CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: getattr(url.find("s:lastmod", NS), "text", None)
        for url in root.findall("s:url", NS)
    }


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
