"""One app server: granian serving config.wsgi:application, always started as
`python deploy/appserver.py` (systemd's blog-web.service, `make serve`, the server proofs,
the benchmark), so that every one of them runs what production runs.

Why granian and not gunicorn (which served until issue #13 measured both on this 2-core
machine, same app, same processes and threads, keep-alive): a page-cache hit costs about
130 us of Python, and gunicorn's own work per request (its Python HTTP parser and gthread's
queue) was as much again. Granian parses HTTP and keeps connections in Rust: it answered
1.6-3.8x more page-cache hits (7,000-7,500 a second against 1,900-4,700) and the same for
rendered pages (bench/results.md).

One worker process per core, each with a few threads: a rendered page is CPU-bound, so the
processes share out the cores and the threads cover the waits (database, Redis). Not one
more than the cores, as with gunicorn: granian's own threads do the network, and on 2 cores
two workers rendered as many pages as three, or more (bench/results.md).

Each thread keeps its own database connection (CONN_MAX_AGE), so an idle thread is kept five
minutes rather than granian's 30 s, and its connection with it: workers x threads
connections per app server. Connections are kept alive for nginx's upstream keep-alive.

What the server does not do: time a request. Neither did gunicorn's gthread workers (their
timeout watched the process, not its requests). A request is bounded by its dependencies'
own timeouts (Redis 0.25 s, core/cache.py) and by mail never being sent in a request (it
goes to the task queue); nginx gives up on an answer after proxy_read_timeout.

Recycling: a worker whose memory passes WEB_MAX_RSS_MB is replaced (after its requests
finish), so a slow leak in any library never grows without bound; a worker that dies is
started again; SIGHUP (`systemctl reload blog-web`) replaces every worker gracefully after a
deploy. Every setting can be overridden from the environment, so the same file serves a
laptop and a 16-core machine. Request lines are logged by Django (one JSON line each with
LOG_FORMAT=json); granian logs only its own warnings and errors, to stderr (journald).
Forwarded headers are read by Django (TRUSTED_PROXY_COUNT, SECURE_PROXY_SSL_HEADER)."""

import multiprocessing
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = "config.wsgi:application"
KILL_TIMEOUT = 30  # seconds a replaced or stopping worker gets to finish its requests
HEADER_READ_TIMEOUT_MS = 10_000  # a client that takes longer to send its headers is dropped


def options(env=os.environ):
    """granian's Server(...) arguments, from the environment."""
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings

    host, _, port = env.get("WEB_BIND", "127.0.0.1:8000").rpartition(":")
    return {
        "target": TARGET,
        "interface": Interfaces.WSGI,
        "address": host,
        "port": int(port),
        "workers": int(env.get("WEB_CONCURRENCY", multiprocessing.cpu_count())),
        "blocking_threads": int(env.get("WEB_THREADS", "4")),
        "blocking_threads_idle_timeout": 300,
        "http": HTTPModes.http1,  # what nginx speaks to its upstreams
        "http1_settings": HTTP1Settings(keep_alive=True, header_read_timeout=HEADER_READ_TIMEOUT_MS),
        "websockets": False,
        "log_level": env.get("WEB_LOG_LEVEL", "warning"),
        "log_access": False,
        "respawn_failed_workers": True,
        "workers_max_rss": int(env.get("WEB_MAX_RSS_MB", "768")),
        "workers_kill_timeout": KILL_TIMEOUT,
        "working_dir": ROOT,
    }


def main():
    from granian import Granian

    Granian(**options()).serve()


if __name__ == "__main__":
    main()
