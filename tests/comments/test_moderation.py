"""/moderation/: who may open it, what it lists, every action one by one and in bulk, the
audit log, the header count, and the admin's filters and actions."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from comments.models import BlockedWriter, CommentReport, ModerationAction, ThreadedComment
from tests.factories import PostFactory

from .conftest import comment_block, guest_data, make_comment, post_comment, report, report_by_members

pytestmark = pytest.mark.django_db
URL = "/moderation/"
REMOVED = "관리자에 의해 삭제된 댓글입니다"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw-123456")


@pytest.fixture
def reported(post, member):
    c = make_comment(post, "나쁜 댓글", user=member)
    report_by_members(c, 2)
    return c


def act(client, item=None, **data):
    if item:
        data["item"] = item
    return client.post(URL, data)


def test_url_name():
    assert reverse("comments:moderation") == URL


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("other_member", 403),
        ("writer", 403),
        ("post_author", 200),
        ("moderator", 200),
        ("superuser", 200),
    ],
)
def test_who_may_open_the_queue(client, log_in_as, reported, who, status):
    log_in_as(who)
    response = client.get(URL)
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]
    if status == 200:
        assert "나쁜 댓글" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "other_member", "writer"])
def test_others_cannot_act(client, log_in_as, reported, who):
    log_in_as(who)
    response = act(client, f"remove:{reported.pk}")
    assert response.status_code in (302, 403)
    reported.refresh_from_db()
    assert not reported.is_removed and not ModerationAction.objects.filter(action="remove").exists()


def test_queue_lists_most_reported_first_with_post_text_writer_count_reasons(client, moderator, post):
    one = make_comment(post, "한 번 신고됨")
    three = make_comment(post, "세 번 신고됨")
    report(Client(), one, "privacy", address="10.0.0.1")
    for n, reason in enumerate(["spam", "spam", "obscene"]):
        report(Client(), three, reason, address=f"10.0.1.{n}")
    client.force_login(moderator)
    html = client.get(URL).content.decode()
    assert html.index("세 번 신고됨") < html.index("한 번 신고됨")
    assert post.title in html and "신고 3건" in html and "신고 1건" in html
    assert "스팸·홍보 ×2" in html and "음란물" in html and "개인정보 노출" in html
    assert "손님" in html and "숨김" in html  # writer; the 3-report one is hidden


def test_post_author_sees_and_acts_only_on_their_own_posts(client, author, post):
    mine = make_comment(post, "내 글의 댓글")
    report(Client(), mine, address="10.0.0.1")
    elsewhere = PostFactory()
    theirs = make_comment(elsewhere, "남의 글의 댓글")
    report(Client(), theirs, address="10.0.0.2")
    client.force_login(author)
    html = client.get(URL).content.decode()
    assert "내 글의 댓글" in html and "남의 글의 댓글" not in html
    response = act(client, f"remove:{theirs.pk}")
    assert response.status_code == 403 and "내 글에 달린 댓글만" in response.content.decode()
    assert "block:" not in html  # blocking is site-wide: moderators only
    blocked = act(client, f"block:{mine.pk}")
    assert blocked.status_code == 403 and "관리자만" in blocked.content.decode()
    assert not BlockedWriter.objects.exists()
    assert act(client, f"remove:{mine.pk}").status_code == 302
    mine.refresh_from_db()
    assert mine.is_removed and mine.removed_by == author
    # Restoring could undo a moderator's removal: moderators only.
    assert act(client, f"restore:{mine.pk}").status_code == 403
    mine.refresh_from_db()
    assert mine.is_removed


def test_remove_leaves_a_placeholder_with_the_replies_and_logs_it(client, moderator, post):
    parent = make_comment(post, "삭제될 댓글")
    make_comment(post, "살아남는 답글", parent=parent)
    report_by_members(parent, 3)
    client.force_login(moderator)
    response = act(client, f"remove:{parent.pk}", reason="광고")
    assert response.status_code == 302
    html = Client().get(post.get_absolute_url()).content.decode()
    assert REMOVED in comment_block(html, parent.pk) and "살아남는 답글" in html
    assert "삭제될 댓글" not in html
    parent.refresh_from_db()
    assert parent.is_removed and parent.removed_by_moderator  # soft: the row is still there
    assert not CommentReport.objects.filter(comment=parent, status="open").exists()
    entry = ModerationAction.objects.get(action="remove")
    assert (entry.actor, entry.comment_id, entry.reason) == (moderator, parent.pk, "광고")
    queue = client.get(URL).content.decode()
    assert "신고된 댓글이 없습니다" in queue and "관리 기록" in queue and "광고" in queue
    assert "댓글 1개를 삭제했습니다" in queue


def test_keep_dismisses_the_reports_and_shows_the_comment_again(client, moderator, post):
    c = make_comment(post, "억울한 댓글")
    report_by_members(c, 3)
    client.force_login(moderator)
    act(client, f"keep:{c.pk}")
    assert "억울한 댓글" in Client().get(post.get_absolute_url()).content.decode()
    assert set(CommentReport.objects.values_list("status", flat=True)) == {"dismissed"}
    assert ModerationAction.objects.filter(action="keep", actor=moderator).exists()


def test_approve_and_reject_held_comments(client, moderator, post):
    ok = make_comment(post, "승인될 댓글", is_public=False, held_reason="links")
    bad = make_comment(post, "거절될 댓글", is_public=False, held_reason="words")
    client.force_login(moderator)
    html = client.get(URL).content.decode()
    assert "승인 대기 댓글" in html and "승인될 댓글" in html and "금지어" in html
    act(client, f"approve:{ok.pk}")
    act(client, f"reject:{bad.pk}")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "승인될 댓글" in page and "거절될 댓글" not in page
    bad.refresh_from_db()
    assert bad.is_removed and not bad.is_public
    assert set(ModerationAction.objects.values_list("action", flat=True)) == {"approve", "reject"}


def test_block_a_member_holds_their_next_comments(client, moderator, post, member, reported):
    client.force_login(moderator)
    act(client, f"block:{reported.pk}", reason="반복 광고")
    assert BlockedWriter.objects.get().user == member
    writer = Client()
    writer.force_login(member)
    post_comment(writer, post, comment="차단 뒤의 댓글")
    c = ThreadedComment.objects.get(comment="차단 뒤의 댓글")
    assert not c.is_public and c.held_reason == "blocked"
    assert "차단 뒤의 댓글" not in Client().get(post.get_absolute_url()).content.decode()


def test_block_a_guest_by_nickname_and_address_hash(client, moderator, post):
    guest = Client(REMOTE_ADDR="198.51.100.4")
    post_comment(guest, post, data=guest_data(post, name="광고봇", comment="첫 광고"))
    first = ThreadedComment.objects.get(comment="첫 광고")
    assert first.is_public and len(first.address_hash) == 64
    client.force_login(moderator)
    act(client, f"block:{first.pk}")
    blocked = BlockedWriter.objects.get()
    assert blocked.user_name == "광고봇" and blocked.address_hash == first.address_hash
    post_comment(guest, post, data=guest_data(post, name="새이름", comment="두 번째 광고"))
    assert ThreadedComment.objects.get(comment="두 번째 광고").held_reason == "blocked"


def test_bulk_actions(client, moderator, post):
    a, b = make_comment(post, "하나"), make_comment(post, "둘")
    for c in (a, b):
        report(Client(), c, address=f"10.0.2.{c.pk % 250}")
    client.force_login(moderator)
    response = client.post(URL, {"action": "remove", "ids": [a.pk, b.pk], "reason": "일괄"})
    assert response.status_code == 302
    assert ThreadedComment.objects.filter(is_removed=True).count() == 2
    assert ModerationAction.objects.filter(action="remove", reason="일괄").count() == 2
    assert "댓글 2개를 삭제했습니다" in client.get(URL).content.decode()


def test_bulk_skips_what_does_not_apply(client, moderator, post):
    public = make_comment(post, "공개 댓글")
    client.force_login(moderator)
    client.post(URL, {"action": "approve", "ids": [public.pk]})
    assert "건너뛰었습니다" in client.get(URL).content.decode()
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize(
    "data, status, text",
    [
        ({"action": "remove", "ids": ["abc"]}, 400, "댓글 목록을 알아볼 수 없습니다"),
        ({"action": "remove", "ids": ["-1"]}, 400, "댓글 목록을 알아볼 수 없습니다"),
        ({"action": "remove"}, 400, "먼저 댓글을 하나 이상 선택하세요"),
        ({"action": "explode", "ids": ["1"]}, 400, "보기에 있는 조치"),
        ({"item": "remove:"}, 400, "댓글 목록을 알아볼 수 없습니다"),
        ({"item": "nothing"}, 400, "보기에 있는 조치"),
        ({"action": "remove", "ids": ["99999999"]}, 404, "일부 댓글이 없거나"),
        ({"action": "remove", "ids": ["1" * 40]}, 400, "댓글 목록을 알아볼 수 없습니다"),
    ],
)
def test_garbage_is_answered_in_words(client, moderator, reported, data, status, text):
    client.force_login(moderator)
    response = client.post(URL, data)
    assert response.status_code == status
    assert text in response.content.decode()


def test_after_a_bad_post_a_moderator_still_has_every_button(client, moderator, reported):
    """The queue shown with an error is the same page: the 작성자 차단 (block writer) item
    button and bulk option stay for moderators."""
    client.force_login(moderator)
    plain = client.get(URL).content.decode()
    response = client.post(URL, {"action": "remove"})
    html = response.content.decode()
    assert response.status_code == 400 and "먼저 댓글을 하나 이상 선택하세요" in html
    assert f'value="block:{reported.pk}"' in plain
    assert f'value="block:{reported.pk}"' in html and '<option value="block">' in html


def test_after_a_bad_post_a_post_author_still_has_no_block_button(client, author, post):
    mine = make_comment(post, "내 글의 댓글")
    report(Client(), mine, address="10.0.0.1")
    client.force_login(author)
    response = client.post(URL, {"item": "nothing"})
    html = response.content.decode()
    assert response.status_code == 400 and "내 글의 댓글" in html
    assert "block:" not in html and '<option value="block">' not in html


def test_english_queue(client, moderator, reported):
    client.force_login(moderator)
    client.cookies["django_language"] = "en"
    html = client.get(URL).content.decode()
    assert "Reported comments" in html and "Spam or advertising" in html


# -- the header count ---------------------------------------------------------------
def test_header_shows_the_open_count_to_moderators_only(client, moderator, member, reported, post):
    make_comment(post, "대기 중", is_public=False, held_reason="all")
    client.force_login(moderator)
    html = client.get("/").content.decode()
    assert 'href="/moderation/"' in html and '<span class="nav-count">2</span>' in html
    client.force_login(member)
    assert 'href="/moderation/"' not in client.get("/").content.decode()
    client.logout()
    assert 'href="/moderation/"' not in client.get("/").content.decode()


def test_header_count_for_a_post_author_counts_their_posts_only(client, author, post):
    make_comment(PostFactory(), "남의 대기", is_public=False)
    make_comment(post, "내 대기", is_public=False)
    client.force_login(author)
    assert '<span class="nav-count">1</span>' in client.get("/").content.decode()


def test_header_count_is_cached_for_a_moderator_and_costs_nothing_for_others(
    client, moderator, member, reported
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(c):
        c.get("/")  # warm the role and open-items caches
        with CaptureQueriesContext(connection) as q:
            c.get("/")
        return len(q)

    anonymous = count(Client())
    reader = Client()
    reader.force_login(member)
    mod = Client()
    mod.force_login(moderator)
    plain_member = count(reader)
    assert count(mod) == plain_member  # the open-items count comes from the shared cache
    assert plain_member == anonymous + 2  # the session and the user, nothing of ours


# -- admin -------------------------------------------------------------------------
def test_admin_filters_count_and_actions(client, superuser, post):
    reported_c = make_comment(post, "신고된 것")
    report(Client(), reported_c, address="10.0.3.1")
    hidden_c = make_comment(post, "숨은 것")
    report_by_members(hidden_c, 3)
    removed_c = make_comment(post, "지운 것")
    removed_c.soft_delete(by_moderator=True)
    held_c = make_comment(post, "보류된 것", is_public=False)
    client.force_login(superuser)
    url = reverse("admin:comments_threadedcomment_changelist")
    for state, expected in [
        ("reported", {reported_c, hidden_c}),
        ("hidden", {hidden_c}),
        ("removed", {removed_c}),
        ("held", {held_c}),
    ]:
        response = client.get(url, {"state": state})
        assert response.status_code == 200
        assert set(response.context["cl"].result_list) == expected, state
    response = client.get(url, {"state": "hidden"})
    assert response.context["cl"].result_list[0].open_report_count == 3
    client.post(url, {"action": "remove_comments", "_selected_action": [reported_c.pk]})
    client.post(url, {"action": "restore_comments", "_selected_action": [removed_c.pk]})
    client.post(url, {"action": "approve_comments", "_selected_action": [held_c.pk]})
    reported_c.refresh_from_db(), removed_c.refresh_from_db(), held_c.refresh_from_db()
    assert reported_c.is_removed and not removed_c.is_removed and held_c.is_public
    assert set(ModerationAction.objects.filter(actor=superuser).values_list("action", flat=True)) == {
        "remove",
        "restore",
        "approve",
    }
    log = client.get(reverse("admin:comments_moderationaction_changelist")).content.decode()
    assert "root" in log


def test_admin_list_has_no_n_plus_one(client, superuser, post, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(superuser)
    url = reverse("admin:comments_threadedcomment_changelist")
    make_comment(post)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    few = len(few.captured_queries)
    assert few > 3
    for n in range(30):
        c = make_comment(post, f"댓글 {n}")
        report(Client(), c, address=f"10.0.4.{n}")
    with django_assert_max_num_queries(few):
        client.get(url)


def test_restore_brings_back_only_what_a_moderator_removed(client, moderator, superuser, post, member):
    by_moderator = make_comment(post, "운영자가 지운 댓글")
    by_moderator.soft_delete(by_user=moderator)
    by_guest = make_comment(post, "손님이 스스로 지운 댓글")
    by_guest.soft_delete()  # a guest deletes with the password: no user
    by_member = make_comment(post, "회원이 스스로 지운 댓글", user=member)
    by_member.soft_delete(by_user=member)
    client.force_login(moderator)
    for writer_deleted in (by_guest, by_member):
        act(client, f"restore:{writer_deleted.pk}")
    act(client, f"restore:{by_moderator.pk}")
    # The admin's restore action follows the same rule.
    admin = Client()
    admin.force_login(superuser)
    admin.post(
        reverse("admin:comments_threadedcomment_changelist"),
        {"action": "restore_comments", "_selected_action": [by_guest.pk, by_member.pk]},
    )
    for comment in (by_moderator, by_guest, by_member):
        comment.refresh_from_db()
    assert not by_moderator.is_removed
    assert by_guest.is_removed and by_member.is_removed
    assert list(ModerationAction.objects.filter(action="restore").values_list("comment_id", flat=True)) == [
        by_moderator.pk
    ]
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "운영자가 지운 댓글" in html
    assert "스스로 지운 댓글" not in html


def test_queue_is_paginated_50_items_a_page_reported_first(client, moderator, post):
    from comments.moderation import QUEUE_PAGE_SIZE

    reported = [make_comment(post, text=f"신고된 {n}") for n in range(QUEUE_PAGE_SIZE + 5)]
    for n, comment in enumerate(reported):
        CommentReport.objects.create(comment=comment, reason="spam", browser_key=f"b{n}")
    held = [make_comment(post, text=f"대기 {n}", is_public=False) for n in range(3)]
    client.force_login(moderator)
    first = client.get(URL)
    html = first.content.decode()
    assert html.count('<li class="mod-item') == QUEUE_PAGE_SIZE
    assert f'<span class="moderation__n">{QUEUE_PAGE_SIZE + 5}</span>' in html
    assert '<span class="moderation__n">3</span>' in html
    assert "대기 0" not in html and 'rel="next" href="?page=2"' in html
    second = client.get(URL, {"page": 2}).content.decode()
    assert "대기 0" in second and "대기 2" in second
    assert second.count('<li class="mod-item') == 5 + 3
    assert client.get(URL, {"page": "999"}).status_code == 200
    assert client.get(URL, {"page": "x"}).status_code == 200
    assert all(f'id="mod-{c.pk}"' in second for c in held)


def test_header_count_follows_the_queue_at_once(client, moderator, post):
    from comments import moderation

    bad = make_comment(post, text="광고")
    report_by_members(bad, 1)
    client.force_login(moderator)
    assert '<span class="nav-count">1</span>' in client.get("/").content.decode()
    assert '<span class="nav-count">1</span>' in client.get("/").content.decode()  # cached
    moderation.perform("remove", ThreadedComment.objects.get(pk=bad.pk), moderator)
    assert 'class="nav-count"' not in client.get("/").content.decode()
    make_comment(post, text="대기", is_public=False)
    assert '<span class="nav-count">1</span>' in client.get("/").content.decode()


def test_queue_queries_do_not_grow_with_reports_or_pages(
    client, moderator, member, post, django_assert_max_num_queries
):
    """Ranking is one grouped query on the reports; the page's comments, their reports and
    their posts one query each: the same count for 3 reports or 130, on any page."""
    from comments.moderation import QUEUE_PAGE_SIZE

    few = make_comment(post, text="하나만 신고됨")
    CommentReport.objects.create(comment=few, reason="spam", browser_key="one")
    client.force_login(moderator)
    client.get(URL)  # content types, cached for every later page
    # session, user, the moderator's two permission lookups, the two totals, the ranking,
    # the page's comments, their reports, their posts, held comments, the log; and once
    # after the queue changed, the header's open-items count (two counts, then cached)
    queries = 13
    with django_assert_max_num_queries(queries):
        client.get(URL)
    for n in range(QUEUE_PAGE_SIZE + 10):
        comment = make_comment(post, text=f"신고된 {n}", user=member if n % 2 else None)
        for k, reason in enumerate(["spam", "abuse"]):
            CommentReport.objects.create(comment=comment, reason=reason, browser_key=f"b{n}-{k}")
    for n in range(3):
        make_comment(post, text=f"대기 {n}", is_public=False)
    for page in ("1", "2"):
        with django_assert_max_num_queries(queries):
            html = client.get(URL, {"page": page}).content.decode()
        assert html.count('<li class="mod-item') == (QUEUE_PAGE_SIZE if page == "1" else 11 + 3)
    assert "스팸·홍보" in html and "신고 2건" in html


def test_a_comment_purged_while_the_queue_is_read_is_left_out(client, moderator, post, monkeypatch):
    """Between ranking the reported comments and reading them, one may be purged (with its
    reports): the queue shows the rest, not a 500."""
    from django.db.models import QuerySet

    report_by_members(make_comment(post, "지워질 댓글"), 1)
    report_by_members(make_comment(post, "남는 댓글"), 1)
    read = QuerySet.in_bulk

    def purged_meanwhile(self, *args, **kwargs):
        ThreadedComment.objects.filter(comment="지워질 댓글").delete()
        return read(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "in_bulk", purged_meanwhile)
    client.force_login(moderator)
    response = client.get(reverse("comments:moderation"))
    assert response.status_code == 200
    assert "남는 댓글" in response.content.decode()
