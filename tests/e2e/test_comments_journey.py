"""Comment journeys in Chromium: a guest writes, replies, edits with the password, fails
with a wrong one, deletes and keeps the reply; a member's secret comment; a permalink."""

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from comments.models import ThreadedComment
from tests.comments.conftest import make_comment
from tests.e2e.conftest import open_reply_form, send_guest_comment, send_reply
from tests.factories import AuthorFactory, PostFactory, UserFactory

PASSWORD = "손님비번99"


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def comment(page, pk):
    return page.locator(f"#comment-{pk}")


def test_guest_writes_replies_edits_fails_and_deletes(new_page, screenshot, db):
    post = PostFactory(title="댓글 여정", author=AuthorFactory(nickname="하늘"))
    page = new_page(1280, 900)
    page.goto(post.get_absolute_url())

    send_guest_comment(
        page.locator("#comment-form"), "첫 댓글입니다.\nhttps://example.com 도 봐 주세요", "나그네", PASSWORD
    )
    # Sent with fetch(): the comment area is swapped in place and the URL points at it.
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    first = ThreadedComment.objects.get()
    expect(page).to_have_url(re.compile(rf"#comment-{first.pk}$"))
    item = comment(page, first.pk)
    expect(item.locator(":scope > article > p")).to_contain_text("첫 댓글입니다.")
    expect(item.locator(":scope > article > p a")).to_have_attribute("rel", "nofollow ugc noopener")
    expect(item.locator(".comment__number")).to_have_text("1")

    # The browser remembers the nickname.
    page.reload()
    expect(page.locator("#comment-form").get_by_label("닉네임")).to_have_value("나그네")

    # Reply inline: the form moves under the comment.
    inline = open_reply_form(page, first.pk)
    expect(inline.locator(".comment-form__replying")).to_contain_text("나그네")
    inline.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    reply = send_reply(page, inline, first.pk, "제가 단 답글입니다.")
    expect(comment(page, first.pk).locator(f".comment-list--replies #comment-{reply.pk}")).to_contain_text(
        "제가 단 답글입니다."
    )
    screenshot(page, "comments-guest-thread-desktop")

    # Edit with a wrong password, then the right one: all inline, the page stays. (A reload
    # first: the password this tab remembered is gone with it.)
    page.reload()
    post_url = page.url
    comment(page, first.pk).locator(":scope > article > ul").get_by_role("link", name="수정/삭제").click()
    password_form = comment(page, first.pk).locator(".comment-password-form")
    expect(password_form).to_be_visible()
    password_form.get_by_role("textbox").fill("틀린비번")
    password_form.get_by_role("button", name="수정").click()
    expect(comment(page, first.pk).locator(".comment-password-form .errorlist")).to_contain_text(
        "비밀번호가 맞지 않습니다"
    )
    assert page.url == post_url
    comment(page, first.pk).locator("input[name=password]").fill(PASSWORD)
    comment(page, first.pk).get_by_role("button", name="수정").click()
    edit_form = comment(page, first.pk).locator(".comment-edit-form")
    expect(edit_form).to_be_visible()
    assert page.url == post_url
    edit_form.locator("textarea").fill("고친 첫 댓글입니다.")
    edit_form.get_by_role("button", name="저장").click()
    expect(comment(page, first.pk).locator(":scope > article > p")).to_have_text("고친 첫 댓글입니다.")
    expect(comment(page, first.pk).locator(".comment__edited").first).to_have_text("(수정됨)")

    # Delete (the password opened the comment for this browser): confirm, and the
    # placeholder keeps the reply.
    # 수정/삭제 opens the edit box at once (the password unlocked it); its 삭제 link leads to
    # the confirmation page.
    comment(page, first.pk).locator(":scope > article > ul").get_by_role("link", name="수정/삭제").click()
    comment(page, first.pk).locator(".comment-edit-form").get_by_role("link", name="삭제").click()
    expect(page.locator("h1")).to_have_text("댓글 삭제")
    screenshot(page, "comments-delete-confirm-desktop")
    page.get_by_role("button", name="삭제").click()
    expect(comment(page, first.pk).locator(".comment__placeholder")).to_have_text("삭제된 댓글입니다")
    expect(comment(page, reply.pk)).to_contain_text("제가 단 답글입니다.")
    expect(page.get_by_text("고친 첫 댓글입니다.")).to_have_count(0)
    screenshot(page, "comments-after-delete-desktop")


def test_member_secret_comment_hidden_from_another_reader(new_page, live_server, screenshot, db):
    author = AuthorFactory(nickname="하늘")
    post = PostFactory(title="비밀댓글 여정", author=author)
    make_comment(post, "공개 댓글입니다. 반갑습니다!")
    member = UserFactory(nickname="지우")
    page = new_page(390, 844)
    log_in(page, live_server, member)
    page.goto(post.get_absolute_url())
    form = page.locator("#comment-form")
    expect(form).to_contain_text("지우")
    form.locator("textarea").fill("작가님께만 드리는 비밀 이야기")
    form.get_by_label("비밀댓글").check()
    form.get_by_role("button", name="등록").click()
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    secret = ThreadedComment.objects.get(user=member)
    expect(comment(page, secret.pk).locator(":scope > article > p")).to_have_text(
        "작가님께만 드리는 비밀 이야기"
    )
    screenshot(page, "comments-member-secret-mobile")

    stranger = new_page(390, 844)
    stranger.goto(post.get_absolute_url())
    expect(comment(stranger, secret.pk).locator(":scope > article > p")).to_contain_text("비밀댓글입니다")
    expect(stranger.get_by_text("작가님께만 드리는 비밀 이야기")).to_have_count(0)
    assert "작가님께만" not in stranger.content()
    screenshot(stranger, "comments-stranger-mobile")

    owner = new_page(1280, 900)
    log_in(owner, live_server, author)
    owner.goto(post.get_absolute_url())
    expect(comment(owner, secret.pk).locator(":scope > article > p")).to_have_text(
        "작가님께만 드리는 비밀 이야기"
    )


def test_permalink_opens_the_page_scrolled_to_the_comment(new_page, db):
    post = PostFactory(title="긴 댓글 목록")
    comments = [make_comment(post, f"{i}번째 댓글입니다.\n" * 3) for i in range(30)]
    target = comments[12]
    page = new_page(1280, 800)
    page.goto(f"/comments/{target.pk}/")
    expect(page).to_have_url(re.compile(rf"{re.escape(post.get_absolute_url())}#comment-{target.pk}$"))
    expect(comment(page, target.pk)).to_be_in_viewport()
    expect(comment(page, comments[0].pk)).not_to_be_in_viewport()
    # 댓글주소 copies the link and marks the comment.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    other = comments[13]
    comment(page, other.pk).get_by_role("link", name="댓글주소").click()
    expect(page.locator(".comment-toast")).to_be_visible()
    expect(comment(page, other.pk)).to_have_class(re.compile("is-highlighted"))
