import pytest
from django.urls import reverse
from PIL import Image

from accounts.models import User
from tests.factories import PASSPHRASE, UserFactory, image_upload, signup_form

pytestmark = pytest.mark.django_db


def test_visitor_signs_up_and_is_logged_in_with_a_nickname(client):
    response = client.post(reverse("accounts:signup"), signup_form("newreader", "새독자", email=""))
    assert response.status_code == 302
    user = User.objects.get(username="newreader")
    assert user.nickname == "새독자"
    assert not user.is_staff
    assert user.check_password(PASSPHRASE)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "새독자" in client.get("/").content.decode()


def test_signup_errors_are_explained_in_korean(client):
    UserFactory(username="taken")
    response = client.post(
        reverse("accounts:signup"),
        {"username": "taken", "nickname": "", "password1": "short", "password2": "other"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "이미 존재합니다" in html  # username taken (Django's Korean catalogue)
    assert User.objects.filter(username="taken").count() == 1


def test_signup_is_rate_limited_per_address(client):
    for number in range(5):
        client.post(reverse("accounts:signup"), signup_form(f"bulk{number}", "봇"))
        client.logout()
    response = client.post(reverse("accounts:signup"), signup_form("bulk9", "봇"))
    assert response.status_code == 429
    assert not User.objects.filter(username="bulk9").exists()


def test_member_edits_profile_and_avatar(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        reverse("accounts:profile"),
        {
            "nickname": "바뀐닉",
            "bio": "안녕하세요",
            "homepage": "https://example.com",
            "email": member.email,
            "avatar": image_upload(size=(600, 400)),
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.nickname == "바뀐닉"
    with Image.open(member.avatar.path) as avatar:
        assert avatar.size == (256, 256)


def test_profile_refuses_a_fake_image_and_keeps_the_old_data(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    member = UserFactory(nickname="원래닉")
    client.force_login(member)
    response = client.post(
        reverse("accounts:profile"),
        {"nickname": "새닉", "avatar": SimpleUploadedFile("a.png", b"GIF89a-not-really")},
    )
    assert response.status_code == 200
    assert "올바른 이미지" in response.content.decode()
    member.refresh_from_db()
    assert member.nickname == "원래닉"


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
