"""Services of our own for fault tests and `make faults`: a PostgreSQL cluster (initdb in a
temporary folder), a redis-server and the app server (deploy/appserver.py), each on a
loopback port of its own, so a test can stop, freeze or restart them without touching the
shared PostgreSQL (5432) and Redis (6379). Everything is stopped and deleted on exit."""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def available():
    """Why these services cannot run here, or "" when they can."""
    if PG_BIN is None or not (PG_BIN / "initdb").exists():
        return "PostgreSQL server binaries not found (apt-get install -y postgresql)"
    if not shutil.which("redis-server"):
        return "redis-server not found (apt-get install -y redis-server)"
    return ""


class OwnPostgres:
    """A throw-away PostgreSQL cluster on 127.0.0.1:<port>, trust authentication."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="blog-own-pg-"))
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args):
        subprocess.run(
            [*self._as_postgres, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def init(self):
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        return self

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off"
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
        )
        return self

    def stop(self):
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self):
        self.stop()
        self.start()

    def close(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.init().start()

    def __exit__(self, *exc):
        self.close()


class OwnRedis:
    """A redis-server on 127.0.0.1:<port> without persistence; it can be stopped, started
    again, frozen (SIGSTOP: connections are accepted by the kernel, nothing answers) and thawed."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def production_env(database_url, redis_url, **extra):
    """Environment for manage.py and the app server with config.settings.production on loopback."""
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="blog.example.kr,127.0.0.1",
        SITE_URL="https://blog.example.kr",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SERVE_MEDIA="1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(env, *args):
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py"), *args],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


class AppServer:
    """The app server as deployed (deploy/appserver.py: granian) on a port of its own."""

    def __init__(self, env, port=None, workers=2, log=None):
        self.env, self.port, self.workers = env, port or free_port(), workers
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log or subprocess.DEVNULL
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "deploy" / "appserver.py")],
            env={**self.env, "WEB_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(self.workers)},
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
        )
        wait_for_port(self.port, timeout=60)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def fetch(url, data=None, headers=None, timeout=10):
    """(status, headers, body text) of one request; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")
