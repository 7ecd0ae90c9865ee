"""An English reader in Chromium: the header's language button turns the site English (and
keeps it so), the comments say YYYY.MM.DD HH:MM like the Korean ones, a long comment list
has its pager drawn as buttons on a reading page, and the moderation log keeps English
words whole at 1280 px. Screenshots at 1280 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from comments import moderation
from comments.models import Guestbook
from tests.comments.conftest import make_comment
from tests.factories import AuthorFactory, CategoryFactory, ModeratorFactory, PostFactory

TIME = re.compile(r"^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}$")


def switch_to_english(page):
    """As a reader does it: the tools button in the header (a phone shows it closed), then
    English."""
    button = page.get_by_role("button", name="English")
    if not button.is_visible():
        page.locator(".site-tools__toggle").click()
    button.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reader_switches_to_english_and_the_comments_read_english(new_page, live_server, screenshot, width):
    post = PostFactory(
        title="A walk by the sea",
        author=AuthorFactory(nickname="Haneul"),
        category=CategoryFactory(name="Travel"),
        body="The path follows the cliffs.",
    )
    first = make_comment(post, "Lovely walk!", name="Walker")
    make_comment(post, "Thank you.", user=post.author, parent=first)
    make_comment(post, "A private question.", name="Quiet", is_secret=True)
    gone = make_comment(post, "Gone now.", name="Passer")
    make_comment(post, "Still here.", name="Hiker", parent=gone)
    gone.soft_delete(by_moderator=False)

    page = new_page(width, 900)
    page.goto(live_server.url + post.get_absolute_url())
    expect(page.locator("#comments-heading")).to_contain_text("댓글")
    switch_to_english(page)
    expect(page).to_have_url(live_server.url + post.get_absolute_url())
    comments = page.locator("#comments")
    expect(comments.locator("#comments-heading")).to_contain_text("Comments")
    expect(comments.get_by_text("This is a secret comment.")).to_be_visible()
    expect(comments.get_by_text("This comment was deleted.")).to_be_visible()
    expect(comments.get_by_role("link", name="Edit/Delete").first).to_be_visible()
    for time in comments.locator("li.comment time").all():
        expect(time).to_have_text(TIME)
    screenshot(page, f"english-post-{width}")
    # The choice stays: the next page is English too.
    page.goto(live_server.url + "/guestbook/")
    expect(page.get_by_role("heading", name="Guestbook", exact=True)).to_be_visible()


def test_a_long_guestbook_has_its_pager_drawn_as_buttons(new_page, live_server, screenshot, settings):
    settings.COMMENTS_PER_PAGE = 50
    guestbook = Guestbook.get()
    for number in range(55):
        make_comment(guestbook, f"Hello number {number}", name=f"Visitor {number}")
    page = new_page(390, 844)
    page.goto(live_server.url + "/guestbook/")
    pager = page.get_by_role("navigation", name="댓글 페이지 (목록 위)")
    # A reading page loads no pages.css: the pager's rules must come with the comments' own.
    assert pager.locator("ul").evaluate("ul => getComputedStyle(ul).display") == "flex"
    assert pager.locator("li").first.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    current = pager.locator("[aria-current=page]")
    assert current.evaluate("el => el.getBoundingClientRect().height") >= 40
    screenshot(page, "english-guestbook-pager-phone", full_page=False)


def test_the_english_moderation_log_keeps_words_whole(new_page, live_server, log_in, screenshot):
    post = PostFactory(title="A walk by the sea", author=AuthorFactory(nickname="Haneul"))
    spam = make_comment(post, "Cheap watches, click here for the best deals today", name="Spammer")
    for address in ("a", "b", "c"):  # hidden by the site itself: "automatic" in the log
        moderation.add_report(spam, "spam", address_hash=address)
    moderator = ModeratorFactory(nickname="Moderator")
    link = make_comment(post, "Thanks for the tips. See: https://example.com/notes/on/walking", name="Linker")
    reason = "Advertising: the link leads to a shop that sells counterfeit watches"
    moderation.perform("remove", link, moderator, reason=reason)  # long cells in the same table
    page = new_page(1280, 900)
    log_in(page.context, moderator)
    page.goto(live_server.url + "/")
    switch_to_english(page)
    page.goto(live_server.url + "/moderation/")
    cell = page.locator(".mod-log td[data-label=Who]", has_text="automatic")
    expect(cell).to_be_visible()
    # One line: the word is not broken in two by a narrow column.
    lines = cell.evaluate(
        "td => { const range = document.createRange(); range.selectNodeContents(td);"
        " return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }"
    )
    assert lines == 1
    screenshot(page, "english-moderation-log-desktop")


@pytest.mark.parametrize("width", [1280, 390])
def test_an_english_reply_form_keeps_cancel_beside_post_comment(new_page, live_server, screenshot, width):
    """A reply form is narrower than the page's (indented under its comment), and English
    words are longer: 취소/Cancel and 등록/Post comment wrap together, at the right."""
    post = PostFactory(title="A walk by the sea")
    first = make_comment(post, "Lovely walk!", name="Walker")
    reply = make_comment(post, "Thank you.", name="Haneul", parent=first)
    page = new_page(width, 900)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + post.get_absolute_url())
    page.locator(f"#comment-{reply.pk}").get_by_role("link", name="Reply").click()
    form = page.locator(f"#comment-{reply.pk} #comment-form")
    cancel = form.get_by_role("button", name="Cancel")
    submit = form.get_by_role("button", name="Post comment")
    expect(cancel).to_be_visible()
    cancel_box, submit_box, form_box = cancel.bounding_box(), submit.bounding_box(), form.bounding_box()
    middle = cancel_box["y"] + cancel_box["height"] / 2
    assert abs(middle - (submit_box["y"] + submit_box["height"] / 2)) < 4, (cancel_box, submit_box)
    assert cancel_box["x"] < submit_box["x"]
    assert submit_box["x"] + submit_box["width"] > form_box["x"] + form_box["width"] - 40  # at the right
    screenshot(page, f"english-reply-form-{width}")
    cancel.click()  # the form goes home, without the Cancel button, 등록 where it was
    expect(page.locator(f"#comment-{reply.pk} #comment-form")).to_have_count(0)
    expect(page.locator("#comment-form .comment-form__actions")).to_have_count(0)
    expect(page.locator("#comment-form").get_by_role("button", name="Post comment")).to_be_visible()
