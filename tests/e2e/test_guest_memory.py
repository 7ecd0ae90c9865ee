"""A guest who has just commented replies and edits without typing the password again:
it is kept only in that tab's memory (never a cookie, storage or the page), and the reply
page without JavaScript fills in the remembered nickname (point 3 of issue 11)."""

import re

from playwright.sync_api import expect

from comments.models import ThreadedComment
from tests.e2e.conftest import open_reply_form, send_guest_comment, send_reply
from tests.factories import PostFactory

PASSWORD = "탭기억비번77"


def test_guest_posts_then_replies_and_edits_without_retyping_the_password(new_page, browser, live_server, db):
    post = PostFactory(title="기억하는 탭")
    page = new_page(390, 844)
    page.goto(post.get_absolute_url())

    form = page.locator("#comment-form")
    # The words come first in the form, then nickname and password side by side.
    fields = form.locator("textarea, input[name=name], input[name=password]")
    assert fields.evaluate_all("els => els.map(e => e.name)") == ["comment", "name", "password"]
    name_box, password_box = (
        form.locator("input[name=name]").bounding_box(),
        form.locator("input[name=password]").bounding_box(),
    )
    assert abs(name_box["y"] - password_box["y"]) < 2, "nickname and password share one row"
    expect(form.locator("textarea")).to_have_attribute("placeholder", "댓글을 달아 주세요")
    expect(form.get_by_label("댓글", exact=True)).to_be_visible()

    send_guest_comment(form, "처음 남기는 댓글", "나그네", PASSWORD)
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    first = ThreadedComment.objects.get()

    # Reply: the password is already there; only the words are typed.
    reply = send_reply(page, open_reply_form(page, first.pk), first.pk, "제 댓글에 덧붙입니다")
    assert reply.check_guest_password(PASSWORD)

    # Edit: no password asked; the edit box opens at once.
    page.locator(f"#comment-{first.pk} > article > ul").get_by_role("link", name="수정/삭제").click()
    edit_form = page.locator(f"#comment-{first.pk} .comment-edit-form")
    expect(edit_form).to_be_visible()
    expect(page.locator(".comment-password-form")).to_have_count(0)
    edit_form.locator("textarea").fill("고쳐 쓴 댓글")
    edit_form.get_by_role("button", name="저장").click()
    expect(page.locator(f"#comment-{first.pk} > article > p")).to_have_text("고쳐 쓴 댓글")

    # Nowhere but the tab's memory: not in a cookie, web storage or the page's markup.
    cookies = " ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    storage = page.evaluate("JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})")
    assert PASSWORD not in cookies and PASSWORD not in storage
    assert PASSWORD not in page.content()

    # Another tab of the same browser does not know it.
    other = page.context.new_page()
    other.goto(post.get_absolute_url())
    expect(other.locator("#comment-form input[name=password]")).to_have_value("")

    # Without JavaScript the reply page fills in the nickname of the last comment.
    plain = browser.new_context(
        java_script_enabled=False, base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    plain_page = plain.new_page()
    plain_page.goto(post.get_absolute_url())
    send_guest_comment(plain_page.locator("#comment-form"), "자바스크립트 없이", "바람", PASSWORD)
    plain_page.wait_for_url(re.compile(r"#comment-\d+$"))
    plain_page.goto(f"/comments/{first.pk}/reply/")
    expect(plain_page.locator("#comment-form input[name=name]")).to_have_value("바람")
    expect(plain_page.locator("#comment-form input[name=password]")).to_have_value("")
    plain.close()


def test_a_held_comment_still_says_it_waits_for_approval(new_page, db):
    from comments.models import HoldSettings

    rules = HoldSettings.get()
    rules.hold_all = True
    rules.save()
    post = PostFactory(title="검토하는 글")
    page = new_page(390, 844)
    page.goto(post.get_absolute_url())
    send_guest_comment(page.locator("#comment-form"), "검토를 기다리는 댓글", "나그네", PASSWORD)
    expect(page.locator(".messages")).to_contain_text("승인")
    expect(page.locator(".comment--held > article > p:not(.comment__held)")).to_have_text(
        "검토를 기다리는 댓글"
    )
