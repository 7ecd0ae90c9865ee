"""A guest cannot post as a member, the blog's author or 관리자 (point 2 of issue 11)."""

import pytest
from django.urls import reverse

from comments.models import ThreadedComment
from tests.comments.conftest import guest_data
from tests.factories import AuthorFactory, PostFactory, UserFactory

REFUSED = "회원이나 블로그 운영자의 닉네임이라 쓸 수 없습니다"


@pytest.fixture
def post(db):
    return PostFactory(author=AuthorFactory(username="haneul", nickname="하늘"))


def send(client, post, name):
    return client.post(reverse("comments:post"), guest_data(post, name=name))


@pytest.mark.parametrize(
    "name",
    [
        "하늘",
        "하 늘",
        "하늘\u200b",
        "ㅎㅏㄴㅡㄹ",
        "HANEUL",
        "ｈａｎｅｕｌ",
        "관리자",
        "운 영 자",
        "주인장",
        "Admin",
    ],
)
def test_a_guest_cannot_take_a_members_or_a_reserved_name(client, post, name):
    UserFactory(username="minsu", nickname="민수")
    response = send(client, post, name)
    assert response.status_code == 400  # the form again, with the text kept
    page = response.content.decode()
    assert REFUSED in page
    assert "좋은 글 감사합니다." in page
    assert not ThreadedComment.objects.exists()


def test_a_members_name_of_another_site_member_is_refused_too(client, post):
    UserFactory(username="minsu", nickname="민수")
    send(client, post, "민 수")
    assert not ThreadedComment.objects.exists()


def test_an_ordinary_nickname_is_accepted(client, post):
    response = send(client, post, "하늘바라기")
    assert response.status_code == 302
    assert ThreadedComment.objects.get().user_name == "하늘바라기"


def test_reserved_words_are_a_setting(client, post, settings):
    settings.COMMENTS_RESERVED_NAMES = ("편집장",)
    send(client, post, "편 집 장")
    assert not ThreadedComment.objects.exists()
    send(client, post, "관리자")  # no longer reserved
    assert ThreadedComment.objects.get().user_name == "관리자"


def test_english_message(client, post):
    client.cookies["django_language"] = "en"
    response = send(client, post, "관리자")
    assert "This nickname belongs to a member" in response.content.decode()
