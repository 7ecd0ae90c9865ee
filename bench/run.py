"""Post page throughput against nginx serving the same page as a static file.

For each comment count in the peer content (10, 100, 500), the post page is served
uncached by gunicorn (production settings, PostgreSQL) and, byte for byte the same HTML,
by nginx from a file; wrk loads each in turn from this machine. Prints one table with the
ratio and the WordPress figures of ../shared/bench/README.md for comparison.

Needs: PostgreSQL (DATABASE_URL or 127.0.0.1:5432 as postgres), nginx and wrk
(`apt-get install -y nginx wrk`). Only loopback addresses are used; every load is bounded.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_CONTENT = Path(os.environ.get("PEER_CONTENT", ROOT.parent / "shared" / "bench" / "peer-content.json"))
# Loopback ports of the measured gunicorn and nginx (override when several people bench
# on one machine).
APP_PORT = int(os.environ.get("BENCH_APP_PORT", 8765))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", 8766))
# From ../shared/bench/README.md (same machine kind, wrk -t2 -c16 -d10s).
WORDPRESS = {10: 26, 100: 6, 500: 1}
WORDPRESS_CLASSIC = {10: 36, 100: 22.6, 500: 7.85}
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/blog_bench"


def sh(*args, **kwargs):
    return subprocess.run(args, check=True, **kwargs)


def bench_env(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        SERVE_MEDIA="1",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


def reset_database(database_url):
    if not database_url.startswith("postgres"):
        return
    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    for statement in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        sh("psql", admin_url, "-q", "-c", statement, stdout=subprocess.DEVNULL)


PREPARE = r"""
import json, sys, time, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
sys.path.insert(0, "bench")
from load_peer_content import load
CPU_ROUNDS = 20
posts = load(sys.argv[1])
client = Client(HTTP_HOST="127.0.0.1")
rows = {}
for count, post in sorted(posts.items()):
    url = post.get_absolute_url()
    client.get(url)  # warm caches of the process (content types, templates)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    query_count = len(queries)  # before the next request resets the connection's log
    # CPU time of this process per page (Django and the database driver; not the database
    # server): unlike requests per second it hardly moves when others load the machine.
    started = time.process_time()
    for _ in range(CPU_ROUNDS):
        client.get(url)
    cpu_ms = (time.process_time() - started) * 1000 / CPU_ROUNDS
    rows[count] = {"url": url, "queries": query_count, "bytes": len(response.content), "cpu_ms": cpu_ms}
print("JSON" + json.dumps(rows))
"""


def wrk(url, seconds):
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error responses under load")
    return rps


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def main():
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per run")
    # 3 sync workers for 2 cores: the page is CPU-bound (SQL waits are a few ms), so one
    # worker per core plus one to cover those waits; 2, 3 and 4 measured within noise.
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("BENCH_WORKERS", 3)),
        help="gunicorn sync workers (default 3: 2 cores + 1)",
    )
    args = parser.parse_args()

    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not Path("/usr/sbin/nginx").exists():
            raise SystemExit(f"{tool} is missing: apt-get install -y nginx wrk")
    if not PEER_CONTENT.exists():
        raise SystemExit(f"peer content not found at {PEER_CONTENT} (set PEER_CONTENT)")

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = bench_env(database_url)
    python = str(ROOT / ".venv" / "bin" / "python")
    reset_database(database_url)
    sh(python, "manage.py", "migrate", "-v0", cwd=ROOT, env=env)
    sh(python, "manage.py", "collectstatic", "--noinput", "-v0", cwd=ROOT, env=env)
    prepared = subprocess.run(
        [python, "-c", PREPARE, str(PEER_CONTENT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if prepared.returncode:
        raise SystemExit(f"loading the peer content failed:\n{prepared.stderr}")
    prepared = prepared.stdout
    rows = {int(k): v for k, v in json.loads(prepared.split("JSON", 1)[1]).items()}
    if database_url.startswith("postgres"):
        # Planner statistics for the freshly loaded tables now, rather than autovacuum
        # analysing them in the middle of the first measurement.
        sh("psql", database_url, "-q", "-c", "VACUUM ANALYZE", stdout=subprocess.DEVNULL)

    workdir = Path(tempfile.mkdtemp(prefix="blog-bench-"))
    workdir.chmod(0o755)  # nginx workers run as an unprivileged user
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{APP_PORT}",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    nginx = None
    try:
        static_root = workdir / "static"
        for count, row in rows.items():
            wait_for(f"http://127.0.0.1:{APP_PORT}{row['url']}")
            with urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}{row['url']}") as response:
                page = response.read()
            target = static_root / f"comments-{count}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page)
            row["static"] = f"/comments-{count}.html"
        conf = workdir / "nginx.conf"
        conf.write_text(
            f"worker_processes auto; daemon off; pid {workdir}/nginx.pid; error_log {workdir}/error.log;\n"
            "events { worker_connections 1024; }\n"
            "http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;\n"
            "  types { text/html html; }\n"
            f"  server {{ listen 127.0.0.1:{NGINX_PORT}; root {static_root}; }} }}\n"
        )
        nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(workdir)], start_new_session=True)
        wait_for(f"http://127.0.0.1:{NGINX_PORT}/comments-10.html")

        for _count, row in sorted(rows.items()):
            wrk(f"http://127.0.0.1:{APP_PORT}{row['url']}", 1)  # warm-up, not measured
            row["app_rps"] = wrk(f"http://127.0.0.1:{APP_PORT}{row['url']}", args.seconds)
            row["nginx_rps"] = wrk(f"http://127.0.0.1:{NGINX_PORT}{row['static']}", args.seconds)
    finally:
        for process in (gunicorn, nginx):
            if process:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"\nPost page, uncached: gunicorn {args.workers} sync workers, production settings, "
        f"{'PostgreSQL' if database_url.startswith('postgres') else database_url}; "
        f"wrk -t2 -c16 -d{args.seconds}s on loopback\n"
    )
    header = (
        "| comments | SQL queries | page bytes | CPU ms/page | blog req/s | nginx static req/s | "
        "blog / nginx | goal 1/90 | vs WordPress | vs WP classic |"
    )
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    for count, row in sorted(rows.items()):
        ratio = row["app_rps"] / row["nginx_rps"]
        print(
            f"| {count} | {row['queries']} | {row['bytes']:,} | {row['cpu_ms']:.1f} | {row['app_rps']:.0f} | "
            f"{row['nginx_rps']:.0f} | 1/{1 / ratio:.0f} | {'yes' if ratio >= 1 / 90 else 'NO'} | "
            f"{row['app_rps'] / WORDPRESS[count]:.1f}x | {row['app_rps'] / WORDPRESS_CLASSIC[count]:.1f}x |"
        )
    print(
        "\nWordPress columns divide by the figures in ../shared/bench/README.md (another run): "
        "indicative only; the nginx ratio is measured in this run."
    )


if __name__ == "__main__":
    sys.exit(main())
