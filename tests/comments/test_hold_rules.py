"""Pre-moderation: too many links, blocked words after normalisation, blocked writers,
"approve every comment". A held comment is shown only to its writer."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import BlockedWriter, HoldSettings, ThreadedComment
from comments.moderation import count_links, normalise

from .conftest import comment_block, guest_data, make_comment, post_comment

pytestmark = pytest.mark.django_db
PENDING = "승인 후 표시됩니다"


def rules(**fields):
    settings = HoldSettings.get()
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def page(client, post):
    return client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("스 팸", "스팸"),
        ("ｓｐａｍ", "spam"),
        ("S\u200bP\u200dA M", "spam"),
        ("스\ufeff팸\u2060", "스팸"),
        ("Ｃａｓｉｎｏ\t사이트", "casino사이트"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_count_links():
    assert count_links("http://a.com https://b.kr/x www.c.net d.com 그리고 e-mail@x.com") == 4
    assert count_links("링크 없음. 끝.") == 0


@pytest.mark.parametrize("text", ["이건 스 팸 입니다", "ｓｐａｍ 광고", "s\u200bpam!", "SPAM"])
def test_blocked_words_match_after_normalising(client, post, text):
    rules(blocked_words="스팸\nspam\n")
    post_comment(client, post, data=guest_data(post, comment=text))
    c = ThreadedComment.objects.get()
    assert not c.is_public and c.held_reason == "words"
    assert text not in page(Client(), post)


def test_clean_text_is_published(client, post):
    rules(blocked_words="스팸")
    post_comment(client, post, data=guest_data(post, comment="좋은 글이에요"))
    assert ThreadedComment.objects.get().is_public
    assert "좋은 글이에요" in page(Client(), post)


def test_more_than_n_links_is_held(client, post):
    rules(max_links=2)
    post_comment(client, post, data=guest_data(post, comment="http://a.com http://b.com"))
    post_comment(client, post, data=guest_data(post, comment="http://a.com http://b.com http://c.com"))
    two, three = ThreadedComment.objects.order_by("pk")
    assert two.is_public and not three.is_public and three.held_reason == "links"


def test_approve_every_comment_switch(client, post, member):
    rules(hold_all=True)
    client.force_login(member)
    response = post_comment(client, post, comment="회원 댓글도 대기")
    assert response.status_code == 302
    c = ThreadedComment.objects.get()
    assert not c.is_public and c.held_reason == "all"
    follow = client.get(response["Location"]).content.decode()
    assert "승인 후 표시됩니다" in follow  # the message after posting


def test_a_held_member_comment_is_shown_only_to_its_writer(client, post, member, other_member, moderator):
    rules(hold_all=True)
    client.force_login(member)
    post_comment(client, post, comment="대기 중인 내 댓글")
    c = ThreadedComment.objects.get()
    mine = page(client, post)
    assert "대기 중인 내 댓글" in mine and PENDING in comment_block(mine, c.pk)
    assert 'class="comments__count">0<' in mine
    for viewer in (other_member, moderator):
        other = Client()
        other.force_login(viewer)
        assert "대기 중인 내 댓글" not in page(other, post)
    assert "대기 중인 내 댓글" not in page(Client(), post)


def test_a_held_guest_comment_is_shown_only_in_the_browser_that_posted_it(client, post):
    rules(blocked_words="도박")
    post_comment(client, post, data=guest_data(post, comment="도박 사이트"))
    c = ThreadedComment.objects.get()
    assert PENDING in comment_block(page(client, post), c.pk)
    assert "도박 사이트" not in page(Client(), post)


def test_held_replies_stay_under_their_parent_for_the_writer(client, post, member):
    parent = make_comment(post, "원 댓글")
    rules(hold_all=True)
    client.force_login(member)
    post_comment(client, post, comment="대기 중 답글", reply_to=str(parent.pk))
    html = page(client, post)
    child = ThreadedComment.objects.get(comment="대기 중 답글")
    assert html.index(f'id="comment-{parent.pk}"') < html.index(f'id="comment-{child.pk}"')
    assert "대기 중 답글" not in page(Client(), post)


def test_blocked_writer_in_the_admin_holds_comments(client, post, member):
    BlockedWriter.objects.create(user=member, reason="test")
    client.force_login(member)
    post_comment(client, post, comment="차단된 회원")
    assert ThreadedComment.objects.get().held_reason == "blocked"


def test_held_comment_is_approved_in_the_queue_then_everyone_sees_it(client, post, moderator):
    rules(hold_all=True)
    post_comment(client, post, data=guest_data(post, comment="승인 기다림"))
    c = ThreadedComment.objects.get()
    mod = Client()
    mod.force_login(moderator)
    queue = mod.get(reverse("comments:moderation")).content.decode()
    assert "승인 기다림" in queue and "모든 댓글 승인제" in queue
    mod.post(reverse("comments:moderation"), {"item": f"approve:{c.pk}"})
    html = page(Client(), post)
    assert "승인 기다림" in html and PENDING not in html


def test_hold_rules_are_editable_in_the_admin(client, post):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "r@example.com", "pw-123456")
    client.force_login(root)
    settings = HoldSettings.get()
    url = reverse("admin:comments_holdsettings_change", args=[settings.pk])
    response = client.post(url, {"hold_all": "", "max_links": "1", "blocked_words": "욕설"})
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.max_links == 1 and settings.word_list() == ["욕설"]


def test_an_edit_into_spam_goes_back_to_the_queue(client, post, member):
    rules(blocked_words="카지노", max_links=1)
    client.force_login(member)
    post_comment(client, post, comment="좋은 글")
    comment = ThreadedComment.objects.get()
    assert comment.is_public
    client.post(reverse("comments:edit", args=[comment.pk]), {"comment": "카지노 http://a.com http://b.com"})
    comment.refresh_from_db()
    assert not comment.is_public and comment.held_reason
    assert "카지노" not in page(Client(), post)
    assert PENDING in page(client, post)  # the writer still sees it, waiting


def test_a_blocked_member_cannot_rewrite_a_published_comment_freely(client, post, member):
    client.force_login(member)
    post_comment(client, post, comment="차단 전 댓글")
    comment = ThreadedComment.objects.get()
    BlockedWriter.objects.create(user=member)
    client.post(reverse("comments:edit", args=[comment.pk]), {"comment": "차단 후 바꾼 글"})
    comment.refresh_from_db()
    assert not comment.is_public and comment.held_reason == "blocked"
    assert "차단 후 바꾼 글" not in page(Client(), post)
