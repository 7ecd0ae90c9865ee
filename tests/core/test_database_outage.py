"""PostgreSQL cannot be reached: the site answers 503 with Retry-After and its own Korean
page (not a 500), and recovers by itself when the database is back. Run for real: the app
server (deploy/appserver.py) with production settings against a PostgreSQL cluster of the
test's own (initdb in a temporary folder, a free loopback port), which the test stops and
starts again."""

import re
from urllib.parse import urlencode

import pytest

from bench import services

pytestmark = pytest.mark.skipif(bool(services.available()), reason=services.available() or "ok")

HTTPS = {"X-Forwarded-Proto": "https", "Host": "blog.example.kr"}


def test_an_unreachable_database_is_a_503_in_korean_then_recovers(tmp_path):
    with services.OwnPostgres() as database:
        # No Redis either; static files collected apart, never into the project's staticfiles/.
        env = services.production_env(
            database.url, "redis://127.0.0.1:1/0", STATIC_ROOT=str(tmp_path / "static")
        )
        services.manage(env, "migrate", "--noinput")
        services.manage(env, "collectstatic", "--noinput")
        log = (tmp_path / "app-server.log").open("w")
        with services.AppServer(env, workers=1, log=log) as app:
            status, _headers, _body = services.fetch(app.url + "/", headers=HTTPS)
            assert status == 200
            # A comment form fetched before the outage and sent during it.
            status, headers, html = services.fetch(app.url + "/guestbook/", headers=HTTPS)
            assert status == 200
            # The guestbook may come from the page cache: the CSRF cookie from the login page.
            _status, login_headers, _html = services.fetch(app.url + "/accounts/login/", headers=HTTPS)
            csrf = re.search(r"csrftoken=([^;]+)", login_headers["Set-Cookie"])[1]
            form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
            form.update(
                comment="장애 중에 쓴 댓글", name="손님", password="guest-pass-1", csrfmiddlewaretoken=csrf
            )

            database.stop()
            sent = {
                **HTTPS,
                "Cookie": f"csrftoken={csrf}",
                "Origin": "https://blog.example.kr",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            status, headers, body = services.fetch(
                app.url + "/comments/post/", data=urlencode(form).encode(), headers=sent
            )
            assert status == 503, body[:300]
            assert headers["Retry-After"] == "30"
            for path in ("/", "/guestbook/", "/posts/no-such-post/"):
                status, headers, body = services.fetch(app.url + path, headers=HTTPS)
                assert status == 503, (path, status, body[:300])
                assert headers["Retry-After"] == "30"
                assert "잠시 접속이 어렵습니다" in body
                assert "script-src 'self'" in headers["Content-Security-Policy"]

            database.start()
            status, _headers, _body = services.fetch(app.url + "/", headers=HTTPS)
            assert status == 200  # no restart of the app
        log.close()
    lines = (tmp_path / "app-server.log").read_text()
    assert "Service Unavailable: /guestbook/ [OperationalError" in lines
    assert "Traceback" not in lines  # one line per request, not a traceback
