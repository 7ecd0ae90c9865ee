import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from accounts.models import User
from tests.factories import UserFactory, image_upload

pytestmark = pytest.mark.django_db


def test_nickname_defaults_to_username_and_is_the_display_name():
    user = User.objects.create_user("plain", password="x-y-z-123")
    assert user.nickname == "plain"
    user.nickname = "하늘"
    assert str(user) == "하늘"


def test_uploaded_avatar_becomes_a_small_square_without_metadata():
    user = UserFactory()
    user.avatar = image_upload(size=(900, 500))
    user.save()
    with Image.open(user.avatar.path) as stored:
        assert stored.size == (256, 256)
        assert not stored.getexif()


def test_generated_avatar_is_our_own_svg(client):
    user = UserFactory(nickname="하늘")
    url = user.avatar_url
    assert url.startswith("/accounts/avatar/")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert ">하</text>" in response.content.decode()
    assert "gravatar" not in url
    assert client.get("/accounts/avatar/not-a-hash.svg").status_code == 404


def test_generated_avatar_escapes_its_letter(client):
    response = client.get("/accounts/avatar/0123456789ab.svg?c=<")
    assert "&lt;" in response.content.decode()


def test_login_page_in_site_style_and_login_works(client):
    UserFactory(username="reader")
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert 'id="main-content"' in page.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "reader", "password": "pass-word-123"})
    assert response.status_code == 302
    client.logout()
    wrong = client.post(reverse("accounts:login"), {"username": "reader", "password": "nope"})
    assert wrong.status_code == 200


def test_ensure_admin_prints_a_password_once_and_stores_only_its_hash():
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    password = next(
        line.split(":", 1)[1].strip() for line in out.getvalue().splitlines() if "password:" in line
    )
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert password not in admin.password
    assert "http://127.0.0.1:8000/admin/" in out.getvalue()
    again = io.StringIO()
    call_command("ensure_admin", "--url", "http://127.0.0.1:8140/admin/", stdout=again)
    assert "password:" not in again.getvalue()
    assert "http://127.0.0.1:8140/admin/" in again.getvalue()  # make run PORT=8140
    assert User.objects.filter(username="admin").count() == 1


def test_every_aria_describedby_on_the_sign_up_and_profile_pages_names_an_element_that_exists(client, db):
    import re

    from tests.factories import UserFactory

    pages = [client.get("/accounts/signup/").content.decode()]
    pages.append(client.post("/accounts/signup/", {"username": "", "password1": "1"}).content.decode())
    client.force_login(UserFactory())
    pages.append(client.get("/accounts/profile/").content.decode())
    for html in pages:
        described = [i for value in re.findall(r'aria-describedby="([^"]+)"', html) for i in value.split()]
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        assert described, "the password fields describe their rules"
        assert set(described) <= ids, set(described) - ids
