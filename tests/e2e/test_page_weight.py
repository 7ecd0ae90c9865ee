"""What Chromium downloads of our CSS and JavaScript on a post page (issue #13, target 9):
exactly the files tests/core/test_staticfiles.py counts against the budget, and the rest
(comments-actions.js/.css) only when the reader first acts."""

from urllib.parse import urlsplit

from django.templatetags.static import static
from playwright.sync_api import expect

from tests.core.test_staticfiles import ASSET_BUDGET, page_assets, reading_post, served_bytes


def test_the_post_page_downloads_what_the_budget_counts_and_the_rest_on_first_use(new_page, db):
    post = reading_post()
    page = new_page()
    fetched = []

    def record(request):
        if request.resource_type in ("stylesheet", "script"):
            fetched.append(urlsplit(request.url).path.removeprefix(static("")))

    page.on("request", record)
    response = page.goto(post.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert sorted(fetched) == sorted(page_assets(response.text()))
    served = served_bytes(fetched)
    assert sum(served.values()) < ASSET_BUDGET, served
    on_load = len(fetched)

    # 댓글쓰기: the rest comes now, and the form stands under the comment, indented.
    first = page.locator(".comment").first
    first.locator(":scope > article").get_by_role("link", name="댓글쓰기").click()
    form = first.locator("#comment-form")
    expect(form).to_be_visible()
    assert {"js/comments-actions.js", "css/comments-actions.css"} <= set(fetched[on_load:])
    assert form.evaluate("form => getComputedStyle(form).marginLeft") == "52px"
    expect(form.locator(".comment-form__replying")).to_have_text("나그네 님에게 답글")
    form.get_by_role("button", name="취소").click()
    expect(page.locator(".comments > #comment-form")).to_be_visible()
