"""Spam defences: comments per address per minute, reports per address per hour (counted
in the shared cache), the honeypot and the minimum form age."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from comments.forms import CommentForm
from comments.models import CommentReport, ThreadedComment

from .conftest import guest_data, make_comment, post_comment, report

pytestmark = pytest.mark.django_db


def send(client, post, n):
    return post_comment(client, post, data=guest_data(post, comment=f"댓글 {n}"))


def test_five_comments_a_minute_per_address_then_429(post):
    reader = Client(REMOTE_ADDR="192.0.2.10")
    for n in range(5):
        assert send(reader, post, n).status_code == 302
    response = send(reader, post, 5)
    assert response.status_code == 429
    assert "너무 빠르게" in response.content.decode()
    # The text is kept in the form (as after a too-quick form), not lost behind a "go back".
    assert response.context["form"]["comment"].value() == "댓글 5"
    assert "댓글 5</textarea>" in response.content.decode()
    assert ThreadedComment.objects.count() == 5
    # Another browser on the same address is limited too; another address is not.
    assert send(Client(REMOTE_ADDR="192.0.2.10"), post, 6).status_code == 429
    assert send(Client(REMOTE_ADDR="192.0.2.11"), post, 7).status_code == 302


def test_limit_is_a_setting_and_lives_in_the_shared_cache(post, settings):
    settings.COMMENTS_POSTS_PER_MINUTE = 2
    reader = Client(REMOTE_ADDR="192.0.2.20")
    assert send(reader, post, 1).status_code == 302
    assert send(reader, post, 2).status_code == 302
    assert send(reader, post, 3).status_code == 429
    cache.clear()  # what every app server shares: clearing it lifts the limit everywhere
    assert send(reader, post, 4).status_code == 302


def test_english_429(post, settings):
    settings.COMMENTS_POSTS_PER_MINUTE = 1
    reader = Client(REMOTE_ADDR="192.0.2.30")
    reader.cookies["django_language"] = "en"
    send(reader, post, 1)
    response = send(reader, post, 2)
    assert response.status_code == 429 and "posting comments too quickly" in response.content.decode()


def test_reports_are_limited_per_address(post, settings):
    settings.COMMENTS_REPORTS_PER_HOUR = 3
    comments = [make_comment(post, f"글 {n}") for n in range(4)]
    reporter = Client(REMOTE_ADDR="192.0.2.40")
    for c in comments[:3]:
        assert report(reporter, c).status_code == 200
    response = report(reporter, comments[3])
    assert response.status_code == 429 and "신고를 너무 많이" in response.content.decode()
    assert CommentReport.objects.count() == 3


def test_default_report_limit_is_20_an_hour(post):
    comments = [make_comment(post, f"글 {n}") for n in range(21)]
    for n, c in enumerate(comments[:20]):
        member = Client(REMOTE_ADDR="192.0.2.50")
        from tests.factories import UserFactory

        member.force_login(UserFactory())
        assert report(member, c).status_code == 200, n
    assert report(Client(REMOTE_ADDR="192.0.2.50"), comments[20]).status_code == 429


def test_honeypot_refuses_the_comment(client, post):
    response = post_comment(client, post, data=guest_data(post, honeypot="http://spam"))
    assert response.status_code == 400 and not ThreadedComment.objects.exists()


def test_a_form_sent_too_soon_is_refused_with_the_text_kept(client, post, settings):
    settings.COMMENTS_MIN_FORM_SECONDS = 3
    response = post_comment(client, post, data=guest_data(post, comment="너무 빠른 댓글"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "너무 빨리 보내졌습니다" in html and "너무 빠른 댓글" in html
    assert not ThreadedComment.objects.exists()
    # The same form a few seconds older (as signed by the server) goes through.
    form = CommentForm(post)
    old = str(int(time.time()) - 5)
    data = guest_data(post, comment="천천히 쓴 댓글")
    data.update(
        timestamp=old,
        security_hash=form.generate_security_hash(
            content_type=data["content_type"], object_pk=data["object_pk"], timestamp=old
        ),
    )
    assert post_comment(client, post, data=data).status_code == 302
    assert ThreadedComment.objects.get().comment == "천천히 쓴 댓글"
