"""The reader's page on a 390×844 phone: thumb-sized targets, a one-row header whose
search and language open without JavaScript, and a dark palette."""

import itertools

import pytest
from playwright.sync_api import expect

from tests.comments.conftest import make_comment
from tests.factories import AuthorFactory, ModeratorFactory, PostFactory

PHONE = (390, 844)


def boxes(page, selector):
    """(label, width, height) of every visible element matching `selector`."""
    return page.eval_on_selector_all(
        selector,
        """els => els.filter(e => e.offsetParent !== null).map(e => {
            const r = e.getBoundingClientRect();
            return [(e.textContent || e.getAttribute('aria-label') || e.name || e.tagName).trim(),
                    Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10];
        })""",
    )


def test_every_comment_action_and_checkbox_is_thumb_sized_on_a_phone(new_page, screenshot, db):
    author = AuthorFactory(nickname="하늘")
    post = PostFactory(title="손가락 크기", author=author)
    first = make_comment(post, text="첫 댓글", name="나그네")
    make_comment(post, text="답글", user=author, parent=first)
    make_comment(post, text="두 번째 댓글 https://example.com", name="지우")
    page = new_page(*PHONE)
    page.goto(post.get_absolute_url())

    actions = boxes(page, ".comment > article > ul a")
    # 신고, 댓글주소, 수정/삭제, 댓글쓰기 on both guest comments; no 수정/삭제 on the member's reply.
    assert len(actions) >= 11, actions
    names = {name for name, _w, _h in actions}
    assert {"신고", "댓글주소", "수정/삭제", "댓글쓰기"} <= names
    small = [(n, w, h) for n, w, h in actions if h < 40 or w < 24]
    assert not small, f"comment actions under 40 px tall / 24 px wide: {small}"

    # Neighbouring actions do not overlap (a thumb on one never lands on the next).
    rects = page.eval_on_selector_all(
        f"#comment-{first.pk} > article > ul a",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top]; })",
    )
    for (_l1, right, top1), (left, _r2, top2) in itertools.pairwise(rects):
        assert left >= right or top2 >= top1 + 40, rects

    checks = boxes(page, "#comment-form input[type=checkbox]")
    assert len(checks) == 2
    assert all(w >= 24 and h >= 24 for _n, w, h in checks), checks
    labels = boxes(page, "#comment-form label:has(input[type=checkbox])")
    assert all(h >= 40 for _n, _w, h in labels), labels

    # Every other target of the page: at least 24×24 (WCAG 2.2, 2.5.8).
    header = boxes(page, ".site-header a, .site-header summary, .comment-form button, .comment-form__login a")
    small = [(n, w, h) for n, w, h in header if w < 24 or h < 24]
    assert not small, small
    screenshot(page, "reader-phone-comments")


@pytest.mark.parametrize("who", ["writer-who-moderates", "moderator"])
def test_writers_and_moderators_see_every_header_link_on_a_phone(
    browser, live_server, log_in, screenshot, db, who
):
    """Staff see 글쓰기 and 댓글 관리 too, a moderator 댓글 관리: the nav takes a second row
    under the title, and every link is in sight (none cut off, nothing to scroll), in both
    languages."""
    moderator = ModeratorFactory()
    if who == "moderator":
        writer, expected = moderator, 2  # 방명록, 댓글 관리
    else:
        writer, expected = AuthorFactory(nickname="글쓴이"), 3  # and 글쓰기
        writer.groups.add(*moderator.groups.all())
    post = PostFactory(title="머리글 한 줄", author=AuthorFactory())
    make_comment(post, text="검토할 댓글", name="나그네")
    for language in ("ko", "en"):
        context = browser.new_context(
            viewport={"width": PHONE[0], "height": PHONE[1]}, locale="ko-KR", base_url=live_server.url
        )
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        log_in(context, writer)
        page = context.new_page()
        page.goto("/")
        screenshot(page, f"reader-phone-header-{who}-{language}", full_page=False)
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 120, (language, header)  # two rows at most
        links = page.locator(".site-nav a:visible").all()
        assert len(links) == expected, language
        for link in links:
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], (language, link.inner_text(), box)
            assert box["y"] + box["height"] <= header["y"] + header["height"], (language, box)
        title = page.locator(".site-title").bounding_box()
        tools = page.locator(".site-tools__toggle").bounding_box()
        assert abs(title["y"] - tools["y"]) < 12 and tools["x"] > title["x"] + title["width"]  # row one
        context.close()


def test_the_report_reasons_are_thumb_sized_on_a_phone(new_page, screenshot, db):
    comment = make_comment(PostFactory(title="신고할 글"), text="광고 글", name="나그네")
    page = new_page(*PHONE)
    page.goto(f"/comments/{comment.pk}/report/")
    reasons = boxes(page, ".comment-report-form fieldset label")
    assert len(reasons) >= 3, reasons
    small = [(n, w, h) for n, w, h in reasons if h < 40]
    assert not small, f"report reasons under 40 px tall: {small}"
    screenshot(page, "reader-phone-report")


def test_phone_header_is_one_row_and_search_opens_without_javascript(browser, live_server, db):
    PostFactory(title="경주에 다녀왔습니다", body="불국사와 첨성대")
    for javascript in (True, False):
        context = browser.new_context(
            viewport={"width": PHONE[0], "height": PHONE[1]},
            locale="ko-KR",
            base_url=live_server.url,
            java_script_enabled=javascript,
        )
        page = context.new_page()
        page.goto("/")
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 64, header
        search = page.get_by_role("searchbox", name="글 검색")
        expect(search).to_be_hidden()
        expect(page.get_by_label("언어")).to_be_hidden()
        page.locator("summary", has_text="검색 · 언어").click()
        expect(search).to_be_visible()
        expect(page.get_by_label("언어")).to_be_visible()
        search.fill("경주")
        search.press("Enter")
        expect(page.locator(".search-result__title")).to_have_text(["경주에 다녀왔습니다"])
        context.close()


def test_dark_palette_follows_the_system_setting(new_page, axe, db):
    post = PostFactory(title="어두운 화면")
    make_comment(post, text="밤에 읽어요", name="올빼미")
    page = new_page(*PHONE)
    page.emulate_media(color_scheme="dark")
    page.goto(post.get_absolute_url())
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(22, 22, 21)"
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(232, 232, 230)"
    assert axe(page) == []
