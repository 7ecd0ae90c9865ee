"""gunicorn for one app server: `gunicorn -c deploy/gunicorn.conf.py` (make serve, systemd).

Sync workers, one more than the cores (bench/: 2, 3 and 4 workers on 2 cores measured within
noise; a request that waits on the database still leaves the cores busy). Every setting can
be overridden from the environment, so the same file serves a laptop and a 16-core machine."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request slower than this is killed and logged: nothing the blog does takes 30 s, and mail
# never runs in a request (it goes to the task queue).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30  # on reload/stop, requests in flight get this long to finish
keepalive = 5  # behind nginx's upstream keepalive
# Recycle each worker after about a thousand requests (the jitter keeps them from restarting
# together), so a slow leak in any library never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
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
