"""deploy/ agrees with the settings: gunicorn's workers from the core count, its timeout under
nginx's, nginx's body limit matching the upload limit, systemd units that start what the README
says. nginx itself is started with this site by tests/servers/test_production.py."""

import configparser
import os
import re
import runpy
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def gunicorn_config(**env):
    saved = {
        key: os.environ.pop(key, None) for key in ("WEB_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_TIMEOUT")
    }
    os.environ.update(env)
    try:
        return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    finally:
        for key in env:
            os.environ.pop(key, None)
        os.environ.update({k: v for k, v in saved.items() if v is not None})


def nginx_site():
    return (DEPLOY / "nginx/blog.conf").read_text()


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_gunicorn_workers_timeouts_and_recycling():
    config = gunicorn_config()
    assert config["workers"] == os.cpu_count() + 1
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    # Threads keep nginx's upstream connections alive (sync workers close every one).
    assert config["worker_class"] == "gthread" and config["threads"] >= 2 and config["keepalive"] > 0
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", nginx_site()).group(1))
    assert config["timeout"] < read_timeout
    assert config["accesslog"] is None  # Django writes the request lines
    assert gunicorn_config(WEB_CONCURRENCY="7", GUNICORN_BIND="127.0.0.1:9")["workers"] == 7


def test_nginx_body_limit_matches_the_upload_limit():
    limit = re.search(r"client_max_body_size (\d+)m;", nginx_site()).group(1)
    limit = int(limit) * 1024 * 1024
    largest = max(settings.UPLOAD_MAX_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    assert largest < limit <= largest + 2 * 1024 * 1024


def test_nginx_forwards_what_django_trusts():
    site = nginx_site()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Request-ID $request_id;" in site
    assert "TRUSTED_PROXY_COUNT=1" in site


def test_systemd_units_start_the_app_server_the_worker_the_backup_and_the_pruning():
    web, worker, backup = unit("blog-web.service"), unit("blog-worker@.service"), unit("blog-backup.service")
    prune = unit("blog-prune-tasks.service")
    assert "gunicorn -c deploy/gunicorn.conf.py" in web["Service"]["ExecStart"]
    assert "manage.py db_worker" in worker["Service"]["ExecStart"]
    assert worker["Service"]["KillSignal"] == "SIGTERM"  # finishes the mail it is sending
    assert "manage.py backup" in backup["Service"]["ExecStart"]
    assert "manage.py prune_db_task_results --min-age-days 14" in prune["Service"]["ExecStart"]
    for parsed in (web, worker, backup, prune):
        assert parsed["Service"]["EnvironmentFile"] == "/etc/blog/env"
        assert parsed["Service"]["Environment"] == "DJANGO_SETTINGS_MODULE=config.settings.production"
    assert unit("blog-backup.timer")["Timer"]["OnCalendar"]
    assert unit("blog-prune-tasks.timer")["Timer"]["OnCalendar"]
