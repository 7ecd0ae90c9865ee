"""A reader reads; an author writes in the admin and the post appears on the front page."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import travel_post
from tests.factories import AuthorFactory, PostFactory, image_upload


def _post_with_picture():
    post = travel_post(
        "제주 바다 산책",
        "파도 소리를 들으며 걸었습니다.",
        ["제주", "바다"],
        cover_image=image_upload(size=(1400, 800)),
        cover_alt="제주 바다 풍경",
    )
    from blog.models import PostImage

    picture = PostImage.objects.create(post=post, alt="해변의 조개껍데기", image=image_upload())
    post.body = f"{post.body}\n\n{picture.markdown}"
    post.save()
    return post


def test_reader_opens_the_index_then_a_post(page, screenshot):
    post = _post_with_picture()
    PostFactory(title="경주 가을 여행", author=post.author, category=post.category)

    page.goto("/")
    expect(page.locator(".post-card__title", has_text="제주 바다 산책")).to_be_visible()
    screenshot(page, "index-desktop")
    page.get_by_role("link", name="제주 바다 산책").first.click()

    expect(page).to_have_url(re.compile(re.escape(post.get_absolute_url()) + "$"))
    expect(page.locator("h1.post__title")).to_have_text("제주 바다 산책")
    expect(page.locator(".post__body")).to_contain_text("파도 소리를 들으며 걸었습니다.")
    body_image = page.locator(".post__body img[alt='해변의 조개껍데기']")
    expect(body_image).to_be_visible()
    assert body_image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator(".post__body .video-embed")).to_have_attribute(
        "data-src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    expect(page.locator(".posted-by")).to_contain_text("Posted by")
    expect(page.locator(".posted-by")).to_contain_text("하늘")
    expect(page.locator(".related")).to_contain_text("[관련글]")
    expect(page.locator(".related")).to_contain_text("경주 가을 여행")
    screenshot(page, "post-desktop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    no_horizontal_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_horizontal_scroll, "the post page scrolls sideways on a phone"
    screenshot(page, "post-phone")


def test_author_writes_and_publishes_a_post_with_an_image(page, screenshot, tmp_path):
    author = AuthorFactory(username="writer", nickname="글쓴이")
    author.set_password("correct-horse-battery")
    author.save()
    picture_path = tmp_path / "photo.jpg"
    picture_path.write_bytes(image_upload(size=(2400, 1600)).read())

    page.goto("/admin/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto("/admin/blog/post/add/")
    page.fill("#id_title", "관리자에서 쓴 새 글")
    page.fill("#id_body", "브라우저에서 쓴 **본문**입니다.\n\n")
    page.locator("#id_body").press("Control+End")
    page.check("input[name=status][value=published]")
    # The editor's file chooser: uploaded at once, then the alt text is asked for.
    page.set_input_files(".editor__file", str(picture_path))
    page.fill("#editor-alt-text", "창가의 화분")
    page.click(".editor-alt button[value=ok]")
    expect(page.locator("#id_body")).to_have_value(re.compile(r"!\[창가의 화분\]\(/media/posts/"))
    screenshot(page, "admin-add-post")
    page.click("input[name=_save]")
    page.goto("/")
    page.get_by_role("link", name="관리자에서 쓴 새 글").first.click()
    expect(page.locator(".post__body strong")).to_have_text("본문")
    image = page.locator(".post__body img[alt='창가의 화분']")
    expect(image).to_be_visible()
    assert image.get_attribute("width") == "1600"
    # The 760 px column picks a smaller copy from srcset, not the 1,600 px original.
    assert image.evaluate("img => img.complete && img.currentSrc !== img.src")
    expect(page.locator(".posted-by")).to_contain_text("글쓴이")
    screenshot(page, "author-post-published")
