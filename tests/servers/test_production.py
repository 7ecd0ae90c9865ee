"""The production settings end to end, through nginx with deploy/nginx/blog.conf in front of the
two app servers: DEBUG off, whitenoise's hashed static names served with long cache headers,
home, post and admin login pages with their CSS, an upload through nginx, nginx's request id in
Django's log, and /healthz turning 503 when our Redis stops and 200 when it is back."""

import io
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from PIL import Image

from .conftest import APP_A, APP_B, NGINX_PORT, ROOT, Process, wait_for

pytestmark = [
    pytest.mark.servers,
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),  # self-signed
]
NGINX = f"https://127.0.0.1:{NGINX_PORT}"
HTTP_PORT = 8176


def site_for_test(workdir):
    """deploy/nginx/blog.conf with this machine's ports, paths and a self-signed certificate."""
    site = (ROOT / "deploy/nginx/blog.conf").read_text()
    replacements = {
        "server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;": (
            f"server 127.0.0.1:{APP_A} max_fails=3 fail_timeout=10s;\n"
            f"    server 127.0.0.1:{APP_B} max_fails=3 fail_timeout=10s;"
        ),
        "listen 80;": f"listen 127.0.0.1:{HTTP_PORT};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{NGINX_PORT} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/etc/letsencrypt/live/blog.example.com/fullchain.pem": str(workdir / "cert.pem"),
        "/etc/letsencrypt/live/blog.example.com/privkey.pem": str(workdir / "key.pem"),
        "/srv/blog/": f"{workdir}/",
        "/var/www/letsencrypt": str(workdir),
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx/blog.conf no longer has {old!r}: update this test"
        site = site.replace(old, new)
    return site


@pytest.fixture(scope="module")
def nginx(app_servers, workdir):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.skip("nginx is not installed")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(workdir / "key.pem"), "-out", str(workdir / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    (workdir / "blog.conf").write_text(site_for_test(workdir))
    # The site includes the microcache snippets from the checkout (/srv/blog/deploy/nginx/).
    snippets = workdir / "deploy" / "nginx"
    snippets.mkdir(parents=True, exist_ok=True)
    for snippet in ("microcache-http.conf", "microcache-location.conf"):
        text = (ROOT / "deploy/nginx" / snippet).read_text()
        (snippets / snippet).write_text(text.replace("/var/cache/nginx/blog", str(workdir / "nginx-cache")))
    temp = workdir / "nginx-temp"
    temp.mkdir(exist_ok=True)
    (workdir / "media").mkdir(exist_ok=True)
    os.chmod(workdir, 0o755)
    user = "user root;" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {workdir}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {workdir}/blog.conf;
}}
"""
    )
    check = subprocess.run([binary, "-t", "-c", str(workdir / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = Process("nginx", [binary, "-c", str(workdir / "nginx.conf")], port=NGINX_PORT, logdir=workdir)
    yield NGINX
    process.stop()


def get(path, **kwargs):
    return requests.get(NGINX + path, verify=False, timeout=10, allow_redirects=False, **kwargs)


def stylesheets(html):
    return re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html) + re.findall(
        r'<link[^>]+href="([^"]+\.css)"', html
    )


def assert_page_with_css(path):
    response = get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert "Using the URLconf" not in response.text and "Traceback" not in response.text
    css = set(stylesheets(response.text))
    assert css, f"no stylesheet on {path}"
    for href in css:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), f"not a hashed name: {href}"
        sheet = get(href)
        assert sheet.status_code == 200 and sheet.headers["Content-Type"].startswith("text/css"), href
        assert "max-age=31536000" in sheet.headers["Cache-Control"], sheet.headers
        assert "immutable" in sheet.headers["Cache-Control"]
    return response


def test_pages_with_their_css_through_nginx(nginx, content):
    home = assert_page_with_css("/")
    assert home.headers["Strict-Transport-Security"].startswith("max-age=")
    assert_page_with_css(content["post_url"])
    assert_page_with_css("/admin/login/")
    # DEBUG is off: a missing page is the site's 404, not Django's debug page.
    missing = get("/no-such-page/")
    assert missing.status_code == 404 and "Using the URLconf" not in missing.text
    # Plain HTTP is sent to HTTPS by nginx.
    http = requests.get(f"http://127.0.0.1:{HTTP_PORT}/", timeout=10, allow_redirects=False)
    assert http.status_code == 301 and http.headers["Location"].startswith("https://")


def test_nginx_request_id_reaches_the_django_log(nginx, app_servers):
    response = get(f"/?request={time.monotonic_ns()}")  # a new address: not from the microcache
    assert response.headers["X-Cache"] == "MISS"
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, trusted
    a, b = app_servers
    logged = [json.loads(line) for line in (a.output() + b.output()).splitlines() if request_id in line]
    (line,) = logged
    assert line["event"] == "request_finished" and line["status"] == 200 and line["path"] == "/"


def logged_in_session():
    """A browser session of the member reader1, logged in through nginx."""
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify=False
    session.verify = False
    login = session.get(NGINX + "/accounts/login/", timeout=10)
    assert login.status_code == 200
    response = session.post(
        NGINX + "/accounts/login/",
        {
            "username": "reader1",
            "password": "pass-word-123",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": NGINX + "/accounts/login/"},
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 302
    return session


def test_an_upload_through_nginx(nginx, content, workdir):
    session = logged_in_session()
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (20, 120, 200)).save(buffer, "JPEG")
    response = session.post(
        NGINX + "/accounts/profile/",
        data={
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "nickname": "nginx로올림",
            "email": "reader1@example.com",
        },
        files={"avatar": ("photo.jpg", buffer.getvalue(), "image/jpeg")},
        headers={"Referer": NGINX + "/accounts/profile/"},
        timeout=20,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:1000]
    html = session.get(NGINX + "/accounts/profile/", timeout=10).text
    (src,) = re.findall(r'class="avatar avatar--large" src="([^"]+)"', html)
    image = requests.get(src, timeout=10)
    assert image.status_code == 200 and image.content[:2] == b"\xff\xd8"
    # A body over the upload limit is refused by nginx itself.
    too_big = session.post(
        NGINX + "/accounts/profile/", files={"avatar": ("big.jpg", b"0" * (12 * 1024 * 1024))}, timeout=30
    )
    assert too_big.status_code == 413
    # Media kept on the machine's disk (MEDIA_STORAGE=filesystem) is served by nginx.
    (workdir / "media" / "disk.png").write_bytes(buffer.getvalue())
    disk = get("/media/disk.png")
    assert disk.status_code == 200 and disk.headers["X-Content-Type-Options"] == "nosniff"


def test_healthz_follows_redis(nginx, redis_server):
    healthy = get("/healthz")
    assert healthy.status_code == 200 and healthy.json()["status"] == "ok"
    assert "no-store" in healthy.headers["Cache-Control"]
    redis_server.stop()
    try:
        started = time.monotonic()
        down = get("/healthz")
        assert time.monotonic() - started < 1.5
        assert down.status_code == 503 and down.json()["down"] == ["cache"]
    finally:
        redis_server.start()
    wait_for(lambda: get("/healthz").status_code == 200, 20, "healthz to be 200 again")
    # Both app servers see it back. Each worker thread has its own breaker (Django's caches are
    # per thread), open for BREAKER_SECONDS (5) after its last failure, and none can fail once
    # Redis answers: after that long every thread of both servers answers 200.
    time.sleep(6)
    for port in (APP_A, APP_B):
        url = f"http://127.0.0.1:{port}/healthz"
        for _ in range(12):  # a few answers from each server, from any of its threads
            assert requests.get(url, timeout=5).status_code == 200
        direct = requests.get(url, timeout=5)
        assert direct.status_code == 200 and direct.json()["checks"] == {
            "database": "ok",
            "cache": "ok",
            "tasks": "ok",
        }


def test_the_site_serves_anonymous_pages_from_its_microcache_and_members_never(nginx, content):
    first = get(content["post_url"])
    assert first.status_code == 200 and "public" in first.headers["Cache-Control"]
    # Within the page's second of freshness the next reader is answered by nginx alone.
    wait_for(lambda: get(content["post_url"]).headers["X-Cache"] == "HIT", 10, "a microcache hit")
    again = get(content["post_url"])
    assert again.status_code == 200 and "csrfmiddlewaretoken" not in again.text
    # Each answer carries its own request id, also when it comes from the cache.
    assert again.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    session = logged_in_session()
    member = session.get(NGINX + content["post_url"], timeout=10)
    assert member.headers["X-Cache"] == "BYPASS" and "private" in member.headers["Cache-Control"]
    assert "csrfmiddlewaretoken" in member.text  # the member's own page, with their token
    assert "csrfmiddlewaretoken" not in get(content["post_url"]).text  # never the other way round
