"""Emails (Django's outbox): the post's author for each new comment and for each comment
hidden by reports, moderators for each newly hidden comment, reply notifications only when
asked for, with an unsubscribe that acts on POST only. Sent after commit; a failing mail
server never breaks the page."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from comments.models import ThreadedComment

from .conftest import guest_data, make_comment, post_comment, report_by_members

pytestmark = pytest.mark.django_db


def now(func, *args, **kwargs):
    func()


@pytest.fixture
def outbox():
    """Tests run inside a transaction that never commits: run the mail callbacks at once
    (test_emails_wait_for_the_commit checks that they do wait for the commit)."""
    with mock.patch("comments.notify.transaction.on_commit", side_effect=now):
        yield mail.outbox


def links(message):
    return re.findall(r"https?://\S+", message.body)


def test_post_author_gets_a_korean_email_with_an_https_link(client, post, author, outbox):
    post_comment(client, post, data=guest_data(post, name="지나가던 손님", comment="잘 읽었습니다"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert post.title in message.subject and "새 댓글" in message.subject
    assert "지나가던 손님" in message.body and "잘 읽었습니다" in message.body
    assert links(message) and all(url.startswith("https://blog.example.kr/") for url in links(message))


def test_emails_wait_for_the_commit(client, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_comment(client, post, data=guest_data(post))
    assert mail.outbox == [] and callbacks  # (the page cache is told after commit too)
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_no_email_to_the_author_for_their_own_comment(client, post, author, outbox):
    client.force_login(author)
    post_comment(client, post, comment="작가의 답")
    assert outbox == []


def test_held_comment_email_points_to_the_queue(client, post, author, outbox):
    from comments.models import HoldSettings

    HoldSettings.objects.create(pk=1, hold_all=True)
    post_comment(client, post, data=guest_data(post))
    assert "승인을 기다리는" in outbox[0].subject
    assert "https://blog.example.kr/moderation/" in outbox[0].body


def test_hiding_emails_the_author_and_the_moderators_once(post, author, moderator, outbox):
    c = make_comment(post, "신고될 댓글")
    report_by_members(c, 2)
    assert outbox == []
    report_by_members(c, 1)
    assert sorted(m.to[0] for m in outbox) == sorted([author.email, moderator.email])
    assert all("숨겨졌습니다" in m.subject for m in outbox)
    assert "3번 신고되어" in outbox[0].body
    report_by_members(c, 0)
    assert len(outbox) == 2


def test_a_failing_mail_server_never_breaks_posting(client, post, caplog, outbox):
    with mock.patch("comments.notify.send_mail", side_effect=OSError("smtp down")):
        response = post_comment(client, post, data=guest_data(post, comment="메일 서버 다운"))
    assert response.status_code == 302
    assert ThreadedComment.objects.filter(comment="메일 서버 다운").exists()
    assert "smtp down" in caplog.text


# -- replies ------------------------------------------------------------------------
def write_parent(client, post, followup=True, email="reader@example.com", confirm=True):
    """A guest comment asking for reply emails; with `confirm`, its writer then confirms the
    address with the link of the first mail, as a reader would."""
    data = guest_data(post, comment="알림 원하는 댓글", email=email)
    if followup:
        data["followup"] = "on"
    post_comment(client, post, data=data)
    if confirm and followup:
        confirm_from(client, [m for m in mail.outbox if m.to == [email]][-1])
    return ThreadedComment.objects.get(comment="알림 원하는 댓글")


def confirm_from(client, message):
    url = next(u for u in links(message) if "/comments/confirm/" in u)
    path = url.replace("https://blog.example.kr", "")
    assert client.post(path).status_code == 200


def reply_to(parent, post, text="답글입니다", address="10.7.7.7"):
    data = guest_data(post, name="답글러", comment=text, reply_to=str(parent.pk))
    return post_comment(Client(REMOTE_ADDR=address), post, data=data)


def test_the_first_mail_to_an_address_quotes_nothing_and_asks_to_confirm(client, post, outbox):
    data = guest_data(post, name="광고주 SPAMNAME", comment="SPAMTEXT 여기 클릭", email="victim@example.com")
    data["followup"] = "on"
    post_comment(client, post, data=data)
    (first,) = [m for m in outbox if m.to == ["victim@example.com"]]
    assert "SPAMTEXT" not in first.body + first.subject
    assert "SPAMNAME" not in first.body + first.subject
    assert "확인" in first.subject
    assert [u for u in links(first) if "/comments/confirm/" in u]
    # Not confirmed: a reply (however chosen its text) is not mailed to the address.
    parent = ThreadedComment.objects.get(comment__startswith="SPAMTEXT")
    outbox.clear()
    reply_to(parent, post, "SPAMREPLY 이것도 보내라")
    assert not [m for m in outbox if m.to == ["victim@example.com"]]


def test_confirming_takes_a_post_then_replies_are_mailed(client, post, outbox):
    parent = write_parent(client, post, confirm=False)
    url = next(u for u in links(outbox[-1]) if "/comments/confirm/" in u)
    path = url.replace("https://blog.example.kr", "")
    page = client.get(path)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200 and "reader@example.com" in page.content.decode()
    outbox.clear()
    reply_to(parent, post, "확인 전 답글")
    assert not [m for m in outbox if m.to == ["reader@example.com"]]
    done = client.post(path)
    assert done.status_code == 200 and "확인되었습니다" in done.content.decode()
    reply_to(parent, post, "확인 후 답글", address="10.7.7.8")
    (mailed,) = [m for m in outbox if m.to == ["reader@example.com"]]
    assert "확인 후 답글" in mailed.body


def test_an_address_is_asked_at_most_once_a_day_and_confirmed_once(client, post, outbox):
    for n in range(3):
        data = guest_data(post, comment=f"알림 원하는 댓글 {n}", email="Reader@Example.com")
        data["followup"] = "on"
        post_comment(Client(REMOTE_ADDR=f"10.8.0.{n + 1}"), post, data=data)
    asks = [m for m in outbox if m.to == ["Reader@Example.com"]]
    assert len(asks) == 1
    confirm_from(client, asks[0])
    outbox.clear()
    data = guest_data(post, comment="또 다른 댓글", email="reader@example.com")
    data["followup"] = "on"
    post_comment(Client(REMOTE_ADDR="10.8.0.9"), post, data=data)
    assert not [m for m in outbox if "reader@example.com" in m.to[0].lower()]  # not asked again


def test_a_bad_confirmation_link_is_a_404_page(client):
    response = client.post(reverse("comments:confirm_address", args=["forged:token"]))
    assert response.status_code == 404 and "확인 링크가 올바르지 않거나" in response.content.decode()


def test_reply_notification_only_when_asked(client, post, outbox):
    parent = write_parent(client, post, followup=True)
    quiet = make_comment(post, "알림 싫은 댓글")
    outbox.clear()
    other = Client(REMOTE_ADDR="10.7.7.7")
    post_comment(
        other, post, data=guest_data(post, name="답글러", comment="답글입니다", reply_to=str(parent.pk))
    )
    post_comment(
        other, post, data=guest_data(post, name="답글러", comment="다른 답글", reply_to=str(quiet.pk))
    )
    to_reader = [m for m in outbox if m.to == ["reader@example.com"]]
    assert len(to_reader) == 1
    message = to_reader[0]
    assert "답글" in message.subject and "답글입니다" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_followup_without_email_is_a_form_error(client, post):
    data = guest_data(post, comment="메일 없이 알림")
    data["followup"] = "on"
    response = post_comment(client, post, data=data)
    assert response.status_code == 400 and "이메일 주소를 입력하세요" in response.content.decode()


def test_unsubscribe_confirms_on_get_and_acts_on_post(client, post, outbox):
    parent = write_parent(client, post)
    post_comment(
        Client(REMOTE_ADDR="10.7.7.8"),
        post,
        data=guest_data(post, comment="첫 답글", reply_to=str(parent.pk)),
    )
    url = next(u for u in links(outbox[-1]) if "/unsubscribe/" in u)
    path = url.replace("https://blog.example.kr", "")
    response = client.get(path)
    assert response.status_code == 200 and "그만 받을까요" in response.content.decode()
    parent.refresh_from_db()
    assert parent.followup  # GET changed nothing
    response = Client(enforce_csrf_checks=True).post(path)  # a mail client's one-click POST
    assert response.status_code == 200 and "더 이상 보내지 않습니다" in response.content.decode()
    parent.refresh_from_db()
    assert not parent.followup
    outbox.clear()
    post_comment(
        Client(REMOTE_ADDR="10.7.7.9"),
        post,
        data=guest_data(post, comment="둘째 답글", reply_to=str(parent.pk)),
    )
    assert not [m for m in outbox if m.to == ["reader@example.com"]]


def test_bad_unsubscribe_token_is_a_404_page(client):
    response = client.post(reverse("comments:unsubscribe", args=["forged:token"]))
    assert response.status_code == 404 and "올바르지 않습니다" in response.content.decode()


def test_a_secret_reply_is_never_mailed_to_the_parents_writer(client, post, outbox):
    parent = write_parent(client, post, followup=True)
    outbox.clear()
    data = guest_data(post, name="비밀러", comment="비밀 답글 SECRETREPLY", reply_to=str(parent.pk))
    data["is_secret"] = "on"
    post_comment(Client(REMOTE_ADDR="10.7.7.10"), post, data=data)
    assert not [m for m in outbox if m.to == ["reader@example.com"]]
    assert all("SECRETREPLY" not in m.body for m in outbox if m.to == ["reader@example.com"])
