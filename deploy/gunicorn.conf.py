"""gunicorn for one app server: `gunicorn -c deploy/gunicorn.conf.py` (make serve, systemd).

Worker processes, one more than the cores, each with a few threads (gthread). Threads, not
more processes, because of keep-alive: gunicorn's sync workers close the connection after
every response, so nginx's upstream keepalive (and a benchmark's) reconnects each time; a page
cache hit costs well under a millisecond of Python, and on this kind of 2-core machine the sync
workers answered 2-4x fewer hits than gthread with the same processes (bench/results.md). A
rendered page is CPU-bound, so the processes, not the threads, share out the cores; threads
cover the waits (database, Redis). Each thread keeps its own database connection
(CONN_MAX_AGE): workers x threads connections per app server. Every setting can be overridden
from the environment, so the same file serves a laptop and a 16-core machine."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker whose main loop is silent this long is killed and restarted. With gthread workers
# that is a stuck process, not a slow request: a request's thread is not timed (gunicorn's
# docs), so what bounds a request is its dependencies' own timeouts (Redis 0.25 s, see
# core/cache.py) and that mail never runs in a request (it goes to the task queue).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30  # on reload/stop, requests in flight get this long to finish
keepalive = 5  # seconds an idle connection (nginx's upstream keepalive) is kept open
# Recycle each worker after some twenty thousand requests (the jitter keeps them from
# restarting together), so a slow leak in any library never grows without bound. Not much
# fewer: a worker serving cached pages answers thousands a second, and a new one starts with
# cold per-process caches (templates, comment fragments).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
# Request lines are logged by Django (one JSON line each with LOG_FORMAT=json); gunicorn
# logs only its own errors, to stderr (journald).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Forwarded headers are read by Django (TRUSTED_PROXY_COUNT, SECURE_PROXY_SSL_HEADER), not
# rewritten by gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# /tmp may be a slow disk in containers; the heartbeat files belong in memory.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
