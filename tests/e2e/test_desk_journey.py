"""The author's writing desk, as issue #9 lists it: a non-superuser author clicks 글쓰기,
writes Korean with a heading, sees it in the preview without saving, pastes an image,
reloads and finds the autosaved text, schedules and previews on the same host, publishes
and finds the image on the front page with width/height/srcset. And axe on the desk."""

import re

from playwright.sync_api import expect

from tests.factories import AuthorFactory, PostFactory

PASSWORD = "correct-horse-battery"

PASTE_PNG = """async (textarea) => {
  const canvas = document.createElement("canvas");
  canvas.width = 1200; canvas.height = 800;
  const context = canvas.getContext("2d");
  context.fillStyle = "#e3572b"; context.fillRect(0, 0, 1200, 800);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const data = new DataTransfer();
  data.items.add(new File([blob], "clipboard.png", { type: "image/png" }));
  const paste = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
  textarea.dispatchEvent(paste);
}"""

COMPOSING_CTRL_B = """(textarea) => {
  const before = textarea.value;
  textarea.dispatchEvent(new CompositionEvent("compositionstart", { data: "" }));
  textarea.dispatchEvent(new KeyboardEvent("keydown", {
    key: "b", code: "KeyB", ctrlKey: true, isComposing: true, bubbles: true, cancelable: true }));
  textarea.dispatchEvent(new KeyboardEvent("keydown", {
    key: "Process", keyCode: 229, ctrlKey: true, bubbles: true, cancelable: true }));
  const unchanged = textarea.value === before;
  textarea.dispatchEvent(new CompositionEvent("compositionend", { data: "" }));
  return unchanged;
}"""


def _author():
    author = AuthorFactory(username="writer", nickname="글쓴이")
    author.set_password(PASSWORD)
    author.save()
    return author


def _log_in(page):
    page.goto("/admin/login/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_author_writes_previews_pastes_autosaves_schedules_and_publishes(page, live_server, screenshot):
    _author()
    _log_in(page)
    page.goto("/")
    page.get_by_role("link", name="글쓰기").click()
    expect(page).to_have_url(re.compile(r"/admin/blog/post/add/$"))

    page.fill("#id_title", "가을 산책")
    body = page.locator("#id_body")
    body.click()
    page.keyboard.type("## 단풍 길\n\n오늘은 북한산에 다녀왔습니다.\n\n끝.")
    # Shortcuts wait while an IME composition is open (Korean input), then work.
    assert body.evaluate(COMPOSING_CTRL_B)
    page.keyboard.press("Control+b")
    expect(body).to_have_value(re.compile(r"끝\.\*\*텍스트\*\*$"))
    page.keyboard.type("정말")  # the placeholder was selected: typing replaces it
    expect(body).to_have_value(re.compile(r"끝\.\*\*정말\*\*$"))

    # The preview renders the heading through the server, without saving anything.
    preview = page.frame_locator(".editor__frame")
    expect(preview.locator("h2")).to_have_text("단풍 길")
    expect(preview.locator("h1")).to_have_text("가을 산책")

    # Paste an image with the cursor after "다녀왔습니다.": the Markdown lands there.
    position = body.input_value().index("다녀왔습니다.") + len("다녀왔습니다.")
    body.evaluate(f"(textarea) => textarea.setSelectionRange({position}, {position})")
    body.evaluate(PASTE_PNG)
    expect(page.locator("#editor-alt-text")).to_be_visible()
    page.fill("#editor-alt-text", "주황색 노을")
    page.click(".editor-alt button[value=ok]")
    expect(body).to_have_value(
        re.compile(r"다녀왔습니다\.!\[주황색 노을\]\(/media/posts/[^)]+\.png\)\n\n끝\.\*\*정말\*\*$")
    )
    expect(preview.locator("img[alt='주황색 노을']")).to_be_visible()
    expect(page.locator(".editor__status")).to_contain_text(re.compile(r"저장됨 \d\d:\d\d"))
    screenshot(page, "desk-editor-desktop")

    # A closed tab, a reload: the autosaved text comes back.
    text = body.input_value()
    page.reload()
    expect(page.locator("#id_body")).to_have_value(text)
    expect(page.locator(".editor-restored")).to_be_visible()

    # Schedule it, then preview it on the host the author is using.
    page.get_by_role("radio", name="예약 발행").check()
    page.fill("#id_published_at", "2099-01-02T09:30")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("2099.01.02 09:30")
    view = page.locator("a.viewsitelink")
    href = view.get_attribute("href")
    assert href.startswith("/posts/"), href
    view.click()
    expect(page).to_have_url(re.compile("^" + re.escape(live_server.url) + r"/posts/"))
    expect(page.locator(".draft-banner")).to_contain_text("2099.01.02")
    expect(page.locator("h1.post__title")).to_have_text("가을 산책")
    page.go_back()

    # Publish (Ctrl+S saves and stays), then the post is on the front page.
    page.get_by_role("radio", name="발행", exact=True).check()
    page.locator("#id_body").press("Control+s")
    expect(page.locator(".messagelist")).to_contain_text("글이 발행되었습니다")
    page.goto("/")
    page.get_by_role("link", name="가을 산책").first.click()
    image = page.locator(".post__body img[alt='주황색 노을']")
    expect(image).to_be_visible()
    assert image.get_attribute("width") == "1200" and image.get_attribute("height") == "800"
    srcset = image.get_attribute("srcset")
    assert "480w" in srcset and "960w" in srcset and "1200w" in srcset, srcset
    expect(page.locator(".post__body h2")).to_have_text("단풍 길")


def test_desk_and_editor_pass_axe_and_fit_a_phone(new_page, axe, screenshot):
    author = _author()
    PostFactory(author=author, title="올린 글")
    PostFactory(author=author, title="쓰는 중", status="draft")
    for width in (1280, 390):
        page = new_page(width=width, height=900)
        _log_in(page)
        page.goto("/admin/")
        expect(page.locator(".desk")).to_be_visible()
        assert axe(page) == []
        screenshot(page, f"desk-{width}")
        page.goto("/admin/blog/post/add/")
        expect(page.locator(".editor")).to_be_visible()
        page.fill("#id_title", "제목")
        page.locator("#id_body").fill("## 소제목\n\n본문")
        assert axe(page) == []
        fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        assert page.evaluate(fits), f"the editor scrolls sideways at {width}px"
        screenshot(page, f"desk-add-post-{width}")
        if width == 390:
            page.get_by_role("tab", name="미리보기").click()
            expect(page.frame_locator(".editor__frame").locator("h2")).to_have_text("소제목")
            screenshot(page, "desk-add-post-390-preview", full_page=False)


def test_a_bad_file_is_refused_in_korean_and_the_text_stays(page, tmp_path):
    _author()
    _log_in(page)
    page.goto("/admin/blog/post/add/")
    body = page.locator("#id_body")
    body.fill("지우면 안 되는 글입니다.")
    body.press("End")
    not_an_image = tmp_path / "메모.png"
    not_an_image.write_bytes(b"this is not a picture")
    page.set_input_files(".editor__file", str(not_an_image))
    expect(page.locator(".editor__upload--error [role=alert]")).to_contain_text("올바른 이미지")
    expect(body).to_have_value("지우면 안 되는 글입니다.")


def test_korean_ime_composition_through_the_browser(page):
    """A real composition (Chromium's IME API over DevTools): while 한 is being composed
    nothing reformats the text or moves the cursor, and the committed text is right."""
    _author()
    _log_in(page)
    page.goto("/admin/blog/post/add/")
    body = page.locator("#id_body")
    body.fill("가을 ")
    body.press("End")
    cdp = page.context.new_cdp_session(page)
    for partial in ("ㅎ", "하", "한"):
        cdp.send("Input.imeSetComposition", {"text": partial, "selectionStart": 1, "selectionEnd": 1})
    page.keyboard.press("Control+b")  # ignored mid-composition
    cdp.send("Input.insertText", {"text": "한"})
    cdp.send("Input.imeSetComposition", {"text": "ㄱ", "selectionStart": 1, "selectionEnd": 1})
    cdp.send("Input.insertText", {"text": "글"})
    expect(body).to_have_value("가을 한글")
    assert body.evaluate("(t) => t.selectionStart === t.value.length && t.selectionEnd === t.value.length")
    expect(page.frame_locator(".editor__frame").locator(".post__body")).to_contain_text("가을 한글")
    # The autosave of the typing has landed: no request of this page is still writing to the
    # database when the test's teardown empties it (SQLite: "database table is locked").
    expect(page.locator(".editor__status")).to_contain_text(re.compile(r"저장됨 \d\d:\d\d"))


def test_a_readers_browser_sends_the_visit_beacon(browser, live_server):
    """The count comes from static/js/visits.js in a real browser (a reader's user agent:
    HeadlessChrome itself is left out as a bot), once per visitor and day."""
    from blog import visits

    post = PostFactory(title="읽히는 글")
    context = browser.new_context(
        base_url=live_server.url,
        user_agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0",
    )
    try:
        page = context.new_page()
        with page.expect_request(lambda request: request.url.endswith("/visit/")):
            page.goto(post.get_absolute_url())
        with page.expect_request(lambda request: request.url.endswith("/visit/")):
            page.reload()
        page.wait_for_timeout(300)
    finally:
        context.close()
    visits.flush()
    result = visits.stats([post.pk])
    assert result["blog"]["today"] == 1
    assert result[post.pk]["today"] == 1
