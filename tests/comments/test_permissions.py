"""Who may edit, delete, report: anonymous, guest with right/wrong password, the writer,
another member, the post's author, a moderator."""

import pytest
from django.urls import reverse

from comments.models import ThreadedComment

from .conftest import GUEST_PASSWORD, make_comment

pytestmark = pytest.mark.django_db


def edit(client, c, text="바뀐 글"):
    return client.post(reverse("comments:edit", args=[c.pk]), {"comment": text})


def delete(client, c):
    return client.post(reverse("comments:delete", args=[c.pk]))


def unlock(client, c, password=GUEST_PASSWORD):
    return client.post(reverse("comments:password", args=[c.pk]), {"password": password, "action": "edit"})


@pytest.fixture
def member_comment(post, member):
    return make_comment(post, "회원 원문", user=member)


@pytest.fixture
def guest_comment(post):
    return make_comment(post, "손님 원문")


@pytest.mark.parametrize(
    "who, may_edit, may_delete",
    [
        ("anonymous", False, False),
        ("writer", True, True),
        ("other_member", False, False),
        ("post_author", False, True),
        ("moderator", False, True),
    ],
)
def test_member_comment_matrix(client, log_in_as, member_comment, who, may_edit, may_delete):
    log_in_as(who)
    response = edit(client, member_comment)
    member_comment.refresh_from_db()
    assert (member_comment.comment == "바뀐 글") is may_edit
    if not may_edit:
        assert response.status_code in (302, 403)
        if response.status_code == 302:  # anonymous: a member comment has no password
            assert "password" in response["Location"]
    response = delete(client, member_comment)
    member_comment.refresh_from_db()
    assert member_comment.is_removed is may_delete
    if not may_delete:
        assert response.status_code in (302, 403)


def test_anonymous_cannot_unlock_a_member_comment(client, member_comment):
    response = unlock(client, member_comment, password="")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "who, password, may_edit, may_delete",
    [
        ("anonymous", None, False, False),
        ("anonymous", "틀린비번", False, False),
        ("anonymous", GUEST_PASSWORD, True, True),
        ("other_member", None, False, False),
        ("post_author", None, False, True),
        ("moderator", None, False, True),
    ],
)
def test_guest_comment_matrix(client, log_in_as, guest_comment, who, password, may_edit, may_delete):
    log_in_as(who)
    if password:
        response = unlock(client, guest_comment, password)
        assert response.status_code == (302 if password == GUEST_PASSWORD else 400)
    edit(client, guest_comment)
    guest_comment.refresh_from_db()
    assert (guest_comment.comment == "바뀐 글") is may_edit
    delete(client, guest_comment)
    guest_comment.refresh_from_db()
    assert guest_comment.is_removed is may_delete


def test_links_shown_match_the_rights(client, post, member, other_member, author, moderator):
    c = make_comment(post, "회원 글", user=member)

    def actions():
        html = client.get(post.get_absolute_url()).content.decode()
        start = html.rindex("<li", 0, html.index(f'id="comment-{c.pk}"'))
        block = html[start : html.index("</ul>", start)]
        return {
            label
            for label in ("신고", "수정/삭제", "삭제", "댓글쓰기", "댓글주소")
            if f">{label}</a>" in block
        }

    assert actions() == {"신고", "댓글쓰기", "댓글주소"}
    client.force_login(member)
    assert actions() == {"수정/삭제", "댓글쓰기", "댓글주소"}  # the edit page deletes too
    client.force_login(other_member)
    assert actions() == {"신고", "댓글쓰기", "댓글주소"}
    client.force_login(author)
    assert actions() == {"신고", "삭제", "댓글쓰기", "댓글주소"}
    client.force_login(moderator)
    assert actions() == {"신고", "삭제", "댓글쓰기", "댓글주소"}


def test_report_leads_to_a_form_and_records_a_report(client, post, member, other_member):
    """Guests and members may report (issue: 신고 with reasons); never your own comment."""
    from comments.models import CommentReport

    c = make_comment(post, "신고 대상", user=member)
    url = reverse("comments:report", args=[c.pk])
    response = client.get(url)
    assert response.status_code == 200 and "신고 사유" in response.content.decode()
    response = client.post(url, {"reason": "spam"})  # a guest
    assert response.status_code == 200 and "운영자" in response.content.decode()
    client.force_login(other_member)
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 200 and "운영자" in response.content.decode()
    assert CommentReport.objects.filter(comment_id=c.pk, user=other_member).count() == 1
    assert CommentReport.objects.filter(comment_id=c.pk).count() == 2
    client.force_login(member)
    assert client.get(url).status_code == 403  # not your own


def test_history_only_for_moderators(client, post, member, moderator):
    c = make_comment(post, "원문", user=member)
    c.edit("수정문", False, by_user=member)
    client.force_login(member)
    assert client.get(reverse("comments:history", args=[c.pk])).status_code == 403
    client.force_login(moderator)
    assert "원문" in client.get(reverse("comments:history", args=[c.pk])).content.decode()
    assert ThreadedComment.objects.get(pk=c.pk).revisions.count() == 1


def test_wrong_passwords_are_rate_limited(client, guest_comment):
    for _ in range(5):
        response = unlock(client, guest_comment, "틀린비번")
        assert response.status_code == 400
        assert "비밀번호가 맞지 않습니다" in response.content.decode()
    response = unlock(client, guest_comment, GUEST_PASSWORD)  # even the right one, now
    assert response.status_code == 429
    assert "10분 뒤에 다시" in response.content.decode()
    other_client = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert unlock(other_client, guest_comment).status_code == 302


def test_password_checks_are_capped_per_address_across_all_comments(post):
    """Five wrong tries per comment would be unlimited over many comments: one address gets
    20 checks (right or wrong) in ten minutes over all of them; an IPv6 reader is their /64."""
    from django.test import Client

    comments = [make_comment(post, f"손님 글 {n}") for n in range(5)]
    reader = Client(REMOTE_ADDR="2001:db8:aa:bb::1")
    for n in range(20):
        assert unlock(reader, comments[n % 5], "틀린비번").status_code == 400
    neighbour = Client(REMOTE_ADDR="2001:db8:aa:bb:ffff::2")  # same /64
    refused = unlock(neighbour, make_comment(post, "새 글"))
    assert refused.status_code == 429
    assert "여러 비밀번호를 너무 많이 시도했습니다" in refused.content.decode()
    assert unlock(Client(REMOTE_ADDR="2001:db8:aa:bc::1"), comments[0]).status_code == 302


def test_password_limits_hold_while_redis_is_down(post, settings):
    """No fail-open: with the shared cache unreachable the counts go on in the process."""
    from django.test import Client

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"BREAKER_SECONDS": 0},
        }
    }
    guest_comment = make_comment(post, "손님 글")
    reader = Client(REMOTE_ADDR="192.0.2.77")
    for _ in range(5):
        assert unlock(reader, guest_comment, "틀린비번").status_code == 400
    assert unlock(reader, guest_comment).status_code == 429
