"""Feeds, the sitemap, robots.txt, the canonical link and og:url are on SITE_URL, whatever
Host header the request came with (a proxy or cache in front would otherwise keep links to
a host an attacker chose)."""

import re

import feedparser
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OTHER_HOST = {"HTTP_HOST": "attacker.example", "secure": False}


@pytest.fixture
def any_host(settings):
    settings.ALLOWED_HOSTS = ["attacker.example", "testserver"]
    settings.SITE_URL = "https://blog.example.kr"


def urls_in(text):
    return set(re.findall(r"https?://[^\s\"'<>]+", text))


def test_every_absolute_url_is_on_site_url(client, post, any_host):
    pages = {
        "post": client.get(post.get_absolute_url(), **OTHER_HOST),
        "feed": client.get(reverse("blog:feed"), **OTHER_HOST),
        "atom": client.get(reverse("blog:feed_atom"), **OTHER_HOST),
        "comments feed": client.get(
            reverse("blog:post_comments_feed", kwargs={"slug": post.slug}), **OTHER_HOST
        ),
        "sitemap": client.get(reverse("sitemap"), **OTHER_HOST),
        "sitemap part": client.get(reverse("sitemap_part", args=["posts"]), **OTHER_HOST),
        "robots": client.get(reverse("robots"), **OTHER_HOST),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.content.decode()
        assert "attacker.example" not in text, name
        ours = {url for url in urls_in(text) if url.startswith("https://blog.example.kr/")}
        assert ours, name
    html = pages["post"].content.decode()
    canonical = f"https://blog.example.kr{post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    feed = feedparser.parse(pages["feed"].content)
    assert feed.feed.link == "https://blog.example.kr/"
    assert feed.entries[0].link == canonical
    assert "Sitemap: https://blog.example.kr/sitemap.xml" in pages["robots"].content.decode()
    assert "<loc>https://blog.example.kr/sitemap-posts.xml</loc>" in pages["sitemap"].content.decode()
    assert f"<loc>{canonical}</loc>" in pages["sitemap part"].content.decode()
