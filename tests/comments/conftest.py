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


def make_comment(obj, text="댓글입니다", user=None, name="손님", parent=None,
                 password=GUEST_PASSWORD, is_secret=False, **extra):
    comment = ThreadedComment(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), site_id=1,
        comment=text, user=user, user_name=user.display_name if user else name,
        parent_id=parent.pk if parent else 0, is_secret=is_secret, **extra,
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
