"""Moderation in Chromium: three readers report a comment (two through the dialog, one
without JavaScript) and it is hidden; a moderator logs in, finds it in /moderation/ from
the header, removes it; the post shows the placeholder with the reply still under it; the
action is in the log. Screenshots at 1280 and 390 px."""

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from comments.models import ModerationAction, ThreadedComment
from tests.comments.conftest import make_comment
from tests.factories import AuthorFactory, ModeratorFactory, PostFactory, UserFactory


def log_in_cookie(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def report_link(page, pk):
    return page.locator(f"#comment-{pk} > article > ul").get_by_role("link", name="신고")


def test_three_reports_hide_a_comment_and_a_moderator_removes_it(
    new_page, browser, live_server, screenshot, db
):
    post = PostFactory(title="신고 여정", author=AuthorFactory(nickname="글쓴이"))
    writer = UserFactory(nickname="말썽꾼")
    bad = make_comment(post, "지금 바로 클릭하세요 최저가 광고", user=writer)
    reply = make_comment(post, "이건 광고 같네요", parent=bad)
    make_comment(post, "좋은 글 감사합니다")
    url = post.get_absolute_url()

    # Reader 1: the dialog opens on the first reason, Esc closes it and focus comes back.
    page1 = new_page(1280, 900)
    log_in_cookie(page1.context, live_server, UserFactory(nickname="독자1"))
    page1.goto(url)
    link = report_link(page1, bad.pk)
    link.click()
    dialog = page1.get_by_role("dialog", name="댓글 신고")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("스팸·홍보")).to_be_focused()
    for label in ["욕설·비방", "개인정보 노출", "음란물", "저작권 침해", "기타"]:
        expect(dialog.get_by_role("radio", name=label, exact=True)).to_be_visible()
    screenshot(page1, "moderation-report-dialog-desktop", full_page=False)
    page1.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(link).to_be_focused()
    # "기타" without a text: the error shows in the dialog; with one, the report is sent.
    link.click()
    dialog = page1.get_by_role("dialog", name="댓글 신고")
    dialog.get_by_role("radio", name="기타", exact=True).check()
    dialog.get_by_role("button", name="신고").click()
    expect(dialog.locator(".errorlist")).to_contain_text("짧게 적어 주세요")
    dialog.get_by_label(re.compile("자세한 내용")).fill("사기 사이트로 유도합니다")
    dialog.get_by_role("button", name="신고").click()
    expect(dialog.get_by_role("status")).to_contain_text("운영자에게 전달")
    dialog.get_by_role("button", name="확인").click()

    # Reader 2 on a phone, through the dialog.
    page2 = new_page(390, 844)
    log_in_cookie(page2.context, live_server, UserFactory(nickname="독자2"))
    page2.goto(url)
    report_link(page2, bad.pk).click()
    screenshot(page2, "moderation-report-dialog-phone", full_page=False)
    page2.get_by_role("dialog").get_by_label("스팸·홍보").check()
    page2.get_by_role("dialog").get_by_role("button", name="신고").click()
    expect(page2.get_by_role("dialog").get_by_role("status")).to_contain_text("운영자에게 전달")

    # Two reports: still visible.
    page2.goto(url)
    expect(page2.locator(f"#comment-{bad.pk} > article > p")).to_contain_text("최저가 광고")

    # Reader 3 without JavaScript: the report page and a plain form.
    context3 = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        locale="ko-KR",
        viewport={"width": 1280, "height": 900},
    )
    try:
        log_in_cookie(context3, live_server, UserFactory(nickname="독자3"))
        page3 = context3.new_page()
        page3.goto(url)
        report_link(page3, bad.pk).click()
        expect(page3).to_have_url(re.compile(rf"/comments/{bad.pk}/report/$"))
        page3.get_by_label("욕설·비방").check()
        page3.get_by_role("button", name="신고").click()
        expect(page3.locator(".comment-page__text")).to_contain_text("운영자에게 전달")
    finally:
        context3.close()

    # Hidden at once for every reader, the reply still under it.
    reader = new_page(1280, 900)
    reader.goto(url)
    hidden = reader.locator(f"#comment-{bad.pk}")
    expect(hidden.locator(".comment__placeholder").first).to_have_text("신고가 누적되어 숨겨진 댓글입니다")
    expect(reader.locator("body")).not_to_contain_text("최저가 광고")
    expect(hidden.locator(f".comment-list--replies #comment-{reply.pk}")).to_contain_text("이건 광고 같네요")
    screenshot(reader, "moderation-hidden-placeholder-desktop")

    # The moderator logs in with the form and follows the header's count.
    moderator = ModeratorFactory(nickname="운영자")
    mod = new_page(1280, 900)
    mod.goto(f"/accounts/login/?next={url}")
    mod.locator("input[name=username]").fill(moderator.username)
    mod.locator("input[name=password]").fill("pass-word-123")
    mod.locator("form").get_by_role("button", name="로그인").click()
    expect(mod).to_have_url(re.compile(re.escape(url)))
    nav = mod.locator(".site-nav__moderation a")
    expect(nav).to_contain_text("댓글 관리")
    expect(nav.locator(".nav-count")).to_have_text("1")
    nav.click()
    expect(mod).to_have_url(re.compile(r"/moderation/$"))
    item = mod.locator(f"#mod-{bad.pk}")
    expect(item).to_contain_text("최저가 광고")
    expect(item).to_contain_text("신고 3건")
    expect(item).to_contain_text("말썽꾼")
    expect(item).to_contain_text("신고 여정")
    expect(item.locator(".mod-item__reasons")).to_contain_text("스팸·홍보")
    expect(item).to_contain_text("사기 사이트로 유도합니다")
    screenshot(mod, "moderation-queue-desktop")
    phone = new_page(390, 844)
    log_in_cookie(phone.context, live_server, moderator)
    phone.goto("/moderation/")
    expect(phone.locator(f"#mod-{bad.pk}")).to_be_visible()
    screenshot(phone, "moderation-queue-phone")

    item.get_by_role("button", name="삭제").click()
    expect(mod.locator(".messages")).to_contain_text("댓글 1개를 삭제했습니다")
    expect(mod.locator(".mod-log")).to_contain_text("운영자")
    expect(mod.locator(".mod-log")).to_contain_text("삭제")
    expect(mod.locator(".mod-log")).to_contain_text(f"#{bad.pk}")
    expect(mod.locator(".site-nav__moderation .nav-count")).to_have_count(0)
    screenshot(mod, "moderation-queue-after-desktop")

    entry = ModerationAction.objects.get(action="remove")
    assert entry.actor == moderator and entry.comment_id == bad.pk
    assert ThreadedComment.objects.filter(pk=bad.pk, is_removed=True).exists()  # soft

    reader.goto(url)
    removed = reader.locator(f"#comment-{bad.pk}")
    expect(removed.locator(".comment__placeholder").first).to_have_text("관리자에 의해 삭제된 댓글입니다")
    expect(removed.locator(f".comment-list--replies #comment-{reply.pk}")).to_contain_text("이건 광고 같네요")
    screenshot(reader, "moderation-removed-placeholder-desktop")
    phone_reader = new_page(390, 844)
    phone_reader.goto(url)
    phone_reader.locator(f"#comment-{bad.pk}").scroll_into_view_if_needed()
    screenshot(phone_reader, "moderation-removed-placeholder-phone")
