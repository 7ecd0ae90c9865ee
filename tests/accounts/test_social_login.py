"""카카오 / 네이버 / Google login through django-allauth, against a local fake of Kakao's
authorize, token and profile endpoints on loopback (tests/accounts/fake_provider.py): real
HTTP from allauth's OAuth2 client, no network."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.sites.models import Site
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.fake_provider import FakeKakao
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kakao_app(db):
    app = SocialApp.objects.create(provider="kakao", name="Kakao", client_id="fake-client", secret="s3cret")
    app.sites.add(Site.objects.get_current())
    return app


@pytest.fixture
def fake_kakao(monkeypatch):
    fake = FakeKakao().start()
    fake.point_allauth_here(monkeypatch)
    yield fake
    fake.stop()


def start_login(client, next_url=""):
    """The login page's Kakao button: allauth answers with a redirect to the consent page."""
    data = {"next": next_url} if next_url else {}
    response = client.post(reverse("kakao_login"), data)
    assert response.status_code == 302
    return response.url


def consent(fake, authorize_url, agree=True):
    """What the member's browser does on the provider's page: agree (a code comes back) or
    cancel (an error comes back)."""
    import requests

    page = requests.get(authorize_url, timeout=5).text
    marker = 'id="agree" href="' if agree else 'id="deny" href="'
    link = page.split(marker, 1)[1].split('"', 1)[0].replace("&amp;", "&")
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def test_login_page_lists_no_provider_until_one_is_configured(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "social-login" not in page
    app = SocialApp.objects.create(provider="naver", name="Naver", client_id="id", secret="s")
    app.sites.add(Site.objects.get_current())
    page = client.get(reverse("accounts:login")).content.decode()
    assert "social-button--naver" in page and "Naver 계정으로 로그인" in page
    assert "social-button--kakao" not in page and "social-button--google" not in page


def test_a_provider_configured_in_the_environment_appears_too(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "google": {"APPS": [{"client_id": "from-env", "secret": "x"}]},
    }
    page = client.get(reverse("accounts:login")).content.decode()
    assert "social-button--google" in page


def test_new_member_by_kakao_gets_the_kakao_nickname_and_can_change_it(client, kakao_app, fake_kakao):
    authorize = start_login(client)
    assert authorize.startswith(f"{fake_kakao.url}/oauth/authorize")
    assert parse_qs(urlsplit(authorize).query)["client_id"] == ["fake-client"]
    callback = consent(fake_kakao, authorize)
    response = client.get(callback)
    assert response.status_code == 302
    account = SocialAccount.objects.get(provider="kakao", uid="4242")
    member = account.user
    assert member.nickname == "카카오친구"
    assert member.username != "카카오친구"  # a unique username is made up
    assert not member.has_usable_password()
    assert client.session["_auth_user_id"] == str(member.pk)
    assert fake_kakao.token_requests[0]["client_secret"] == "s3cret"
    client.post(reverse("accounts:profile"), {"nickname": "새이름"})
    member.refresh_from_db()
    assert member.nickname == "새이름"
    # The same Kakao account logs in to the same member next time.
    other = Client()
    other.get(consent(fake_kakao, start_login(other)))
    assert other.session["_auth_user_id"] == str(member.pk)
    assert User.objects.filter(socialaccount__provider="kakao").count() == 1


def test_an_existing_members_email_does_not_log_in_to_that_member(client, kakao_app, fake_kakao):
    existing = UserFactory(email="kakao.friend@example.com")
    response = client.get(consent(fake_kakao, start_login(client)))
    assert client.session.get("_auth_user_id") != str(existing.pk)
    assert not SocialAccount.objects.filter(user=existing).exists()
    # allauth asks for another address instead (or the member logs in and links Kakao).
    assert response.status_code == 302 and response.url == reverse("socialaccount_signup")
    form = client.get(response.url)
    assert form.status_code == 200 and 'id="main-content"' in form.content.decode()
    assert "example.com" not in form.content.decode().replace("kakao.friend@example.com", "")
    done = client.post(response.url, {"username": "kakaonew", "email": "other@example.com"})
    assert done.status_code == 302
    created = SocialAccount.objects.get(provider="kakao").user
    assert created != existing and created.nickname == "카카오친구"


def test_a_logged_in_member_links_kakao_to_their_account(client, kakao_app, fake_kakao):
    member = UserFactory(email="kakao.friend@example.com")
    client.force_login(member)
    response = client.post(reverse("kakao_login"), {"process": "connect"})
    client.get(consent(fake_kakao, response.url))
    assert SocialAccount.objects.get(provider="kakao").user == member


def test_denied_consent_shows_a_cancelled_page_and_creates_nothing(client, kakao_app, fake_kakao):
    response = client.get(consent(fake_kakao, start_login(client), agree=False), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="main-content"' in html
    assert "로그인 취소" in html or "취소" in html
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_provider_error_shows_an_error_page_not_a_500(client, kakao_app, fake_kakao):
    fake_kakao.fail_token = True
    response = client.get(consent(fake_kakao, start_login(client)))
    html = response.content.decode()
    assert response.status_code == 401  # allauth's answer: a clear page, never a 500
    assert 'id="main-content"' in html
    assert "오류" in html or "실패" in html
    assert not SocialAccount.objects.exists()


def test_a_forged_callback_without_the_sessions_state_is_refused(client, kakao_app, fake_kakao):
    start_login(client)
    response = client.get(reverse("kakao_callback"), {"code": "anything", "state": "forged"})
    assert response.status_code == 401
    assert not fake_kakao.token_requests
    assert not SocialAccount.objects.exists()


def test_admin_shows_the_social_applications(client, kakao_app):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:socialaccount_socialapp_changelist")).content.decode()
    assert "Kakao" in page
    assert client.get(reverse("admin:socialaccount_socialapp_add")).status_code == 200


def test_a_kakao_member_leaves_right_after_logging_in_with_kakao(client, kakao_app, fake_kakao):
    client.get(consent(fake_kakao, start_login(client)))
    member = SocialAccount.objects.get(provider="kakao").user
    page = client.get(reverse("accounts:delete")).content.decode()
    assert 'name="password"' not in page  # no password to re-enter: the Kakao login just now counts
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert not SocialAccount.objects.exists()
