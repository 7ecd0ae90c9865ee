"""A local stand-in for Kakao's OAuth endpoints, on loopback (no network): the consent page
a browser is sent to, the token endpoint and the profile endpoint. django-allauth's Kakao
adapter is pointed at it for the duration of a test, and talks to it over real HTTP.

`provider.profile` is what /v2/user/me answers; `provider.fail_token = True` makes the token
endpoint answer 500 (a provider error)."""

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

PORTS = range(8150, 8160)  # this engineer's loopback ports

CONSENT_PAGE = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>Fake Kakao</title></head>
<body><h1>카카오 (테스트용 가짜)</h1><p>{client_id} 앱이 닉네임과 이메일을 요청합니다.</p>
<p><a id="agree" href="{agree}">동의하고 계속하기</a></p>
<p><a id="deny" href="{deny}">취소</a></p></body></html>"""


class FakeKakao:
    def __init__(self):
        self.profile = {
            "id": 4242,
            "kakao_account": {
                "email": "kakao.friend@example.com",
                "is_email_verified": True,
                "profile": {"nickname": "카카오친구"},
            },
        }
        self.fail_token = False
        self.codes = set()
        self.token_requests = []
        self.server = None

    # -- server ----------------------------------------------------------------------
    def start(self):
        handler = self._handler()
        for port in PORTS:
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
                break
            except OSError:
                continue
        else:
            raise RuntimeError("no free port in 8150-8159 for the fake provider")
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def point_allauth_here(self, monkeypatch):
        from allauth.socialaccount.providers.kakao.views import KakaoOAuth2Adapter

        monkeypatch.setattr(KakaoOAuth2Adapter, "authorize_url", f"{self.url}/oauth/authorize")
        monkeypatch.setattr(KakaoOAuth2Adapter, "access_token_url", f"{self.url}/oauth/token")
        monkeypatch.setattr(KakaoOAuth2Adapter, "profile_url", f"{self.url}/v2/user/me")

    # -- endpoints -------------------------------------------------------------------
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, content_type="application/json", headers=()):
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/oauth/authorize":
                    code = secrets.token_urlsafe(8)
                    fake.codes.add(code)
                    back = query.get("redirect_uri", "")
                    agree = f"{back}?{urlencode({'code': code, 'state': query.get('state', '')})}"
                    denied = {"error": "access_denied", "error_description": "User denied access"}
                    deny = f"{back}?{urlencode({**denied, 'state': query.get('state', '')})}"
                    page = CONSENT_PAGE.format(client_id=query.get("client_id", ""), agree=agree, deny=deny)
                    return self._send(200, page, "text/html; charset=utf-8")
                if parts.path == "/v2/user/me":
                    if self.headers.get("Authorization") != "Bearer fake-access-token":
                        return self._send(401, json.dumps({"msg": "bad token"}))
                    return self._send(200, json.dumps(fake.profile))
                return self._send(404, "{}")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path != "/oauth/token":
                    return self._send(404, "{}")
                fake.token_requests.append(form)
                if fake.fail_token:
                    return self._send(500, json.dumps({"error": "server_error"}))
                if form.get("code") not in fake.codes:
                    return self._send(400, json.dumps({"error": "invalid_grant"}))
                fake.codes.discard(form["code"])
                token = {"access_token": "fake-access-token", "token_type": "bearer", "expires_in": 3600}
                return self._send(200, json.dumps(token))

        return Handler
