"""deploy/ agrees with the settings: the app server's workers from the core count, keep-alive
and recycling, nginx's body limit matching the upload limit, systemd units that start what the README
says. nginx itself is started with this site by tests/servers/test_production.py."""

import configparser
import os
import re
from pathlib import Path
from unittest import mock

from django.conf import settings

from deploy import appserver

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def app_server_options(**env):
    return appserver.options(env)


def nginx_site():
    return (DEPLOY / "nginx/blog.conf").read_text()


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_app_server_workers_keep_alive_and_recycling():
    from granian.constants import HTTPModes, Interfaces

    options = app_server_options()
    assert options["target"] == "config.wsgi:application" and options["interface"] == Interfaces.WSGI
    assert options["workers"] == os.cpu_count() and options["blocking_threads"] >= 2
    # HTTP/1.1 with keep-alive for nginx's upstream connections.
    assert options["http"] == HTTPModes.http1 and options["http1_settings"].keep_alive
    assert options["respawn_failed_workers"] and options["workers_max_rss"] > 0
    # A worker being replaced may finish its requests, within systemd's stop timeout.
    stop_timeout = int(unit("blog-web.service")["Service"]["TimeoutStopSec"])
    assert 0 < options["workers_kill_timeout"] < stop_timeout
    assert not options["log_access"]  # Django writes the request lines
    # What main() starts is exactly these options.
    started = {}
    with mock.patch("granian.Granian") as granian:
        granian.side_effect = lambda **options: started.update(options) or mock.Mock()
        appserver.main()
    assert started == appserver.options()
    custom = app_server_options(WEB_CONCURRENCY="7", WEB_BIND="127.0.0.1:9", WEB_THREADS="3")
    assert (custom["workers"], custom["address"], custom["port"]) == (7, "127.0.0.1", 9)
    assert custom["blocking_threads"] == 3


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
    assert web["Service"]["ExecStart"].endswith("/.venv/bin/python deploy/appserver.py")
    assert "manage.py db_worker" in worker["Service"]["ExecStart"]
    assert "manage.py requeue_stalled_tasks" in worker["Service"]["ExecStartPre"]  # a killed one's task
    serve = re.search(r"^serve:.*?(?=^\S)", (ROOT / "Makefile").read_text(), re.M | re.S)[0]
    assert serve.index("requeue_stalled_tasks") < serve.index("db_worker")  # make serve's worker too
    assert worker["Service"]["KillSignal"] == "SIGTERM"  # finishes the mail it is sending
    assert "manage.py backup" in backup["Service"]["ExecStart"]
    assert "manage.py prune_db_task_results --min-age-days 14" in prune["Service"]["ExecStart"]
    for parsed in (web, worker, backup, prune):
        assert parsed["Service"]["EnvironmentFile"] == "/etc/blog/env"
        assert parsed["Service"]["Environment"] == "DJANGO_SETTINGS_MODULE=config.settings.production"
    assert unit("blog-backup.timer")["Timer"]["OnCalendar"]
    assert unit("blog-prune-tasks.timer")["Timer"]["OnCalendar"]
