"""Bad input: a clear form error or 4xx page in Korean, never a 500, nothing half-saved."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import ThreadedComment
from tests.factories import PostFactory

from .conftest import comment_data, guest_data, make_comment, post_comment

pytestmark = pytest.mark.django_db


def refused(client, post, data, status=400, text=None):
    before = ThreadedComment.objects.count()
    response = post_comment(client, post, data=data)
    html = response.content.decode()
    assert response.status_code == status, html[:500]
    if text:
        assert text in html
    assert ThreadedComment.objects.count() == before
    return html


# field: {what a guest sent: the message that comes back}
GUEST_FORM_ERRORS = {
    "name": {
        "": "닉네임을 입력해 주세요",
        "   ": "닉네임을 입력해 주세요",
        "가" * 51: "50",
        "널\x00": "null 문자는 사용할 수 없습니다",
    },
    "password": {"": "비밀번호를 정해 주세요", "abc": "4"},
    "comment": {
        "": "댓글 내용을 입력해 주세요",
        "  \n ": "댓글 내용을 입력해 주세요",
        "가" * 3001: "3000",
        "널\x00바이트": "null 문자는 사용할 수 없습니다",
    },
    "url": {"https://example.com/" + "a" * 190: "200", "javascript:alert(1)": "올바른 URL"},
    "email": {"a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com": "254", "not-an-email": "이메일"},
    "reply_to": {"abc": "정수", "99999": "답글을 달려는 댓글이 없거나 삭제되었습니다", "-1": "0"},
}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({field: value}, message)
        for field, cases in GUEST_FORM_ERRORS.items()
        for value, message in cases.items()
    ],
)
def test_guest_form_errors(client, post, fields, message):
    html = refused(client, post, guest_data(post, **fields), text=message)
    assert 'class="comment-form"' in html  # the form comes back to fix


def test_text_the_reader_wrote_comes_back_with_the_error(client, post):
    html = refused(client, post, guest_data(post, name="", comment="지키고 싶은 글"))
    assert "지키고 싶은 글" in html


def test_reply_to_a_comment_of_another_post(client, post):
    elsewhere = make_comment(PostFactory())
    refused(
        client,
        post,
        guest_data(post, reply_to=str(elsewhere.pk)),
        text="이 페이지의 댓글에만 답글을 달 수 있습니다",
    )


def test_reply_too_deep(client, post):
    c = make_comment(post)
    for _ in range(3):
        c = make_comment(post, parent=c)
    assert c.level == 3
    refused(client, post, guest_data(post, reply_to=str(c.pk)), text="더 이상 답글을 달 수 없습니다")


def test_reply_to_a_deleted_comment(client, post):
    c = make_comment(post)
    c.soft_delete()
    refused(client, post, guest_data(post, reply_to=str(c.pk)), text="삭제되었습니다")


@pytest.mark.parametrize(
    "fields",
    [
        {"security_hash": "0" * 40},
        {"security_hash": "short"},
        {"timestamp": str(int(time.time()) + 10)},
        {"timestamp": "not-a-number"},
        {"object_pk": "OTHER"},
        {"honeypot": "spam"},
    ],
)
def test_tampered_security_fields_and_honeypot(client, post, fields):
    other = PostFactory()  # a real post the hash was not made for
    if fields.get("object_pk") == "OTHER":
        fields = {"object_pk": str(other.pk)}
    refused(client, post, guest_data(post, **fields), text="댓글 양식이 변조되었거나")


def test_expired_form_keeps_the_text(client, post):
    old = str(int(time.time()) - 3 * 60 * 60)
    data = guest_data(post, comment="오래 쓴 댓글", timestamp=old)
    data["security_hash"] = CommentForm(post).generate_security_hash("blog.post", str(post.pk), old)
    html = refused(client, post, data, text="유효 시간이 지났습니다")
    assert "오래 쓴 댓글" in html
    assert f'name="timestamp" value="{old}"' not in html  # a fresh form


@pytest.mark.parametrize(
    "fields",
    [
        {"content_type": "blog.nope"},
        {"content_type": "auth.user", "object_pk": "1"},
        {"content_type": "blog\x00.post"},
        {"object_pk": "99999"},
        {"object_pk": "1\x00"},
        {"object_pk": "abc"},
        {"content_type": None},
        {"object_pk": None},
    ],
)
def test_unknown_targets(client, post, admin_user, fields):
    refused(client, post, guest_data(post, **fields), text="댓글을 받을 수 있는 페이지")


def test_member_over_long_comment(client, post, member):
    client.force_login(member)
    refused(client, post, comment_data(post, comment="a" * 3001), text="3000")


def test_get_on_post_url_is_405(client):
    assert client.get(reverse("comments:post")).status_code == 405


def test_bad_edit_input(client, post, member):
    c = make_comment(post, "원문", user=member)
    client.force_login(member)
    for text in ("", "가" * 3001, "a\x00b"):
        response = client.post(reverse("comments:edit", args=[c.pk]), {"comment": text})
        assert response.status_code == 400
    c.refresh_from_db()
    assert c.comment == "원문" and not c.revisions.exists()


def test_actions_on_missing_comments_are_404(client):
    for name in ("reply", "edit", "delete", "password", "report", "history", "permalink"):
        assert client.get(reverse(f"comments:{name}", args=[424242])).status_code == 404


def test_double_submit_gives_back_the_same_comment(client, post):
    data = guest_data(post, comment="두 번 눌렀어요")
    first = post_comment(client, post, data=data)
    second = post_comment(client, post, data=data)
    assert first["Location"] == second["Location"]
    assert ThreadedComment.objects.count() == 1


def test_two_guests_behind_one_address_keep_their_own_comments(post):
    first, second = Client(REMOTE_ADDR="10.9.9.9"), Client(REMOTE_ADDR="10.9.9.9")
    post_comment(first, post, data=guest_data(post, name="ㅇㅇ", comment="감사합니다", password="pw-one-1"))
    post_comment(second, post, data=guest_data(post, name="ㅇㅇ", comment="감사합니다", password="pw-two-2"))
    assert ThreadedComment.objects.count() == 2
    assert not ThreadedComment.objects.exclude(ip_address=None).exists()  # no raw address kept


HUGE = "9" * 30


@pytest.mark.parametrize("suffix", ["", "reply/", "edit/", "delete/", "password/", "report/", "history/"])
def test_huge_comment_ids_are_404_not_500(client, suffix):
    assert client.get(f"/comments/{HUGE}/{suffix}").status_code == 404
    assert client.post(f"/comments/{HUGE}/{suffix}").status_code in (403, 404)


def test_huge_reply_to_is_a_form_error(client, post):
    refused(client, post, guest_data(post, reply_to=HUGE))


def test_moderation_garbage_ids_and_nul_reasons_are_answered_in_words(client, post):
    from tests.factories import ModeratorFactory

    comment = make_comment(post, "검토할 댓글")
    client.force_login(ModeratorFactory())
    for item in ("remove:²", "remove:" + HUGE, "remove:-1", "remove:１"):
        response = client.post(reverse("comments:moderation"), {"item": item})
        assert response.status_code == 400, item
    response = client.post(
        reverse("comments:moderation"), {"item": f"remove:{comment.pk}", "reason": "광고\x00글"}
    )
    assert response.status_code in (200, 302)
    comment.refresh_from_db()
    assert comment.is_removed
