"""방문자 통계: counted from a beacon (so cached pages count too), once per visitor a day,
bots left out, no address or cookie kept anywhere."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from blog import visits
from blog.models import Post, VisitCount
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
)


def beacon(client, post=None, address="203.0.113.7", agent=BROWSER):
    data = {"post": post.pk} if post else {}
    return client.post(reverse("blog:visit"), data, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def counts(post=None):
    visits.flush()
    return visits.stats([post.pk] if post else [])


def test_a_visitor_is_counted_once_a_day_for_the_blog_and_the_post(client):
    post = PostFactory()
    for _ in range(3):
        assert beacon(client, post).status_code == 204
    beacon(client)  # the same visitor on the front page
    result = counts(post)
    assert result["blog"] == {"today": 1, "yesterday": 0, "total": 1}
    assert result[post.pk]["today"] == 1
    beacon(client, post, address="198.51.100.20")
    result = counts(post)
    assert result["blog"]["today"] == 2 and result[post.pk]["today"] == 2


def test_same_address_with_another_browser_is_another_visitor(client):
    beacon(client)
    beacon(client, agent=BROWSER.replace("17_0", "16_4"))
    assert counts()["blog"]["today"] == 2


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd) Daum bot",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0",
        "python-requests/2.31",
        "",
    ],
)
def test_bots_are_not_counted(client, agent):
    assert beacon(client, agent=agent).status_code == 204
    assert counts()["blog"]["today"] == 0
    assert not VisitCount.objects.exists()


def test_drafts_and_unknown_posts_are_not_counted_but_the_blog_is(client):
    draft = PostFactory(status=Post.Status.DRAFT)
    beacon(client, draft)
    client.post(reverse("blog:visit"), {"post": "99999999"}, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.1")
    client.post(reverse("blog:visit"), {"post": "x\x00"}, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.2")
    assert counts(draft)[draft.pk]["today"] == 0
    assert counts()["blog"]["today"] == 3
    assert not VisitCount.objects.filter(post__isnull=False).exists()


def test_no_address_no_cookie_and_a_hash_that_changes_every_day(client, rf):
    response = beacon(client, address="203.0.113.99")
    assert not response.cookies
    # Nothing stored in the database but counts.
    assert {field.name for field in VisitCount._meta.get_fields()} == {"id", "day", "post", "count"}
    # The cache holds the day's hash, never the address.
    keys = list(cache._cache.keys())
    assert keys and not any("203.0.113.99" in key for key in keys)
    request = rf.get("/", REMOTE_ADDR="203.0.113.99", HTTP_USER_AGENT=BROWSER)
    today = datetime.date(2026, 11, 27)
    assert visits.visitor_hash(request, today) == visits.visitor_hash(request, today)
    assert visits.visitor_hash(request, today) != visits.visitor_hash(
        request, today + datetime.timedelta(days=1)
    )


def test_counting_does_not_depend_on_the_page_render(client):
    """A page served from a cache never reaches Django: the beacon alone counts."""
    post = PostFactory()
    assert client.get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200
    assert counts(post)["blog"]["today"] == 0
    beacon(client, post)
    assert counts(post)[post.pk]["today"] == 1


def test_the_page_loads_the_beacon_script_with_the_post_id(client):
    post = PostFactory()
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'data-url="{reverse("blog:visit")}" data-post="{post.pk}"' in page


def test_yesterday_and_total_come_from_the_flushed_rows(client):
    post = PostFactory()
    today = visits.today()
    VisitCount.objects.create(day=today - datetime.timedelta(days=1), count=5)
    VisitCount.objects.create(day=today - datetime.timedelta(days=30), count=7)
    VisitCount.objects.create(day=today - datetime.timedelta(days=1), post=post, count=2)
    beacon(client, post)
    result = counts(post)
    assert result["blog"] == {"today": 1, "yesterday": 5, "total": 13}
    assert result[post.pk] == {"today": 1, "yesterday": 2, "total": 3}


def test_a_cache_outage_loses_the_visit_not_the_request(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "add", broken)
    assert beacon(client).status_code == 204


def test_the_beacon_accepts_only_post(client):
    assert client.get(reverse("blog:visit")).status_code == 405


def test_the_sidebar_shows_visitors_only_when_the_setting_is_on(client, settings):
    VisitCount.objects.create(day=visits.today() - datetime.timedelta(days=1), count=42)
    assert "sidebar-visitors" not in client.get("/").content.decode()
    settings.BLOG_SIDEBAR_VISITS = True
    page = client.get("/").content.decode()
    assert "sidebar-visitors" in page and "<dd>42</dd>" in page


def test_a_beacon_from_another_sites_page_is_not_counted(client):
    client.post(reverse("blog:visit"), HTTP_USER_AGENT=BROWSER, HTTP_ORIGIN="https://elsewhere.example")
    assert counts()["blog"]["today"] == 0
    client.post(reverse("blog:visit"), HTTP_USER_AGENT=BROWSER, HTTP_ORIGIN="http://testserver")
    assert counts()["blog"]["today"] == 1
