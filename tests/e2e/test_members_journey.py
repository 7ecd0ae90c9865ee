"""A member's whole life in Chromium (issue #12): sign up, confirm the email, forget the
password, reset it, log in, download the data, leave (회원 탈퇴); and a Kakao login against
a local fake provider (loopback), including a denied consent and a provider error."""

import json
import re
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialApp
from django.contrib.sites.models import Site
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.fake_provider import FakeKakao
from tests.e2e.test_csp_journey import RECORD_VIOLATIONS, assert_no_violation

LINK_RE = re.compile(r"https?://[\x21-\x7e]+")


def link_in_last_mail(to, part):
    message = [m for m in mail.outbox if to in m.to][-1]
    (url,) = [u for u in LINK_RE.findall(message.body) if part in u]
    return url.split("://", 1)[1].split("/", 1)[1]  # the path: the live server has its own host


def watch_csp(page):
    """Remember every Content-Security-Policy complaint (see test_csp_journey.py)."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.csp_console = []
    page.on(
        "console",
        lambda message: (
            page.csp_console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page


def look(page, screenshot, name, axe=None):
    """Screenshots at 1280 and 390 px; nothing scrolls sideways on a phone; the CSP refused
    nothing on the page."""
    if hasattr(page, "csp_console"):
        assert_no_violation(page, name)
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(page, f"{name}-phone")
    if axe is not None:
        assert not axe(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_member_signs_up_confirms_resets_downloads_and_leaves(page, screenshot, axe):
    watch_csp(page)
    page.goto("/accounts/signup/")
    page.fill("#id_username", "journey")
    page.fill("#id_nickname", "여행자")
    page.fill("#id_email", "journey@example.com")
    page.fill("#id_password1", "first-secret-pass-1")
    page.fill("#id_password2", "first-secret-pass-1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-nav__user")).to_have_text("여행자")

    # Confirm the address from the emailed link.
    page.goto("/" + link_in_last_mail("journey@example.com", "/accounts/confirm-email/"))
    look(page, screenshot, "members-confirm-email")
    page.locator("main form button[type=submit]").click()
    page.goto("/accounts/profile/")
    expect(page.locator(".badge--ok")).to_have_text("확인됨")
    look(page, screenshot, "members-profile", axe)

    # Log out, forget the password, reset it from the link, log in with the new one.
    page.locator(".site-tools__toggle").click()  # the member's links sit in the header's menu
    page.get_by_role("button", name="로그아웃").click()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="비밀번호를 잊으셨나요?").click()
    look(page, screenshot, "members-password-reset", axe)
    page.fill("input[name=email]", "journey@example.com")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("메일을 전송하였습니다")
    page.goto("/" + link_in_last_mail("journey@example.com", "/accounts/password/reset/key/"))
    page.fill("input[name=password1]", "second-secret-pass-2")
    page.fill("input[name=password2]", "second-secret-pass-2")
    look(page, screenshot, "members-password-new")
    page.get_by_role("button", name="비밀번호 변경").click()
    expect(page.locator(".messages")).to_be_visible()
    page.goto("/accounts/login/")
    look(page, screenshot, "members-login", axe)
    page.fill("#id_username", "journey")
    page.fill("#id_password", "second-secret-pass-2")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".site-nav__user")).to_have_text("여행자")

    # 내 정보 내려받기.
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="내 정보 내려받기").click()
    look(page, screenshot, "members-my-data", axe)
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON으로 내려받기").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["nickname"] == "여행자"
    assert data["profile"]["email_confirmed"] is True

    # 회원 탈퇴.
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="회원 탈퇴").click()
    look(page, screenshot, "members-delete", axe)
    page.fill("#id_password", "second-secret-pass-2")
    page.check("#id_confirm")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("회원 탈퇴가 완료되었습니다")
    expect(page.locator(".site-nav")).to_contain_text("로그인")
    assert not User.objects.filter(username="journey").exists()

    page.goto("/privacy/")
    look(page, screenshot, "members-privacy", axe)


@pytest.fixture
def kakao(monkeypatch):
    app = SocialApp.objects.create(provider="kakao", name="Kakao", client_id="fake-client", secret="s3cret")
    app.sites.add(Site.objects.get_current())
    fake = FakeKakao().start()
    fake.point_allauth_here(monkeypatch)
    yield fake
    fake.stop()


def test_kakao_login_against_a_local_fake_provider(new_page, screenshot, kakao, axe):
    page = watch_csp(new_page())
    page.goto("/accounts/login/")
    look(page, screenshot, "members-login-with-kakao", axe)
    page.get_by_role("button", name="Kakao 계정으로 로그인").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:815\d/oauth/authorize"))
    page.click("#agree")
    expect(page.locator(".site-nav__user")).to_have_text("카카오친구")
    member = User.objects.get(socialaccount__provider="kakao")
    assert member.nickname == "카카오친구"

    # A reader who cancels on Kakao's page comes back to a clear page, logged out.
    denied = watch_csp(new_page())
    denied.goto("/accounts/login/")
    denied.get_by_role("button", name="Kakao 계정으로 로그인").click()
    denied.click("#deny")
    expect(denied.locator("main")).to_contain_text("취소")
    expect(denied.locator(".site-nav")).to_contain_text("로그인")
    look(denied, screenshot, "members-kakao-cancelled")

    # Kakao failing (its token endpoint answers 500) gives an error page, not a traceback.
    kakao.fail_token = True
    failed = watch_csp(new_page())
    failed.goto("/accounts/login/")
    failed.get_by_role("button", name="Kakao 계정으로 로그인").click()
    failed.click("#agree")
    expect(failed.locator("main h1")).to_be_visible()
    expect(failed.locator(".site-nav")).to_contain_text("로그인")
    look(failed, screenshot, "members-kakao-error")
