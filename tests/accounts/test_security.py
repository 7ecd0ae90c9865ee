import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
