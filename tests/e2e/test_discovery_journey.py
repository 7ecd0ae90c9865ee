"""A reader searches a Korean word, opens a result, likes it (inline, with JavaScript), and
the like survives a reload; another reader without JavaScript likes it with the plain form."""

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import AuthorFactory, CategoryFactory, PostFactory, image_upload


def _posts():
    author = AuthorFactory(nickname="하늘")
    daily = CategoryFactory(name="일상")
    now = timezone.now()
    older = PostFactory(
        title="비 오는 날의 산책",
        author=author,
        category=daily,
        published_at=now - timedelta(days=3),
        body="우산을 쓰고 천천히 걸었습니다.",
    )
    post = PostFactory(
        title="집에서 핸드드립 커피 내리기",
        author=author,
        category=daily,
        tags=["커피", "취미"],
        published_at=now - timedelta(days=2),
        body=("주말 아침마다 집에서 커피를 내립니다. " * 70)
        + "\n\n원두는 로스팅한 지 일주일 지난 것이 가장 좋았습니다.",
        cover_image=image_upload(size=(1400, 800)),
        cover_alt="드리퍼와 커피잔",
    )
    PostFactory(
        title="카페 순례 기록",
        author=author,
        category=daily,
        published_at=now - timedelta(days=1),
        body="동네 카페 세 곳을 다녀왔습니다. 라떼가 맛있는 곳, 커피보다 빵이 좋은 곳.",
    )
    PostFactory(title="제주 올레길", author=author, category=daily, body="바다를 보며 걸었습니다.")
    return older, post


def test_reader_searches_opens_likes_and_the_like_survives_a_reload(
    new_page, browser, live_server, screenshot
):
    older, post = _posts()
    page = new_page(1280, 900)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    # Search from the header box on the front page (behind the 검색 · 언어 button).
    page.goto("/")
    page.locator(".site-tools summary").click()
    page.get_by_role("searchbox").first.fill("커피")
    page.get_by_role("searchbox").first.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=%EC%BB%A4%ED%94%BC$"))
    results = page.locator(".search-result")
    expect(results).to_have_count(2)
    first = results.first
    expect(first.locator(".search-result__title")).to_have_text("집에서 핸드드립 커피 내리기")
    expect(first.locator(".search-result__title mark")).to_have_text("커피")
    expect(first.locator(".search-result__snippet mark").first).to_have_text("커피")
    expect(page.locator("text=제주 올레길")).to_have_count(0)
    screenshot(page, "search-desktop")

    # Open the best result: reading time, like button at 0, share buttons, prev/next.
    first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/posts/.+/$"))
    expect(page.locator("h1.post__title")).to_have_text("집에서 핸드드립 커피 내리기")
    expect(page.locator(".post__header .reading-time")).to_have_text(re.compile(r"^2(분 읽기| min read)$"))
    like = page.locator(".like-button")
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(like.locator("[data-like-count]")).to_have_text("0")
    expect(page.locator("a[rel=prev]")).to_contain_text(older.title)
    expect(page.locator("a[rel=next]")).to_contain_text("카페 순례 기록")

    # Like it inline: no navigation, the count and state change in place.
    page.evaluate("window.__samePage = true")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator("[data-like-count]")).to_have_text("1")
    assert page.evaluate("window.__samePage === true"), "liking reloaded the page"

    # Copy the link (no third-party script involved).
    copy = page.locator("[data-share-copy]")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator("[data-share-status]")).not_to_be_empty()
    # The canonical address (SITE_URL), not whichever host the page was opened on.
    assert page.evaluate("navigator.clipboard.readText()") == f"{settings.SITE_URL}{post.get_absolute_url()}"
    screenshot(page, "post-liked-desktop")

    # The like survives a reload.
    page.reload()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator("[data-like-count]")).to_have_text("1")

    # Unlike and like again inline: still one like from this browser.
    like.click()
    expect(like.locator("[data-like-count]")).to_have_text("0")
    like.click()
    expect(like.locator("[data-like-count]")).to_have_text("1")

    # A second reader, without JavaScript, likes it with the plain form.
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    try:
        plain = context.new_page()
        plain.goto(post.get_absolute_url())
        plain_like = plain.locator(".like-button")
        expect(plain_like.locator("[data-like-count]")).to_have_text("1")
        expect(plain.locator("[data-share-copy]")).to_be_hidden()
        plain_like.click()
        expect(plain).to_have_url(re.compile(r"#like$"))
        expect(plain_like).to_have_attribute("aria-pressed", "true")
        expect(plain_like.locator("[data-like-count]")).to_have_text("2")
    finally:
        context.close()

    page.reload()
    expect(like.locator("[data-like-count]")).to_have_text("2")
    screenshot(page, "post-desktop-after-likes")

    # On a phone: the page still fits, the search box opens from the header's button.
    phone = new_page(390, 844)
    phone.goto(post.get_absolute_url())
    phone.locator(".site-tools summary").click()
    expect(phone.get_by_role("searchbox").first).to_be_visible()
    phone.locator(".site-tools summary").click()
    expect(phone.locator(".like-button [data-like-count]")).to_have_text("2")
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
        "the post page scrolls sideways on a phone"
    )
    screenshot(phone, "post-phone-discovery")
    phone.goto("/search/?q=커피")
    screenshot(phone, "search-phone")
