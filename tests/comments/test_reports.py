"""신고: reasons, once per member / browser / address, never your own, the threshold hides
the comment at once with its replies intact, bad input answered in words."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import CommentReport, ModerationAction, ThreadedComment

from .conftest import comment_block, guest_data, make_comment, post_comment, report, report_by_members

pytestmark = pytest.mark.django_db

REASONS_KO = ["스팸·홍보", "욕설·비방", "개인정보 노출", "음란물", "저작권 침해", "기타"]
HIDDEN = "신고가 누적되어 숨겨진 댓글입니다"


def page(client, post):
    return client.get(post.get_absolute_url()).content.decode()


def test_report_page_offers_the_six_reasons_and_works_without_javascript(client, post):
    c = make_comment(post, "광고 글")
    html = client.get(reverse("comments:report", args=[c.pk])).content.decode()
    for label in REASONS_KO:
        assert label in html
    assert 'type="radio"' in html and 'method="post"' in html
    response = report(client, c, "abuse", address="10.1.0.1")
    assert response.status_code == 200 and "운영자에게 전달" in response.content.decode()
    r = CommentReport.objects.get()
    assert (r.reason, r.user, r.status) == ("abuse", None, "open")


def test_other_needs_a_short_text(client, post):
    c = make_comment(post)
    response = report(client, c, "other")
    assert response.status_code == 400
    assert "짧게 적어 주세요" in response.content.decode()
    assert report(client, c, "other", "사기 링크가 있어요").status_code == 200
    assert CommentReport.objects.get().detail == "사기 링크가 있어요"


def test_forged_reason_is_a_form_error_not_a_500(client, post):
    c = make_comment(post)
    response = report(client, c, "<script>")
    assert response.status_code == 400
    assert "보기에 있는 사유 중 하나를 고르세요" in response.content.decode()
    client.cookies["django_language"] = "en"
    response = report(client, c, "nonsense")
    assert response.status_code == 400 and "Choose one of the reasons shown" in response.content.decode()
    assert not CommentReport.objects.exists()


def test_reports_on_missing_removed_or_hidden_comments(client, post):
    assert report(client, type("C", (), {"pk": 999999})()).status_code == 404
    gone = make_comment(post, "지운 글")
    gone.soft_delete()
    assert report(client, gone).status_code == 404
    hidden = make_comment(post, "숨은 글")
    report_by_members(hidden, 3)
    response = report(client, hidden, address="10.9.9.9")
    assert response.status_code == 409 and "이미 숨겨져" in response.content.decode()


def test_a_member_reports_once_by_account(client, post, member):
    c = make_comment(post)
    client.force_login(member)
    assert report(client, c, address="10.0.0.1").status_code == 200
    response = report(client, c, address="10.0.0.2")  # another network, same account
    assert response.status_code == 409
    assert "이미 신고한 댓글입니다" in response.content.decode()
    other_browser = Client()
    other_browser.force_login(member)
    assert report(other_browser, c, address="10.0.0.3").status_code == 409
    assert CommentReport.objects.count() == 1


def test_a_guest_reports_once_per_browser_and_once_per_address(post):
    c = make_comment(post)
    first = Client()
    assert report(first, c, address="10.0.0.1").status_code == 200
    # Same browser (signed cookie), another network:
    assert report(first, c, address="10.0.0.2").status_code == 409
    # Another browser on the same network address:
    assert report(Client(), c, address="10.0.0.1").status_code == 409
    # Another browser and address: a different reader.
    assert report(Client(), c, address="10.0.0.3").status_code == 200
    assert CommentReport.objects.count() == 2


def test_a_forged_reporter_cookie_is_just_no_cookie(post):
    c = make_comment(post)
    browser = Client()
    browser.cookies["comments_reporter"] = "forged-value"
    assert report(browser, c, address="10.0.0.7").status_code == 200


def test_the_address_is_stored_only_as_a_salted_hash(post):
    c = make_comment(post)
    report(Client(), c, address="203.0.113.77")
    r = CommentReport.objects.get()
    assert len(r.address_hash) == 64 and "203.0.113.77" not in str(r.__dict__)


def test_own_comment_cannot_be_reported(client, post, member):
    mine = make_comment(post, "내 댓글", user=member)
    client.force_login(member)
    assert ">신고</a>" not in comment_block(page(client, post), mine.pk)
    response = report(client, mine)
    assert response.status_code == 403 and "자신의 댓글" in response.content.decode()
    assert not CommentReport.objects.exists()


def test_a_guest_cannot_report_what_they_wrote_in_this_browser(client, post):
    assert post_comment(client, post, data=guest_data(post, comment="손님이 쓴 글")).status_code == 302
    c = ThreadedComment.objects.get(comment="손님이 쓴 글")
    assert ">신고</a>" not in comment_block(page(client, post), c.pk)
    assert report(client, c).status_code == 403
    assert ">신고</a>" in comment_block(page(Client(), post), c.pk)


def test_two_reports_leave_it_visible_the_third_hides_it_with_replies_intact(client, post):
    parent = make_comment(post, "문제의 댓글")
    child = make_comment(post, "그 아래 답글", parent=parent)
    report_by_members(parent, 2)
    html = page(client, post)
    assert "문제의 댓글" in html and HIDDEN not in html
    assert 'class="comments__count">2<' in html
    report_by_members(parent, 1)
    html = page(client, post)
    assert "문제의 댓글" not in html
    assert HIDDEN in comment_block(html, parent.pk)
    assert "그 아래 답글" in comment_block(html, child.pk)
    assert 'class="comments__count">1<' in html  # the hidden one no longer counts
    parent.refresh_from_db()
    assert parent.is_hidden and parent.hidden_at is not None
    log = ModerationAction.objects.get()
    assert (log.action, log.comment_id, log.actor) == ("hide", parent.pk, None)


def test_threshold_follows_the_setting(client, post, settings):
    settings.COMMENTS_REPORT_THRESHOLD = 1
    c = make_comment(post, "한 번이면 숨김")
    report(Client(), c, address="10.0.0.5")
    assert HIDDEN in page(client, post)


def test_dismissed_reports_no_longer_count(client, post, moderator):
    c = make_comment(post, "유지될 댓글")
    report_by_members(c, 3)
    client.force_login(moderator)
    client.post(reverse("comments:moderation"), {"item": f"keep:{c.pk}"})
    report_by_members(c, 2)
    assert "유지될 댓글" in page(Client(), post)
    report_by_members(c, 1)
    assert HIDDEN in page(Client(), post)
