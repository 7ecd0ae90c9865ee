"""What readers see and do in the comment area, through the test client."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from comments.models import CommentRevision, ThreadedComment
from tests.factories import PostFactory

from .conftest import GUEST_PASSWORD, guest_data, make_comment, post_comment

pytestmark = pytest.mark.django_db


def comments_html(client, obj, query=""):
    response = client.get(obj.get_absolute_url() + query)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<section id="comments"')
    return html[start : html.index("</section>", start)]


def comment_block(html, pk):
    start = html.rindex("<li", 0, html.index(f'id="comment-{pk}"'))
    return html[start : start + 4000]


# -- posting ----------------------------------------------------------------------
def test_guest_posts_a_comment_and_sees_it(client, post):
    response = post_comment(
        client,
        post,
        data=guest_data(
            post, comment="안녕하세요\n반가워요", email="g@example.com", url="https://guest.example"
        ),
    )
    comment = ThreadedComment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert comment.user is None and comment.user_name == "손님"
    assert comment.check_guest_password(GUEST_PASSWORD)
    html = comments_html(client, post)
    block = comment_block(html, comment.pk)
    assert "안녕하세요<br>반가워요" in block
    assert '<a href="https://guest.example" rel="nofollow ugc noopener">손님</a>' in block
    assert "g@example.com" not in html  # email is never shown
    assert re.search(r'<time datetime="[^"]+">\d{4}\.\d\d\.\d\d \d\d:\d\d</time>', block)
    assert 'class="comments__count">1<' in html


def test_guest_form_remembers_nickname_field_for_the_browser(client, post):
    html = comments_html(client, post)
    assert 'autocomplete="nickname"' in html
    assert "js/comments.js" in client.get(post.get_absolute_url()).content.decode()


def test_member_comment_carries_profile_name_and_avatar_never_a_posted_name(client, post, member):
    client.force_login(member)
    html = comments_html(client, post)
    assert 'name="name"' not in html and 'name="password"' not in html
    post_comment(client, post, comment="회원 댓글", name="관리자", email="x@evil.test")
    comment = ThreadedComment.objects.get()
    assert comment.user == member and comment.user_name == member.display_name
    assert comment.guest_password == ""
    block = comment_block(comments_html(client, post), comment.pk)
    assert member.display_name in block and "관리자" not in block
    colour, initial = member.generated_avatar  # the member's generated avatar, drawn by CSS
    assert f'<article class="av{colour}" data-i="{initial}">' in block


def test_threads_are_numbered_in_posting_order_with_nested_replies(client, post):
    first = make_comment(post, "첫째")
    second = make_comment(post, "둘째")
    reply = make_comment(post, "답글", parent=first)
    html = comments_html(client, post)
    assert (
        html.index(f'id="comment-{first.pk}"')
        < html.index(f'id="comment-{reply.pk}"')
        < html.index(f'id="comment-{second.pk}"')
    )
    numbers = re.findall(r'class="comment__number"[^>]*>(\d+)<', html)
    assert numbers == ["1", "2"]
    assert 'class="comment comment--reply' in comment_block(html, reply.pk)


def test_author_badge_and_korean_actions(client, post, author, member):
    mine = make_comment(post, "작가 댓글", user=author)
    other = make_comment(post, "손님 댓글")
    html = comments_html(client, post)
    assert "comment__badge" in comment_block(html, mine.pk).split("</header>")[0]
    assert "comment__badge" not in comment_block(html, other.pk).split("</header>")[0]
    block = comment_block(html, other.pk)
    for label in ("신고", "댓글주소", "수정/삭제", "댓글쓰기"):
        assert f">{label}</a>" in block
    assert f'href="#comment-{other.pk}"' in block  # relative: the page it is on
    assert f'data-base="{post.get_absolute_url()}"' in html  # what comments.js copies it on


def test_text_is_escaped_and_urls_linked(client, post):
    make_comment(post, "<script>alert(1)</script> www.example.com")
    html = comments_html(client, post)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert 'href="http://www.example.com" rel="nofollow ugc noopener"' in html


def test_reply_page_works_without_javascript(client, post):
    parent = make_comment(post, "부모 댓글")
    response = client.get(reverse("comments:reply", args=[parent.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "부모 댓글" in html and f'name="reply_to" value="{parent.pk}"' in html
    data = guest_data(post, comment="답글입니다", reply_to=str(parent.pk))
    response = post_comment(client, post, data=data)
    reply = ThreadedComment.objects.get(comment="답글입니다")
    assert response.status_code == 302 and reply.parent_id == parent.pk and reply.level == 1
    assert f'id="comment-{reply.pk}"' in comment_block(comments_html(client, post), parent.pk)


def test_reply_link_at_max_depth_targets_the_parent(client, post):
    c0 = make_comment(post, "0")
    c1 = make_comment(post, "1", parent=c0)
    c2 = make_comment(post, "2", parent=c1)
    c3 = make_comment(post, "3", parent=c2)  # level 3 = COMMENTS_XTD_MAX_THREAD_LEVEL
    block = comment_block(comments_html(client, post), c3.pk)
    assert f'href="/comments/{c3.pk}/reply/" data-reply-to="{c2.pk}"' in block


# -- edit and delete ----------------------------------------------------------------
def test_guest_edits_with_password_and_previous_version_is_kept(client, post, moderator):
    c = make_comment(post, "원래 글")
    response = client.get(reverse("comments:edit", args=[c.pk]))
    assert response.status_code == 302 and "password" in response["Location"]
    response = client.post(
        reverse("comments:password", args=[c.pk]), {"password": GUEST_PASSWORD, "action": "edit"}
    )
    assert response["Location"] == reverse("comments:edit", args=[c.pk])
    response = client.post(reverse("comments:edit", args=[c.pk]), {"comment": "고친 글"})
    assert response.status_code == 302
    html = comments_html(client, post)
    assert "고친 글" in html and "원래 글" not in html and "(수정됨)" in html
    assert CommentRevision.objects.get(comment=c).text == "원래 글"
    client.force_login(moderator)
    history = client.get(reverse("comments:history", args=[c.pk])).content.decode()
    assert "원래 글" in history and "고친 글" in history


def test_delete_with_replies_leaves_placeholder_and_replies(client, post, member):
    client.force_login(member)
    parent = make_comment(post, "지울 글", user=member)
    make_comment(post, "남는 답글", parent=parent)
    lonely = make_comment(post, "혼자인 글", user=member)
    assert client.post(reverse("comments:delete", args=[parent.pk])).status_code == 302
    assert client.post(reverse("comments:delete", args=[lonely.pk])).status_code == 302
    html = comments_html(client, post)
    assert "삭제된 댓글입니다" in comment_block(html, parent.pk)
    assert "지울 글" not in html and "남는 답글" in html
    assert f'id="comment-{lonely.pk}"' not in html and "혼자인 글" not in html
    assert ThreadedComment.objects.filter(pk=lonely.pk, is_removed=True).exists()
    assert 'class="comments__count">1<' in html


def test_guest_delete_with_password_in_one_step(client, post):
    c = make_comment(post, "손님 글")
    response = client.get(reverse("comments:delete", args=[c.pk]))
    assert response.status_code == 302 and "action=delete" in response["Location"]
    response = client.post(
        reverse("comments:password", args=[c.pk]), {"password": GUEST_PASSWORD, "action": "delete"}
    )
    assert response.status_code == 302
    assert ThreadedComment.objects.get(pk=c.pk).is_removed
    assert "손님 글" not in comments_html(client, post)


# -- secret comments ----------------------------------------------------------------
def test_secret_comment_text_only_for_writer_owner_and_moderators(
    client, post, author, member, other_member, moderator
):
    c = make_comment(post, "비밀 이야기", user=member, is_secret=True)
    reply = make_comment(post, "공개 답글", parent=c)
    html = comments_html(client, post)
    assert "비밀 이야기" not in html and "비밀댓글입니다" in html and "공개 답글" in html
    for reader, sees in ((other_member, False), (member, True), (author, True), (moderator, True)):
        client.force_login(reader)
        assert ("비밀 이야기" in comments_html(client, post)) is sees, reader
    assert reply.pk


def test_guest_reads_own_secret_comment_after_password(client, post):
    data = guest_data(post, comment="손님 비밀", is_secret="on")
    post_comment(client, post, data=data)
    c = ThreadedComment.objects.get()
    assert c.is_secret
    assert "손님 비밀" not in comments_html(client, post)
    client.post(reverse("comments:password", args=[c.pk]), {"password": GUEST_PASSWORD, "action": "view"})
    assert "손님 비밀" in comments_html(client, post)


# -- permalinks and pagination -----------------------------------------------------
@override_settings(COMMENTS_PER_PAGE=2)
def test_pagination_newest_page_last_and_permalinks_resolve_page(client, post):
    comments = [make_comment(post, f"글{i}") for i in range(5)]
    html = comments_html(client, post)  # default: last page
    assert "글4" in html and "글0" not in html
    assert re.findall(r'class="comment__number"[^>]*>(\d+)<', html) == ["5"]
    first_page = comments_html(client, post, "?cpage=1")
    assert "글0" in first_page and "글1" in first_page and "글2" not in first_page
    response = client.get(reverse("comments:permalink", args=[comments[2].pk]))
    assert response["Location"] == f"{post.get_absolute_url()}?cpage=2#comment-{comments[2].pk}"
    reply = make_comment(post, "답", parent=comments[0])
    response = client.get(reverse("comments:permalink", args=[reply.pk]))
    assert response["Location"] == f"{post.get_absolute_url()}?cpage=1#comment-{reply.pk}"


def test_permalink_of_deleted_comment_leads_to_placeholder(client, post):
    parent = make_comment(post, "부모")
    make_comment(post, "자식", parent=parent)
    parent.soft_delete()
    response = client.get(reverse("comments:permalink", args=[parent.pk]))
    assert response["Location"].endswith(f"#comment-{parent.pk}")
    html = client.get(response["Location"]).content.decode()
    assert f'id="comment-{parent.pk}"' in html and "삭제된 댓글입니다" in html


def test_permalink_of_unknown_comment_is_a_korean_404(client):
    response = client.get(reverse("comments:permalink", args=[999]))
    assert response.status_code == 404 and "댓글을 찾을 수 없습니다" in response.content.decode()


# -- guestbook, closed comments, counts ---------------------------------------------
def test_guestbook_takes_comments(client, guestbook, admin_user):
    response = client.get("/guestbook/")
    assert response.status_code == 200 and "방명록" in response.content.decode()
    post_comment(client, guestbook, data=guest_data(guestbook, comment="방명록 인사"))
    c = ThreadedComment.objects.get()
    assert c.content_object == guestbook
    assert "방명록 인사" in comments_html(client, guestbook)
    make_comment(guestbook, "주인장 답", user=admin_user, parent=c)
    html = comments_html(client, guestbook)
    assert "comment__badge" in html


def test_guestbook_heading_counts_guestbook_entries_not_comments(client, guestbook, post):
    for n in range(3):
        make_comment(guestbook, f"인사 {n}")
    make_comment(post, "글에 단 댓글")
    heading = re.compile(r'<h2 id="comments-heading" class="comments__heading">(.*?)</h2>', re.S)
    guestbook_heading = heading.search(client.get("/guestbook/").content.decode())[1]
    assert re.sub(r"<[^>]+>|\s+", " ", guestbook_heading).split() == ["방명록", "3"]
    post_heading = heading.search(client.get(post.get_absolute_url()).content.decode())[1]
    assert re.sub(r"<[^>]+>|\s+", " ", post_heading).split() == ["댓글", "1"]


def test_closed_comments_say_so_and_refuse_posts(client, post):
    post.comments_enabled = False
    post.save()
    html = comments_html(client, post)
    assert "댓글이 닫혀 있습니다" in html and 'id="comment-form"' not in html
    response = post_comment(client, post, data=guest_data(post))
    assert response.status_code == 403
    assert "댓글이 닫혀 있습니다" in response.content.decode()
    assert not ThreadedComment.objects.exists()


def test_auto_close_after_days(client, post, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    post.published_at = post.published_at - __import__("datetime").timedelta(days=31)
    post.save()
    assert post_comment(client, post, data=guest_data(post)).status_code == 403


def test_counts_on_index_and_post_page(client, post):
    make_comment(post)
    make_comment(post)
    gone = make_comment(post)
    gone.soft_delete()
    hidden = make_comment(post)
    type(hidden).objects.filter(pk=hidden.pk).update(is_hidden=True)  # three reports
    index = client.get("/").content.decode()
    assert f'{post.get_absolute_url()}#comments">댓글 2</a>' in index
    assert 'class="comments__count">2<' in comments_html(client, post)


def test_english_reader_sees_english(client, post):
    make_comment(post, "hello")
    client.cookies["django_language"] = "en"
    html = comments_html(client, post)
    assert ">Reply</a>" in html and ">Comment link</a>" in html


# -- query counts -----------------------------------------------------------------
def _fill(post, n):
    """Comments and replies with every moderation state: reported, hidden by reports,
    held for approval, removed by a moderator."""
    from comments.models import CommentReport

    roots = []
    for i in range(n):
        if i % 3 == 0 or not roots:
            c = make_comment(post, f"댓글 {i}", is_secret=(i % 7 == 0))
            roots.append(c)
        else:
            c = make_comment(post, f"답글 {i}", parent=roots[-1])
        if i % 4 == 1:
            CommentReport.objects.create(comment=c, reason="spam", address_hash=f"h{i}")
        if i % 5 == 2:
            ThreadedComment.norel_objects.filter(pk=c.pk).update(is_hidden=True)
        if i % 6 == 4:
            ThreadedComment.norel_objects.filter(pk=c.pk).update(is_public=False)
        if i % 9 == 3:
            c.soft_delete(by_moderator=True)


@pytest.mark.parametrize("as_member", [False, True])
def test_same_number_of_queries_for_5_and_500_comments(
    client, django_assert_max_num_queries, as_member, member
):
    small, big = PostFactory(), PostFactory(author=PostFactory().author)
    _fill(small, 5)
    _fill(big, 500)
    if as_member:
        client.force_login(member)
    client.get(small.get_absolute_url())  # warm caches (content types, site, surroundings)
    client.get(big.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(big.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="comment ') + html.count('class="comment"') >= 30
    assert "신고가 누적되어 숨겨진 댓글입니다" in html and "관리자에 의해 삭제된 댓글입니다" in html
