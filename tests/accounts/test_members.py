"""Members' accounts (issue #12): 비밀번호 찾기, a confirmed email, 내 정보 내려받기, 회원 탈퇴,
개인정보 처리방침. Social login has its own module (test_social_login.py)."""

import csv
import datetime
import io
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts import personal_data
from accounts.models import User
from blog.models import PostLike
from comments.models import CommentRevision, ModerationAction, NotificationAddress, ThreadedComment
from tests.comments.conftest import comment_data, make_comment
from tests.factories import ModeratorFactory, UserFactory, image_upload, signup_form

pytestmark = pytest.mark.django_db

LINK_RE = re.compile(r"https?://[\x21-\x7e]+")


def links(message):
    return LINK_RE.findall(message.body)


def sign_up(client, username="newreader", email="new@example.com", nickname="새독자"):
    return client.post(reverse("accounts:signup"), signup_form(username, nickname, email=email))


# -- confirming the email --------------------------------------------------------------
def test_signup_sends_a_korean_confirmation_link_and_following_it_confirms(client):
    assert sign_up(client).status_code == 302
    user = User.objects.get(username="newreader")
    address = EmailAddress.objects.get(user=user)
    assert address.email == "new@example.com" and not address.verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.com"]
    assert "이메일" in message.subject or "이메일" in message.body
    (link,) = [url for url in links(message) if "/accounts/confirm-email/" in url]
    path = link.split("testserver", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert 'id="main-content"' in page.content.decode()  # inside the site's layout
    assert client.post(path).status_code == 302
    address.refresh_from_db()
    assert address.verified
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "확인됨" in profile


def test_emails_and_pages_name_the_site_not_django_sites_example_com(client, settings):
    sign_up(client)
    message = mail.outbox[-1]
    assert message.subject.startswith(f"[{settings.SITE_NAME}]")
    assert "example.com" not in message.body.replace("new@example.com", "")
    assert "blog.example.kr" in message.body  # SITE_URL's host
    login_page = Client().get(reverse("accounts:login")).content.decode()
    assert f'class="site-title" href="/">{settings.SITE_NAME}<' in login_page


def test_signup_without_email_still_works_and_sends_nothing(client):
    assert sign_up(client, email="").status_code == 302
    assert not mail.outbox
    assert not EmailAddress.objects.exists()


def test_unconfirmed_member_comments_but_gets_no_reply_notification(
    client, post, django_capture_on_commit_callbacks
):
    sign_up(client)
    member = User.objects.get(username="newreader")
    mail.outbox.clear()
    parent = make_comment(post, text="질문이 있어요", user=member, user_email=member.email, followup=True)
    other = Client()
    other.force_login(UserFactory())
    response = other.post(reverse("comments:post"), comment_data(post, reply_to=str(parent.pk)))
    assert response.status_code in (200, 302)
    assert ThreadedComment.objects.filter(parent_id=parent.pk).exclude(pk=parent.pk).exists()
    assert not [m for m in mail.outbox if member.email in m.to]
    # Confirmed: the next reply reaches the member.
    EmailAddress.objects.filter(user=member).update(verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        other.post(
            reverse("comments:post"), comment_data(post, reply_to=str(parent.pk), comment="두 번째 답글")
        )
    assert [m for m in mail.outbox if member.email in m.to]


def test_unconfirmed_author_gets_no_new_comment_email(client, post):
    author = post.author
    EmailAddress.objects.create(user=author, email=author.email, verified=False, primary=True)
    make_comment(post, text="안녕하세요")
    reader = Client()
    reader.force_login(UserFactory())
    reader.post(reverse("comments:post"), comment_data(post))
    assert not [m for m in mail.outbox if author.email in m.to]


def test_a_changed_address_is_confirmed_before_it_replaces_the_old_one(client):
    member = UserFactory(email="old@example.com")
    EmailAddress.objects.create(user=member, email="old@example.com", verified=True, primary=True)
    client.force_login(member)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "old@example.com"
    (link,) = [url for url in links(mail.outbox[-1]) if "/accounts/confirm-email/" in url]
    client.post(link.split("testserver", 1)[1])
    member.refresh_from_db()
    assert member.email == "new@example.com"
    assert EmailAddress.objects.get(user=member, email="new@example.com").verified


def test_profile_form_no_longer_changes_the_email_directly(client):
    member = UserFactory(email="keep@example.com")
    client.force_login(member)
    client.post(reverse("accounts:profile"), {"nickname": "닉", "email": "evil@example.com"})
    member.refresh_from_db()
    assert member.email == "keep@example.com"


# -- 비밀번호 찾기 ---------------------------------------------------------------------------
def request_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@example.com")
    known = request_reset(client, "known@example.com")
    unknown = request_reset(Client(), "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    page = client.get(known.url).content.decode()
    assert "메일을 전송하였습니다" in page  # allauth's Korean


def test_forgotten_password_reset_by_link_once_then_login(client):
    member = UserFactory(username="forgetful", email="forgetful@example.com")
    request_reset(client, "forgetful@example.com")
    (message,) = [m for m in mail.outbox if "forgetful@example.com" in m.to]
    assert "비밀번호" in message.subject + message.body
    (link,) = [url for url in links(message) if "/accounts/password/reset/key/" in url]
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = client.post(form_url, {"password1": "brand-new-secret-77", "password2": "brand-new-secret-77"})
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password("brand-new-secret-77")
    # The link works once.
    again = Client().get(path, follow=True)
    assert "password1" not in again.content.decode()
    login = Client().post(
        reverse("accounts:login"), {"username": "forgetful", "password": "brand-new-secret-77"}
    )
    assert login.status_code == 302


def test_reset_link_expires(client, monkeypatch, settings):
    UserFactory(email="late@example.com")
    request_reset(client, "late@example.com")
    (link,) = [url for url in links(mail.outbox[-1]) if "/accounts/password/reset/key/" in url]
    later = datetime.datetime.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    page = Client().get(link.split("testserver", 1)[1], follow=True).content.decode()
    assert "password1" not in page


def test_reset_requests_are_limited_per_account(client, settings):
    UserFactory(email="target@example.com")
    limit = settings.ACCOUNTS_RESET_PER_ACCOUNT_PER_HOUR
    for number in range(limit):
        other = Client(REMOTE_ADDR=f"10.0.1.{number + 1}")
        assert request_reset(other, "target@example.com").status_code == 302
    blocked = request_reset(Client(REMOTE_ADDR="10.0.2.1"), "TARGET@example.com")
    assert blocked.status_code == 429
    assert "잠시 후 다시 시도해 주세요" in blocked.content.decode()
    assert len([m for m in mail.outbox if "target@example.com" in m.to]) == limit
    # An unknown address is limited the same way (nothing tells them apart).
    for number in range(limit):
        request_reset(Client(REMOTE_ADDR=f"10.0.3.{number + 1}"), "ghost@example.com")
    assert request_reset(Client(REMOTE_ADDR="10.0.4.1"), "ghost@example.com").status_code == 429


def test_reset_requests_are_limited_per_client_address(client, settings):
    for number in range(settings.ACCOUNTS_RESET_PER_ADDRESS_PER_HOUR):
        assert request_reset(client, f"someone{number}@example.com").status_code == 302
    assert request_reset(client, "one-more@example.com").status_code == 429


def test_reset_pages_and_emails_speak_english_too(client):
    UserFactory(email="english@example.com")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert "Password Reset" in page
    request_reset(client, "english@example.com")
    assert "Password Reset" in mail.outbox[-1].subject


def test_login_page_links_to_password_reset(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in page
    assert "비밀번호를 잊으셨나요?" in page


# -- 내 정보 내려받기 ------------------------------------------------------------------------
@pytest.fixture
def writer(post):
    member = UserFactory(username="writer1", nickname="글남긴이", email="writer1@example.com", bio="소개")
    make_comment(post, text="공개 댓글입니다", user=member, user_email=member.email)
    make_comment(post, text="비밀 댓글입니다", user=member, user_email=member.email, is_secret=True)
    PostLike.objects.create(post=post, user=member)
    return member


def test_member_downloads_json_with_profile_comments_and_likes(client, writer, post):
    client.force_login(writer)
    response = client.get(reverse("accounts:export", args=["json"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["nickname"] == "글남긴이"
    assert data["profile"]["email"] == "writer1@example.com"
    texts = {row["text"]: row for row in data["comments"]}
    assert texts["비밀 댓글입니다"]["is_secret"] is True
    assert texts["공개 댓글입니다"]["on"] == post.title
    assert texts["공개 댓글입니다"]["url"].startswith("https://blog.example.kr/comments/")
    assert data["likes"][0]["post"] == post.title
    assert data["likes"][0]["url"].endswith(post.get_absolute_url())


def test_member_downloads_readable_csv_and_html(client, writer, post):
    client.force_login(writer)
    csv_text = client.get(reverse("accounts:export", args=["csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert ["nickname", "글남긴이"] in rows
    assert any("비밀 댓글입니다" in row for row in rows)
    assert any("내용" in row for row in rows)  # translated column titles
    html = client.get(reverse("accounts:export", args=["html"])).content.decode()
    assert "<table>" in html and "공개 댓글입니다" in html and post.title in html


def test_export_needs_login_and_knows_only_its_formats(client, writer):
    assert client.get(reverse("accounts:export", args=["json"])).status_code == 302
    client.force_login(writer)
    assert client.get(reverse("accounts:export", args=["xml"])).status_code == 404
    assert client.get(reverse("accounts:my_data")).status_code == 200


def test_export_contains_only_the_members_own_comments(client, writer, post):
    make_comment(post, text="남의 댓글", user=UserFactory())
    client.force_login(writer)
    data = json.loads(client.get(reverse("accounts:export", args=["json"])).content)
    assert "남의 댓글" not in {row["text"] for row in data["comments"]}


# -- 회원 탈퇴 --------------------------------------------------------------------------------
def rows_holding(user_id, needles):
    """Every row of every table that still holds the member's id (in a column pointing to a
    user, or a generic object id about a user) or one of `needles` (email, nickname) in any
    text column."""
    from django.contrib.contenttypes.models import ContentType

    user_type = ContentType.objects.get_for_model(User)
    found = []
    for model in apps.get_models():
        if model is Session:
            continue  # looked at below, decoded
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        user_fields = [
            f.attname for f in model._meta.concrete_fields if f.is_relation and f.related_model is User
        ]
        for row in model._base_manager.values(*{f.attname for f in model._meta.concrete_fields}):
            found += [(model.__name__, name) for name in user_fields if row[name] == user_id]
            if model is User and row["id"] == user_id:
                found.append(("User", "id"))
            for name in text_fields:
                value = str(row.get(name) or "")
                if any(needle in value for needle in needles):
                    found.append((model.__name__, name, value[:40]))
            if row.get("content_type_id") == user_type.pk and str(row.get("object_id")) == str(user_id):
                found.append((model.__name__, "object_id"))
    found += [
        ("Session", session.session_key)
        for session in Session.objects.all()
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id)
    ]
    return found


@pytest.fixture
def leaving(post, settings):
    member = UserFactory(username="leaver77", nickname="떠날회원닉", email="leaver77@example.com")
    member.avatar = image_upload()
    member.save()
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    public = make_comment(
        post, text="남겨질 댓글", user=member, user_email=member.email, followup=True, ip_address="10.9.8.7"
    )
    make_comment(post, text="비밀 이야기", user=member, user_email=member.email, is_secret=True)
    reply = make_comment(post, text="답글이에요", user=UserFactory(), parent=public)
    public.edit("고친 댓글", False, by_user=member)
    PostLike.objects.create(post=post, user=member)
    NotificationAddress.objects.create(email=member.email)  # once a guest with the same address
    moderator = ModeratorFactory()
    ModerationAction.record("keep", public, actor=moderator, reason="괜찮음")
    return {"member": member, "public": public, "reply": reply, "avatar": member.avatar.path}


def delete_account(client, password="pass-word-123"):
    return client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})


def test_wrong_password_keeps_the_account(client, leaving):
    member = leaving["member"]
    client.force_login(member)
    response = delete_account(client, password="wrong")
    assert response.status_code == 200
    assert "비밀번호가 올바르지 않습니다" in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_confirmation_box_is_required(client, leaving):
    client.force_login(leaving["member"])
    response = client.post(reverse("accounts:delete"), {"password": "pass-word-123"})
    assert response.status_code == 200
    assert User.objects.filter(pk=leaving["member"].pk).exists()


def test_erasure_leaves_no_row_with_the_members_id_email_or_nickname(
    client, leaving, post, django_capture_on_commit_callbacks
):
    import os

    member = leaving["member"]
    Client().post(reverse("accounts:login"), {"username": "Leaver77", "password": "a wrong guess"})
    client.force_login(member)
    other_device = Client()
    other_device.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = delete_account(client)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not rows_holding(member.pk, [member.email, member.nickname, member.username])
    assert not os.path.exists(leaving["avatar"])
    # Kept (the default): the comment stays, anonymised, replies in place.
    kept = ThreadedComment.objects.get(pk=leaving["public"].pk)
    assert kept.user_id is None and kept.user_name == "탈퇴한 사용자" and kept.user_email == ""
    assert kept.comment == "고친 댓글" and not kept.is_removed and not kept.followup
    assert kept.ip_address is None
    assert ThreadedComment.objects.filter(pk=leaving["reply"].pk, is_removed=False).exists()
    # Secret comments are removed, text and all.
    assert not ThreadedComment.objects.filter(comment="비밀 이야기").exists()
    assert CommentRevision.objects.filter(comment=kept, edited_by__isnull=True).exists()
    # The moderation log keeps the action, without the writer's text.
    action = ModerationAction.objects.get(comment_number=kept.pk)
    assert action.action == "keep" and action.excerpt == ""
    assert not PostLike.objects.filter(post=post, user__isnull=False).exists()
    # Logged out everywhere.
    assert other_device.get(reverse("accounts:profile")).status_code == 302
    page = client.get(post.get_absolute_url()).content.decode()
    assert "탈퇴한 사용자" in page and "떠날회원닉" not in page


def test_erasure_can_remove_every_comment(client, leaving, settings):
    settings.ACCOUNTS_ERASED_COMMENTS = "remove"
    member = leaving["member"]
    client.force_login(member)
    delete_account(client)
    assert not rows_holding(member.pk, [member.email, member.nickname, member.username])
    gone = ThreadedComment.objects.get(pk=leaving["public"].pk)
    assert gone.is_removed and gone.comment == "" and gone.user_id is None
    assert not CommentRevision.objects.filter(comment=gone).exists()
    assert ThreadedComment.objects.filter(pk=leaving["reply"].pk, is_removed=False).exists()


def test_erasure_is_one_transaction(client, leaving, monkeypatch):
    member = leaving["member"]

    def broken(user, keep):
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        personal_data._registry, "zz-broken", personal_data.DataOwner("zz-broken", erase=broken)
    )
    with pytest.raises(RuntimeError):
        personal_data.erase(member)
    assert User.objects.filter(pk=member.pk).exists()
    assert ThreadedComment.objects.get(pk=leaving["public"].pk).user_id == member.pk
    import os

    assert os.path.exists(leaving["avatar"])


def test_staff_cannot_erase_themselves_here(client, post):
    client.force_login(post.author)
    response = client.get(reverse("accounts:delete"))
    assert response.status_code == 403
    assert User.objects.filter(pk=post.author.pk).exists()


def test_member_without_password_must_log_in_with_the_provider_again(client):
    member = UserFactory()
    member.set_unusable_password()
    member.save()
    client.force_login(member)
    session = client.session
    session["accounts_login_at"] = 0  # logged in long ago
    session.save()
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "다시 로그인" in page
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()


# -- 개인정보 처리방침 ------------------------------------------------------------------------
def test_privacy_page_reads_its_figures_from_the_settings(client, settings):
    settings.COMMENTS_PURGE_AFTER_DAYS = 45
    settings.SESSION_COOKIE_AGE = 14 * 86400
    settings.PASSWORD_RESET_TIMEOUT = 2 * 3600
    page = client.get(reverse("privacy")).content.decode()
    assert "45일" in page and "14일" in page and "2시간" in page
    assert settings.SESSION_COOKIE_NAME in page
    settings.COMMENTS_PURGE_AFTER_DAYS = 30
    assert "30일" in client.get(reverse("privacy")).content.decode()


def test_privacy_page_is_linked_from_every_footer(client):
    assert reverse("privacy") in client.get("/").content.decode()


def test_privacy_page_in_english(client):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("privacy"))
    assert "Privacy policy" in page.content.decode()


# -- under the strict Content-Security-Policy --------------------------------------------
def test_members_pages_have_nothing_inline(client):
    from allauth.socialaccount.models import SocialApp
    from django.contrib.sites.models import Site

    from tests.core.test_csp import assert_strict

    for provider in ("kakao", "naver", "google"):
        SocialApp.objects.create(provider=provider, name=provider, client_id="id").sites.add(
            Site.objects.get_current()
        )
    public = [
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password_reset"),
        reverse("account_reset_password_done"),
        reverse("privacy"),
        reverse("socialaccount_login_cancelled"),
    ]
    for url in public:
        assert_strict(client.get(url), url)
    member = UserFactory()
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    EmailAddress.objects.create(user=member, email="pending@example.com", verified=False)  # a change
    client.force_login(member)
    assert "pending@example.com" in client.get(reverse("account_email")).content.decode()
    for url in [
        reverse("accounts:profile"),
        reverse("accounts:my_data"),
        reverse("accounts:delete"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("socialaccount_connections"),
        reverse("privacy"),
    ]:
        assert_strict(client.get(url), url)
    html = client.get(reverse("accounts:export", args=["html"])).content.decode()
    from tests.core.test_csp import INLINE_SCRIPT, INLINE_STYLE

    assert not INLINE_SCRIPT.findall(html) and not INLINE_STYLE.findall(html)


def test_a_member_confirms_once_for_the_account_not_again_per_comment(
    client, post, django_capture_on_commit_callbacks
):
    """Guests confirm a notification address (comments/addresses.py); a member's address is
    the account's, confirmed at sign-up: asking for reply emails sends no second link."""
    member = UserFactory(email="once@example.com")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("comments:post"), comment_data(post, followup="on"))
    assert response.status_code in (200, 302)
    parent = ThreadedComment.objects.get(user=member)
    assert parent.followup
    assert not [m for m in mail.outbox if "once@example.com" in m.to]
    other = Client()
    other.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        other.post(reverse("comments:post"), comment_data(post, reply_to=str(parent.pk), comment="답글"))
    assert [m for m in mail.outbox if "once@example.com" in m.to]


def test_the_admin_index_names_our_members_apart_from_allauths_accounts(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:index")).content.decode()
    captions = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)
    assert "회원" in captions and len(captions) == len(set(captions)), captions
