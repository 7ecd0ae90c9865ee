"""Under the strict Content-Security-Policy, real Chromium refuses nothing: public pages (a
post with a video, comments with their script, the guestbook, login) and the admin's
writing page (date shortcuts, "add another image", saving) work, and any CSP violation,
reported as a `securitypolicyviolation` event or in the console, fails the journey."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import send_guest_comment
from tests.factories import AuthorFactory, PostFactory, UserFactory

# Added through the DevTools protocol, which the page's CSP does not govern.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(new_page):
    """A page that remembers every CSP complaint: events from the page and console lines."""

    def make(**kwargs):
        page = new_page(**kwargs)
        page.add_init_script(RECORD_VIOLATIONS)
        page.csp_console = []
        page.on(
            "console",
            lambda message: (
                page.csp_console.append(message.text)
                if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
                else None
            ),
        )
        return page

    return make


def assert_no_violation(page, where):
    events = page.evaluate("window.__csp || []")
    assert not events, f"{where}: {events}"
    assert not page.csp_console, f"{where}: {page.csp_console}"


def test_public_pages_refuse_nothing(watched, screenshot):
    author = AuthorFactory(nickname="하늘")
    post = PostFactory(
        title="영상이 있는 글",
        author=author,
        body="바다 영상입니다.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    page = watched()
    for url in ["/", post.get_absolute_url(), "/guestbook/", "/accounts/login/", "/search/?q=영상"]:
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert_no_violation(page, url)

    # The comment script works under the policy: the reply form moves inline.
    page.goto(post.get_absolute_url())
    send_guest_comment(page.locator("#comment-form"), "정책 아래에서 쓴 댓글", "나그네", "손님비번99")
    expect(page.locator(".comment > article > p").first).to_contain_text("정책 아래에서 쓴 댓글")
    page.locator(".comment").first.get_by_role("link", name="댓글쓰기").click()
    expect(page.locator(".comment").first.locator("#comment-form")).to_be_visible()
    assert_no_violation(page, "post page with comments")
    screenshot(page, "csp-post")


def test_admin_writing_page_works_under_the_policy(watched, screenshot):
    writer = UserFactory(username="csp-admin", is_staff=True, is_superuser=True)
    writer.set_password("correct-horse-battery")
    writer.save()
    page = watched()
    page.goto("/admin/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    assert_no_violation(page, "admin index")

    page.goto("/admin/blog/post/add/")
    page.wait_for_load_state("networkidle")
    assert_no_violation(page, "admin add post")
    # Admin scripts run ("add another" adds an image row) and so does the post editor: its
    # live preview is a frame of our own, allowed on this page only.
    rows = page.locator(".inline-related:not(.empty-form)")
    before = rows.count()
    page.locator(".add-row a").click()
    expect(rows).to_have_count(before + 1)
    page.fill("#id_title", "정책 아래에서 쓴 글")
    page.locator("#id_body").fill("## 미리보기\n\n관리자 화면도 **정책** 아래에서 동작합니다.")
    expect(page.frame_locator(".editor__frame").locator("h2")).to_have_text("미리보기")
    page.check("input[name=status][value=published]")
    screenshot(page, "csp-admin-add-post")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()
    expect(page.locator("#result_list")).to_contain_text("정책 아래에서 쓴 글")
    assert_no_violation(page, "admin change list")
