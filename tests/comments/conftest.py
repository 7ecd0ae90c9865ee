import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import Guestbook, ThreadedComment
from tests.factories import ModeratorFactory, UserFactory, fixture_of

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


def post_all_at_once(forms):
    """POST every comment form of `forms` at the same moment, each from its own connection and
    network address: a barrier releases them together (the race the row locks must win).
    Returns (status, Location) per writer, or (the error, "") for a writer that failed."""
    from django.db import connections

    barrier = threading.Barrier(len(forms))
    results = []
    lock = threading.Lock()

    def write(i):
        try:
            client = Client(REMOTE_ADDR=f"10.0.0.{i + 1}")
            barrier.wait(timeout=30)
            response = client.post(reverse("comments:post"), forms[i])
            with lock:
                results.append((response.status_code, response.get("Location", "")))
        except Exception as error:  # pragma: no cover - the caller's assert shows it
            with lock:
                results.append((repr(error), ""))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(len(forms))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


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


other_member = fixture_of(UserFactory)
moderator = fixture_of(ModeratorFactory)

# The people around a member's comment on a post, by the role a permission test names them
# with: its writer (the `member` fixture), another member, the post's author, a moderator.
PEOPLE = {
    "writer": "member",
    "other_member": "other_member",
    "post_author": "author",
    "moderator": "moderator",
    "superuser": "superuser",
}


@pytest.fixture
def log_in_as(client, request):
    """log_in_as(role): the test client logs in as that person of PEOPLE; "anonymous" stays
    logged out. Only the person asked for is made."""

    def log_in(who):
        if who != "anonymous":
            client.force_login(request.getfixturevalue(PEOPLE[who]))

    return log_in


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
