import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import Guestbook, ThreadedComment
from tests.factories import ModeratorFactory, UserFactory

GUEST_PASSWORD = "비밀번호1234"


def security_data(obj):
    """The hidden fields a freshly rendered comment form carries."""
    return dict(CommentForm(obj).initial)


def comment_data(obj, **fields):
    data = security_data(obj)
    data.update({"comment": "좋은 글 감사합니다.", "reply_to": "0"})
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def guest_data(obj, **fields):
    fields.setdefault("name", "손님")
    fields.setdefault("password", GUEST_PASSWORD)
    return comment_data(obj, **fields)


def post_comment(client, obj, data=None, **fields):
    if data is None:
        data = comment_data(obj, **fields)
    return client.post(reverse("comments:post"), data)


def make_comment(
    obj,
    text="댓글입니다",
    user=None,
    name="손님",
    parent=None,
    password=GUEST_PASSWORD,
    is_secret=False,
    **extra,
):
    comment = ThreadedComment(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        site_id=1,
        comment=text,
        user=user,
        user_name=user.display_name if user else name,
        parent_id=parent.pk if parent else 0,
        is_secret=is_secret,
        **extra,
    )
    if user is None:
        comment.set_guest_password(password)
    comment.save()
    return comment


@pytest.fixture
def other_member(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def guestbook(db):
    return Guestbook.get()


def report(client, comment, reason="spam", detail="", address=None, **extra):
    """POST a report as this client (optionally from another network address)."""
    from django.urls import reverse as _reverse

    if address:
        extra["REMOTE_ADDR"] = address
    return client.post(
        _reverse("comments:report", args=[comment.pk]), {"reason": reason, "detail": detail}, **extra
    )


def report_by_members(comment, n):
    """n reports by n different members, each with their own browser."""
    from django.test import Client

    for _ in range(n):
        client = Client()
        client.force_login(UserFactory())
        assert report(client, comment).status_code == 200


def comment_block(html, pk):
    """The HTML of one comment's <li>, without its replies."""
    start = html.rindex("<li", 0, html.index(f'id="comment-{pk}"'))
    end = html.find('<ol class="comment-list comment-list--replies">', start)
    stop = html.find("</li>", start)
    return html[start : min(x for x in (end, stop) if x != -1)]
