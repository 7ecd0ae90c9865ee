"""A post page asks nothing of another host until the reader clicks play (point 8 of
issue 11); then the privacy-enhanced player appears with a Korean title."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.factories import PostFactory


def test_no_request_to_another_host_until_play_is_clicked(new_page, live_server, screenshot, db):
    post = PostFactory(
        title="바다 영상", body="파도 소리.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n끝."
    )
    page = new_page(390, 844)
    own = urlsplit(live_server.url).netloc
    foreign = []
    page.on(
        "request",
        lambda request: foreign.append(request.url) if urlsplit(request.url).netloc != own else None,
    )
    # The machine is offline: answer the player's request ourselves instead of waiting.
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="<p>player</p>"))

    page.goto(post.get_absolute_url())
    facade = page.locator(".post__body .video-embed")
    facade.scroll_into_view_if_needed()
    play = facade.get_by_role("link", name="YouTube 동영상 재생")
    expect(play).to_be_visible()
    box = play.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 150  # the whole picture is the button
    page.wait_for_load_state("networkidle")
    screenshot(page, "video-facade-phone", full_page=False)
    assert foreign == [], foreign

    play.click()
    frame = facade.locator("iframe")
    expect(frame).to_have_attribute("title", "YouTube 동영상")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
    page.wait_for_load_state("networkidle")
    assert foreign and all(urlsplit(url).netloc == "www.youtube-nocookie.com" for url in foreign), foreign
