import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_repeated_wrong_logins_get_a_clear_429_then_even_the_right_password_waits(client):
    UserFactory(username="reader")
    url = reverse("accounts:login")
    for _ in range(10):
        response = client.post(url, {"username": "reader", "password": "wrong"})
        assert response.status_code == 200
    blocked = client.post(url, {"username": "reader", "password": "pass-word-123"})
    assert blocked.status_code == 429
    assert "잠시 후 다시 시도해 주세요" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_addresses_are_not_blocked(client):
    UserFactory(username="reader")
    url = reverse("accounts:login")
    for _ in range(11):
        client.post(url, {"username": "reader", "password": "wrong"})
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(url, {"username": "reader", "password": "pass-word-123"}).status_code == 302


def test_missing_csrf_token_gets_a_403_page_in_korean(post):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "양식이 만료되었습니다" in html
    assert 'id="main-content"' in html


def test_unknown_page_is_a_404_in_the_site_style(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()
