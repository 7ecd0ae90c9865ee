"""Real processes for the operations proofs (marker `servers`, `make test-servers`, a CI step of
its own): two app servers (granian, deploy/appserver.py) with the production settings,
one PostgreSQL database, our own Redis (so that it can be stopped), moto's S3 server as the
one media store, a task worker, aiosmtpd as the SMTP server, and nginx with deploy/'s site.

Everything listens on loopback ports of its own (8170-8175, Redis 6397), is started by the
fixtures, bounded in time, and stopped at the end; the shared PostgreSQL (5432) only gets a
database of ours, created and dropped here, and the shared Redis (6379) is never touched.
"""

import contextlib
import email
import email.policy
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from tests.hung import hung_tcp_server

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
APP_A, APP_B, S3_PORT, NGINX_PORT, SMTP_PORT, HUNG_SMTP_PORT = 8170, 8171, 8172, 8173, 8174, 8175
REDIS_PORT = 6397
SECRET = "servers-test-secret-key-" + "x" * 40
BUCKET = "blog-media"
PASSWORD = "pass-word-123"  # tests.factories' password for every user


# -- processes -----------------------------------------------------------------------------
def port_open(port, host="127.0.0.1"):
    with contextlib.closing(socket.socket()) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Process:
    """A child process in its own session, logging to a file, stopped with its children."""

    def __init__(self, name, args, env=None, port=None, logdir=None, timeout=30):
        if port is not None and port_open(port):
            raise AssertionError(f"port {port} is already taken: stop what listens there first")
        self.name, self.port = name, port
        self.log = Path(logdir or tempfile.gettempdir()) / f"{name}.log"
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=open(self.log, "ab"),  # noqa: SIM115 (the child keeps it)
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if port is not None:
            try:
                wait_for(
                    lambda: port_open(port) or self.proc.poll() is not None, timeout, f"{name} on {port}"
                )
                if self.proc.poll() is not None:
                    raise AssertionError(f"{name} exited: {self.output()[-3000:]}")
            except AssertionError:
                self.stop()
                raise

    def output(self):
        return self.log.read_text(errors="replace")

    def signal(self, sig):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)

    def stop(self, timeout=15):
        if self.proc.poll() is None:
            self.signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.proc.wait(5)
        if self.port is not None:
            wait_for(lambda: not port_open(self.port), 10, f"{self.name} to free {self.port}")


@pytest.fixture(scope="session")
def workdir():
    path = Path(tempfile.mkdtemp(prefix="blog-servers-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


# -- PostgreSQL: a database of our own on the shared server ---------------------------------
@pytest.fixture(scope="session")
def database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the multi-server proofs need PostgreSQL (DATABASE_URL)")
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_servers"
    ours = urlunsplit(parts._replace(path="/" + name))
    admin = urlunsplit(parts._replace(path="/postgres"))

    def recreate(create):
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if create:
                conn.execute(f'CREATE DATABASE "{name}"')

    recreate(True)
    yield ours
    recreate(False)


def manage(env, *args, timeout=300, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def sql(database_url, query, *params):
    """One value from the servers' database."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute(query, params).fetchone()[0]


def shell(env, code, timeout=120):
    """Run Python with Django set up (production settings, our database); return stdout."""
    return manage(env, "shell", "-c", code, timeout=timeout).stdout.strip()


# -- Redis of our own, S3 (moto server), SMTP (aiosmtpd) ------------------------------------
class Redis:
    def __init__(self, workdir):
        self.workdir, self.process = workdir, None

    def start(self):
        self.process = Process(
            "redis",
            [
                shutil.which("redis-server") or "redis-server",
                "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", str(self.workdir),
            ],
            port=REDIS_PORT,
            logdir=self.workdir,
        )  # fmt: skip

    def stop(self):
        if self.process:
            self.process.stop()
            self.process = None


@pytest.fixture(scope="session")
def redis_server(workdir):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = Redis(workdir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_server(workdir):
    process = Process(
        "moto",
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(S3_PORT)],
        port=S3_PORT,
        logdir=workdir,
    )
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{S3_PORT}",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket=BUCKET)
    # Readers fetch media straight from the store: the bucket is public-read by policy (what an
    # operator sets up; AWS_DEFAULT_ACL=public-read is the older way).
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
    yield s3
    process.stop()


class Mailbox:
    """aiosmtpd on SMTP_PORT, recording every message; start()/stop() take it up and down."""

    def __init__(self):
        self.messages, self.controller = [], None

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(("plain",)).get_content()
        self.messages.append(f"To: {message['To']}\nSubject: {message['Subject']}\n\n{body}")
        return "250 OK"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=SMTP_PORT)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mailbox():
    box = Mailbox()
    yield box
    box.stop()


def hung_smtp_server(port=HUNG_SMTP_PORT):
    """Accepts SMTP connections and never says a word."""
    return hung_tcp_server(port)


# -- the app -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def app_env(database_url, redis_server, s3_server, workdir):
    """The production settings as an operator would set them, and a migrated database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{NGINX_PORT}",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="0",
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        TRUSTED_PROXY_COUNT="1",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{S3_PORT}",
        AWS_S3_REGION_NAME="us-east-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        STATIC_ROOT=str(workdir / "staticfiles"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(SMTP_PORT),
        EMAIL_USE_TLS="0",
        EMAIL_TIMEOUT="2",
        EMAIL_RETRY_BACKOFF="0.5",
        EMAIL_RETRY_MAX_DELAY="1",
        EMAIL_MAX_ATTEMPTS="100",
        LOG_FORMAT="json",
        WEB_CONCURRENCY="2",
        PYTHONDONTWRITEBYTECODE="1",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    return env


def app_server(name, env, port, workdir):
    return Process(
        name,
        [str(BIN / "python"), "deploy/appserver.py"],
        env={**env, "WEB_BIND": f"127.0.0.1:{port}"},
        port=port,
        logdir=workdir,
    )


@pytest.fixture(scope="session")
def app_servers(app_env, workdir):
    a = app_server("app-a", app_env, APP_A, workdir)
    try:
        b = app_server("app-b", app_env, APP_B, workdir)
    except BaseException:
        a.stop()
        raise
    yield a, b
    a.stop()
    b.stop()


@contextlib.contextmanager
def worker(env, workdir, name="worker"):
    process = Process(
        name,
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
        env=env,
        logdir=workdir,
    )
    try:
        yield process
    finally:
        process.stop()


# -- a browser, by hand ----------------------------------------------------------------------
class Browser:
    """requests with cookies kept by hand: the production cookies are Secure, and these app
    servers are reached over plain HTTP with X-Forwarded-Proto: https, as nginx sends it."""

    def __init__(self, address="10.9.0.1"):
        self.cookies, self.address = {}, address

    def request(self, method, base, path, **kwargs):
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Origin": base.replace("http://", "https://"),
            "Referer": base.replace("http://", "https://") + "/",
            **kwargs.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, base + path, headers=headers, allow_redirects=False, timeout=15, **kwargs
        )
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return response

    def get(self, base, path, **kwargs):
        return self.request("GET", base, path, **kwargs)

    def post(self, base, path, data=None, **kwargs):
        data = dict(data or {})
        if "csrftoken" in self.cookies:
            data.setdefault("csrfmiddlewaretoken", self.cookies["csrftoken"])
        return self.request("POST", base, path, data=data, **kwargs)

    def login(self, base, username):
        self.get(base, "/accounts/login/")
        response = self.post(base, "/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.text[:2000]


def hidden_fields(page, form_action="/comments/post/"):
    """The hidden inputs of the form posting to form_action on this page."""
    start = page.index(f'action="{form_action}"')
    form = page[start : page.index("</form>", start)]
    return {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    }


def comment_form(page, **fields):
    """A guest comment for the post on this page, with a timestamp older than the minimum
    time a form must be open (signed with the servers' SECRET_KEY, as the page does)."""
    from django.test import override_settings
    from django_comments.forms import CommentSecurityForm

    data = hidden_fields(page)
    data["timestamp"] = str(int(time.time()) - 10)
    with override_settings(SECRET_KEY=SECRET):
        data["security_hash"] = CommentSecurityForm.generate_security_hash(
            None, data["content_type"], data["object_pk"], data["timestamp"]
        )
    data.update(
        {"name": "손님", "password": "손님비밀번호1", "comment": "댓글", "reply_to": "0", "honeypot": ""}
    )
    data.update(fields)
    return data


@pytest.fixture(scope="session")
def content(app_env):
    """A published post by an author with an email, and a moderator: made with the project's
    factories in the servers' database."""
    out = shell(
        app_env,
        "from tests.factories import AuthorFactory, ModeratorFactory, PostFactory, UserFactory\n"
        "a = AuthorFactory(username='writer', email='writer@example.kr')\n"
        "m = ModeratorFactory(username='moder', email='moder@example.kr')\n"
        "u = UserFactory(username='reader1')\n"
        "p = PostFactory(author=a, title='서버 두 대의 글')\n"
        "print(p.get_absolute_url())",
    )
    return {"post_url": out.splitlines()[-1]}
