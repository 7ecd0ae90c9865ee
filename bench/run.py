"""Post page throughput against nginx serving the same page as a static file, and (with
--scale) one-client latency at 100,000 posts and 1,000,000 comments.

Small set: for each comment count in the peer content (10, 100, 500, and 500 with every
comment on one page, the work WordPress does), the post page is loaded with wrk from this
machine as served by
- the app server as deployed (deploy/appserver.py, granian) with the page cache off
  (PAGE_CACHE=0: the cold render, fragment caches warm),
- the app server with the app's own page cache (Redis),
- nginx with deploy/nginx's microcache in front of that app server,
- nginx serving byte for byte the same HTML from a file (the ceiling),
in ROUNDS interleaved rounds; each ratio to static is printed as min/median/max, with the
machine's load average. When WordPress answers at 127.0.0.1:8081 (../shared/bench/peers/
sets it up, with its static copy at :8082; --wordpress insists, --no-wordpress skips it),
each round also loads WordPress and its static copy right after our row of the same N, and
our/WordPress ratios are printed as min/median/max; otherwise ../shared/bench/README.md's
figures are shown, labelled as such.

Scale (--scale): `manage.py generate_content` fills a small set (300 posts, 6,000 comments)
and the big one (100,000 posts, 1,000,000 comments; reused when already there), each with
500 open reports, and the same pages are timed on both by one client, page cache off.

Needs: PostgreSQL (DATABASE_URL or 127.0.0.1:5432 as postgres), Redis, nginx and wrk
(`apt-get install -y nginx wrk`). Only loopback addresses are used; every load is bounded.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

from services import production_env

ROOT = Path(__file__).resolve().parent.parent
PEER_CONTENT = Path(os.environ.get("PEER_CONTENT", ROOT.parent / "shared" / "bench" / "peer-content.json"))
# Four consecutive ports from BENCH_PORT: app (cache off), app (page cache), app (every
# comment on one page), nginx (static files and the microcache proxy on the next two).
BASE_PORT = int(os.environ.get("BENCH_PORT", os.environ.get("BENCH_APP_PORT", 8765)))
ROUNDS = 3
# WordPress 6.1 and the same nginx serving its pages as files, as ../shared/bench/peers/ sets
# them up (setup-wordpress.sh, setup-static.sh): measured in the same rounds when they answer.
WORDPRESS_URL = os.environ.get("BENCH_WORDPRESS_URL", "http://127.0.0.1:8081")
WORDPRESS_STATIC_URL = os.environ.get("BENCH_WORDPRESS_STATIC_URL", "http://127.0.0.1:8082")
WORDPRESS_TIMEOUT = "30s"  # wrk's default 2 s would drop WordPress's slower pages from the count
# Otherwise, from ../shared/bench/README.md (same machine kind, wrk -t2 -c16 -d10s).
WORDPRESS = {10: 26, 100: 6, 500: 1}
WORDPRESS_CLASSIC = {10: 36, 100: 22.6, 500: 7.85}
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/blog_bench"
DEFAULT_SCALE_URL = "postgres://postgres@127.0.0.1:5432/blog_bench_scale"
DEFAULT_SMALL_URL = "postgres://postgres@127.0.0.1:5432/blog_bench_small"
DEPLOY = ROOT / "deploy" / "nginx"


def sh(*args, **kwargs):
    return subprocess.run(args, check=True, **kwargs)


def redis_url(offset=0):
    """BENCH_REDIS_URL, on another database number for each data set: the caches are keyed
    on version tokens of the content, which would otherwise be shared between two sets."""
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    base, _, number = url.rpartition("/")
    return f"{base}/{(int(number) - offset) % 16}" if number.isdigit() else url


def bench_env(database_url, redis_offset=0):
    return production_env(
        database_url,
        redis_url(redis_offset),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://127.0.0.1",
        PAGE_CACHE="0",
        LOG_LEVEL="ERROR",
    )


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
    if count == max(posts):
        rows["all"] = {"url": url, "queries": query_count, "bytes": None, "cpu_ms": None}
        rows["all"]["all_on_one_page"] = True
print("JSON" + json.dumps(rows))
"""


class Run(NamedTuple):
    rps: float
    responses: int  # completed in the run's time; wrk abandons the requests still in flight
    timeouts: int  # requests that waited longer than --timeout (not counted in rps)


def wrk(url, seconds, timeout=None):
    """One bounded load: wrk -t2 -c16 for `seconds`; `timeout` raises wrk's 2 s limit per
    request (WordPress at N=500 takes 2.5-11 s under 16 connections)."""
    limit = ["--timeout", timeout] if timeout else []
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", *limit, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error responses under load")
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", out)
    return Run(rps, int(re.search(r"(\d+) requests in", out)[1]), int(timeouts[1]) if timeouts else 0)


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def fetch(url, cookie=""):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def app_server(env, port, workers, **extra):
    """An app server as deployed: deploy/appserver.py (granian)."""
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "deploy" / "appserver.py")],
        cwd=ROOT,
        env={**env, "WEB_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
             "WEB_LOG_LEVEL": "error", **extra},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def stop(processes):
    for process in processes:
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


def load_average():
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def spread(values):
    values = sorted(values)
    return values[0], statistics.median(values), values[-1]


def ratios(ours, theirs):
    """ours / theirs in each round; none for a kind not measured, or a round where `theirs`
    finished no request (WordPress under load at N=500 in a short run)."""
    return [mine / other for mine, other in zip(ours, theirs, strict=True) if other] if ours else []


def fraction(values):
    if not values:
        return "–"
    low, mid, high = spread(values)
    if high >= 0.5:
        return f"{low:.2f} · {mid:.2f} · {high:.2f}"
    return " · ".join(f"1/{1 / value:.0f}" if value else "0" for value in (low, mid, high))


def prepare(database_url, env, python):
    reset_database(database_url)
    sh(python, "manage.py", "migrate", "-v0", cwd=ROOT, env=env)
    sh(python, "manage.py", "collectstatic", "--noinput", "-v0", cwd=ROOT, env=env)


def peer_posts():
    """(slug, comment count) of each post in the peer content: WordPress serves it at /slug/."""
    with PEER_CONTENT.open(encoding="utf-8") as source:
        return [(post["slug"], len(post["comments"])) for post in json.load(source)["posts"]]


def find_wordpress():
    """WordPress's version, theme and page sizes, or None and why it cannot be measured."""
    info = {"bytes": {}}
    for slug, count in peer_posts():
        try:
            page = fetch(f"{WORDPRESS_URL}/{slug}/")
            copy = fetch(f"{WORDPRESS_STATIC_URL}/{slug}/")
        except (OSError, ValueError) as error:  # nothing listening, an HTTP error, a bad URL
            return None, f"{WORDPRESS_URL}/{slug}/ or its static copy: {error}"
        if page != copy:
            return None, f"the static copy of /{slug}/ is not WordPress's page (run setup-static.sh again)"
        info["bytes"][count] = len(page)
    generator = re.search(rb'<meta name="generator" content="([^"]+)"', page)
    theme = re.search(rb"/wp-content/themes/([\w-]+)/", page)
    info["version"] = generator[1].decode() if generator else "WordPress"
    info["theme"] = theme[1].decode() if theme else "unknown"
    return info, ""


def cpu_ticks(prefix):
    """CPU clock ticks used so far by the processes whose name starts with `prefix`."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/comm").read_text().startswith(prefix):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue  # it ended meanwhile
    return total


def wait_until_wordpress_idle(limit=120):
    """When wrk stops, PHP-FPM still renders the requests it abandoned (PHP notices a closed
    client only when it writes): at N=500 about 10 s of both cores, which would be charged to
    whatever is measured next. Wait until PHP-FPM and MariaDB use under 4 % of a core, as
    ../shared/bench/peers/measure.sh does."""
    quiet = os.sysconf("SC_CLK_TCK") * 0.5 * 0.04
    deadline = time.monotonic() + limit
    before = cpu_ticks("php-fpm") + cpu_ticks("mariadbd")
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_ticks("php-fpm") + cpu_ticks("mariadbd")
        if now - before <= quiet:
            return
        before = now
    print(f"WARNING: PHP-FPM or MariaDB still busy after {limit} s", file=sys.stderr)


def fpm_accepted():
    """Requests PHP-FPM has accepted so far (its status page), or None without one."""
    try:
        status = fetch(f"{WORDPRESS_URL}/fpm-status").decode()
    except OSError:
        return None
    found = re.search(r"accepted conn:\s+(\d+)", status)
    return int(found[1]) if found else None


def measure_wordpress(slug, seconds):
    """One wrk run on WordPress, then the wait for PHP to finish what wrk left: the run, and
    PHP-FPM's CPU ms per page over every page it rendered (abandoned ones included)."""
    wait_until_wordpress_idle()
    accepted, php = fpm_accepted(), cpu_ticks("php-fpm")
    run = wrk(f"{WORDPRESS_URL}/{slug}/", seconds, timeout=WORDPRESS_TIMEOUT)
    stopped = time.monotonic()
    wait_until_wordpress_idle()
    php = cpu_ticks("php-fpm") - php
    after = fpm_accepted()
    rendered = after - accepted - 1 if accepted is not None and after is not None else None  # -1: status
    php_ms = php * 1000 / os.sysconf("SC_CLK_TCK") / rendered if rendered else None
    note = f"PHP rendered {rendered}, " if rendered is not None else ""
    return run, php_ms, f"{note}idle {time.monotonic() - stopped:.0f} s after wrk"


def progress(number, rounds, label, kind, run, note=""):
    print(
        f"  round {number}/{rounds}  N={label:<7} {kind:<16} {run.rps:>10,.1f} req/s  "
        f"({run.responses:,} responses{f', {run.timeouts} timeouts' if run.timeouts else ''}"
        f"{f'; {note}' if note else ''})",
        file=sys.stderr,
        flush=True,
    )


def times(values):
    return " · ".join(f"{value:.1f}x" for value in spread(values)) if values else "–"


def small_set(args, python, wordpress):
    """The small set's table; `wordpress` (from find_wordpress) puts WordPress in the same rounds."""
    started = time.monotonic()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = bench_env(database_url)
    prepare(database_url, env, python)
    prepared = subprocess.run(
        [python, "-c", PREPARE, str(PEER_CONTENT)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if prepared.returncode:
        raise SystemExit(f"loading the peer content failed:\n{prepared.stderr}")
    rows = json.loads(prepared.stdout.split("JSON", 1)[1])
    for key, row in rows.items():
        row["count"] = 500 if row.get("all_on_one_page") else int(key)
        row["label"] = "500 (all on one page)" if row.get("all_on_one_page") else key
        row["short"] = "500 all" if row.get("all_on_one_page") else key
    if database_url.startswith("postgres"):
        sh("psql", database_url, "-q", "-c", "VACUUM ANALYZE", stdout=subprocess.DEVNULL)
    slugs = {count: slug for slug, count in peer_posts()}
    peer = {count: {"WordPress": [], "WordPress static": [], "responses": [], "timeouts": 0, "php_ms": []}
            for count in slugs} if wordpress else {}  # fmt: skip

    def wordpress_seconds(count):  # about 1 page a second at N=500, finished in batches of 8
        return max(args.seconds, args.wordpress_seconds) if count >= 100 else args.seconds

    app, cached, one_page, static = BASE_PORT, BASE_PORT + 1, BASE_PORT + 2, BASE_PORT + 3
    micro = BASE_PORT + 4
    workdir = Path(tempfile.mkdtemp(prefix="blog-bench-"))
    workdir.chmod(0o755)  # nginx workers run as an unprivileged user
    (workdir / "cache").mkdir()
    (workdir / "cache").chmod(0o777)
    servers = [
        app_server(env, app, args.workers),
        app_server(env, cached, args.workers, PAGE_CACHE="1"),
        app_server(env, one_page, args.workers, COMMENTS_PER_PAGE="1000"),
    ]
    nginx = None
    try:
        static_root = workdir / "static"
        static_root.mkdir()
        for key, row in rows.items():
            port = one_page if row.get("all_on_one_page") else app
            wait_for(f"http://127.0.0.1:{port}{row['url']}")
            wait_for(f"http://127.0.0.1:{cached}{row['url']}")  # booted too, not measured while booting
            page = fetch(f"http://127.0.0.1:{port}{row['url']}")
            row["bytes"] = len(page)
            (static_root / f"comments-{key}.html").write_bytes(page)
            row["static"] = f"/comments-{key}.html"
        http_part = (
            (DEPLOY / "microcache-http.conf")
            .read_text()
            .replace("/var/cache/nginx/blog", str(workdir / "cache"))
        )
        (workdir / "microcache-http.conf").write_text(http_part)
        conf = workdir / "nginx.conf"
        conf.write_text(
            f"worker_processes auto; daemon off; pid {workdir}/nginx.pid; error_log {workdir}/error.log;\n"
            "events { worker_connections 1024; }\n"
            "http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;\n"
            "  types { text/html html; }\n"
            f"  include {workdir}/microcache-http.conf;\n"
            f"  upstream app {{ server 127.0.0.1:{cached}; keepalive 16; }}\n"
            f"  server {{ listen 127.0.0.1:{static}; root {static_root}; }}\n"
            f"  server {{ listen 127.0.0.1:{micro}; location / {{ proxy_pass http://app;\n"
            '    proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host;\n'
            f"    include {DEPLOY}/microcache-location.conf; }} }}\n"
            "}\n"
        )
        nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(workdir)], start_new_session=True)
        wait_for(f"http://127.0.0.1:{static}/comments-10.html")
        for slug in slugs.values() if wordpress else ():
            fetch(f"{WORDPRESS_URL}/{slug}/")  # warm-up (OPcache, MariaDB's buffers), not measured
        load_before = load_average()
        round_loads = []
        kinds = {"uncached": app, "page cache": cached, "microcache": micro, "static": static}
        for row in rows.values():
            row["rps"] = {kind: [] for kind in kinds}
        for number in range(1, args.rounds + 1):
            round_loads.append(load_average())
            wordpress_done = set()
            for row in rows.values():
                for kind, port in kinds.items():
                    if kind == "uncached" and row.get("all_on_one_page"):
                        port = one_page
                    if kind in {"page cache", "microcache"} and row.get("all_on_one_page"):
                        continue
                    path = row["static"] if kind == "static" else row["url"]
                    wrk(f"http://127.0.0.1:{port}{path}", 1)  # warm-up, not measured
                    run = wrk(f"http://127.0.0.1:{port}{path}", args.seconds)
                    row["rps"][kind].append(run.rps)
                    progress(number, args.rounds, row["short"], kind, run)
                count = row["count"]
                if not wordpress or count in wordpress_done:
                    continue
                # WordPress and its static copy for the same N, in the same round (no wrk warm-up
                # for WordPress: it would leave 16 abandoned pages to wait for).
                wordpress_done.add(count)
                run, php_ms, note = measure_wordpress(slugs[count], wordpress_seconds(count))
                progress(number, args.rounds, str(count), "WordPress", run, note)
                peer[count]["WordPress"].append(run.rps)
                peer[count]["responses"].append(run.responses)
                peer[count]["timeouts"] += run.timeouts
                if php_ms is not None:
                    peer[count]["php_ms"].append(php_ms)
                copy = f"{WORDPRESS_STATIC_URL}/{slugs[count]}/"
                wrk(copy, 1)  # warm-up, not measured
                run = wrk(copy, args.seconds)
                progress(number, args.rounds, str(count), "WordPress static", run)
                peer[count]["WordPress static"].append(run.rps)
        load_after = load_average()
    finally:
        stop([*servers, nginx])
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"\nPost page: granian (deploy/appserver.py) {args.workers} workers x "
        f"{os.environ.get('WEB_THREADS', 4)} threads, production settings, PostgreSQL, Redis; "
        f"wrk -t2 -c16 -d{args.seconds}s on loopback, {args.rounds} rounds; "
        f"load average (1/5/15 min) {load_before} before, {load_after} after "
        f"(at the start of each round: {', '.join(round_loads)}); "
        f"{(time.monotonic() - started) / 60:.1f} min in all.\n"
        "Ratios to nginx serving the same bytes from a file in the same round: min · median · max.\n"
    )
    header = (
        "| comments | SQL queries | page bytes | CPU ms/page | static req/s | uncached | page cache | "
        "nginx microcache |"
    )
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    for row in rows.values():
        static_rps = row["rps"]["static"]
        cells = [
            fraction(ratios(row["rps"][kind], static_rps))
            for kind in ("uncached", "page cache", "microcache")
        ]
        cpu = f"{row['cpu_ms']:.1f}" if row.get("cpu_ms") is not None else "–"
        print(
            f"| {row['label']} | {row['queries']} | {row['bytes']:,} | {cpu} | "
            f"{statistics.median(static_rps):,.0f} | {' | '.join(cells)} |"
        )
    print(
        "\nTargets (issue #13): uncached >= 1/150 of static at N=100 (stretch 1/90), page cache >= 1/10, "
        "microcache >= 0.7."
    )
    if wordpress:
        print_wordpress(args, rows, peer, wordpress, wordpress_seconds)
    else:
        print_wordpress_readme(rows)


def print_wordpress(args, rows, peer, wordpress, wordpress_seconds):
    long_runs = sorted({wordpress_seconds(count) for count in peer} - {args.seconds})
    print(
        f"\n{wordpress['version']} (theme {wordpress['theme']}; nginx, PHP-FPM, MariaDB from "
        f"../shared/bench/peers/) at {WORDPRESS_URL}, and the same nginx serving its pages as files at "
        f"{WORDPRESS_STATIC_URL}, measured in the same rounds as the rows above, right after our row of "
        f"the same N; wrk -t2 -c16 -d{args.seconds}s"
        f"{''.join(f' (-d{seconds}s at N >= 100)' for seconds in long_runs)} --timeout {WORDPRESS_TIMEOUT} "
        "for WordPress, after waiting until PHP-FPM and MariaDB were idle. Ours / WordPress: our "
        "req/s over WordPress's in the same round, min · median · max.\n"
    )
    header = (
        "| comments | WordPress req/s: median [min–max] | WordPress responses per run | "
        "WordPress PHP CPU ms/page | WordPress page bytes | WordPress / its static | uncached / WordPress | "
        "page cache / WordPress |"
    )
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    for row in rows.values():
        measured = peer[row["count"]]
        wp = measured["WordPress"]
        low, mid, high = spread(wp)
        responses = statistics.median(measured["responses"])
        timeouts = f", {measured['timeouts']} timeouts" if measured["timeouts"] else ""
        php_ms = f"{statistics.median(measured['php_ms']):,.0f}" if measured["php_ms"] else "–"
        ours = [times(ratios(row["rps"][kind], wp)) for kind in ("uncached", "page cache")]
        paginated = row["count"] == 500 and not row.get("all_on_one_page")
        label = f"{row['label']} (ours: 50 threads a page)" if paginated else row["label"]
        print(
            f"| {label} | {mid:,.1f} [{low:,.1f}–{high:,.1f}] | {responses:,.0f}{timeouts} | {php_ms} | "
            f"{wordpress['bytes'][row['count']]:,} | "
            f"{fraction(ratios(wp, measured['WordPress static']))} | "
            f"{' | '.join(ours)} |"
        )
    print(
        "\nWordPress shows every comment on one page: the fair row for N=500 is the one with all on one "
        "page. PHP CPU ms/page counts every page PHP-FPM rendered, those wrk abandoned included; it "
        "moves far less than req/s when other work shares the machine. WordPress's pages finish in "
        "batches of the pool size (8), so few responses per run make its req/s coarse."
    )


def print_wordpress_readme(rows):
    print(
        "\nWordPress was not measured in this run (../shared/bench/peers/ sets it up; see the README). "
        "For reference only, figures from ../shared/bench/README.md, another run (2026-11-25, "
        "wrk -t2 -c16 -d10s), against this run's uncached median:\n"
    )
    print(
        "| comments | WordPress req/s (README) | uncached / WordPress (README) | "
        "uncached / WP classic theme (README) |"
    )
    print("|---|---|---|---|")
    for row in rows.values():
        app_rps = statistics.median(row["rps"]["uncached"])
        count = row["count"]
        print(
            f"| {row['label']} | {WORDPRESS[count]} | {app_rps / WORDPRESS[count]:.1f}x | "
            f"{app_rps / WORDPRESS_CLASSIC[count]:.1f}x |"
        )


SCALE_PAGES = r"""
import json, sys, django
django.setup()
from blog import freshness
from blog.sitemaps import post_parts
# A new posts version: every page's first request below is cold (sidebar, counts, sitemap
# parts), as after any post is saved, whatever an earlier run left in the cache.
freshness.posts_changed()
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from blog.models import Post
from comments.models import ThreadedComment
from comments.thread import skeleton_for
from django.contrib.contenttypes.models import ContentType
p100 = Post.objects.get(slug="scale-comments-100")
p5k = Post.objects.get(slug="scale-comments-5000")
published = Post.objects.published()
from django.conf import settings
pages = max(1, -(-published.count() // settings.BLOG_POSTS_PER_PAGE))
month = published.order_by("-published_at").values_list("published_at", flat=True)[200]
deep = (ThreadedComment.norel_objects.filter(content_type=ContentType.objects.get_for_model(Post),
        object_pk=str(p5k.pk)).order_by("pk").values_list("pk", flat=True)[10])
last_comment_page = skeleton_for(p5k).num_pages()
user, _ = get_user_model().objects.get_or_create(username="bench-moderator", defaults={"is_superuser": True,
          "is_staff": True})
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
first_part = min(post_parts())  # a full part at scale (ids 1-9,999), all 300 on the small set
print("JSON" + json.dumps({
    "pages": [
        ["index", "/"],
        ["index page 500 (small: its last page)", f"/?page={min(500, pages)}"],
        ["a category", p100.category.get_absolute_url()],
        ["a month", f"/archive/{month.year}/{month.month}/"],
        ["post, 100 comments", p100.get_absolute_url()],
        ["post, 5,000 comments, last comment page", p5k.get_absolute_url()],
        ["post, 5,000 comments, first comment page", p5k.get_absolute_url() + "?cpage=1"],
        ["deep permalink (redirect)", f"/comments/{deep}/"],
        ["search, rare word", "/search/?q=%ED%9D%AC%EA%B7%80%EC%96%B4"],
        ["search, two-syllable word", "/search/?q=%EC%BB%A4%ED%94%BC"],
        ["search, a typo (no match: 커퍼, corrected to 커피)", "/search/?q=%EC%BB%A4%ED%8D%BC"],
        ["comments feed of a post", p5k.get_absolute_url() + "comments/feed/"],
        ["sitemap.xml (index)", "/sitemap.xml"],
        ["sitemap part (first)", f"/sitemap-posts.xml?p={first_part}"],
        ["/moderation/ (moderator, 500 reports)", "/moderation/"],
    ],
    "cookie": f"sessionid={session.session_key}",
    "last_comment_page": last_comment_page,
}))
"""


def time_pages(env, python, port, repeat):
    import json

    info = subprocess.run([python, "-c", SCALE_PAGES], cwd=ROOT, env=env, capture_output=True, text=True)
    if info.returncode:
        raise SystemExit(info.stderr)
    info = json.loads(info.stdout.split("JSON", 1)[1])
    server = app_server(env, port, 2)
    timings = {}
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        for name, path in info["pages"]:
            cookie = info["cookie"] if path.startswith("/moderation/") else ""
            url = f"http://127.0.0.1:{port}{path}"
            opener = urllib.request.build_opener(NoRedirect)
            request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
            cold_started = time.perf_counter()
            try:
                opener.open(request, timeout=120).read()
            except urllib.error.HTTPError as error:
                raise SystemExit(f"{name}: {url} answered {error.code}") from error
            cold = (time.perf_counter() - cold_started) * 1000
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                body = opener.open(request, timeout=120).read()
                samples.append((time.perf_counter() - started) * 1000)
            timings[name] = (cold, statistics.median(samples))
            if b"<urlset" in body:  # a sitemap part: also per 1,000 URLs, like with like
                urls = body.count(b"<url>")
                per = max(1, urls) / 1000
                timings[f"{name}, per 1,000 URLs"] = (cold / per, timings[name][1] / per, urls)
    finally:
        stop([server])
    return timings


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def ensure_generated(database_url, env, python, posts, comments):
    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", admin_url, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    if exists:
        sh(python, "manage.py", "migrate", "-v0", cwd=ROOT, env=env)
        has = subprocess.run(
            ["psql", database_url, "-tAc", "SELECT 1 FROM blog_post WHERE slug = 'scale-comments-5000'"],
            capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        if has:
            return "reused"
    prepare(database_url, env, python)
    started = time.monotonic()
    sh(python, "manage.py", "generate_content", "--posts", str(posts), "--comments", str(comments),
       "--reports", "500", cwd=ROOT, env=env)  # fmt: skip
    return f"generated in {time.monotonic() - started:.0f} s"


def scale(args, python):
    sets = {
        "small": (os.environ.get("BENCH_SMALL_DATABASE_URL", DEFAULT_SMALL_URL), 300, 6000),
        "scale": (os.environ.get("BENCH_SCALE_DATABASE_URL", DEFAULT_SCALE_URL), 100_000, 1_000_000),
    }
    results, notes = {}, {}
    load_before = load_average()
    for offset, (name, (database_url, posts, comments)) in enumerate(sets.items(), start=1):
        env = bench_env(database_url, redis_offset=offset)
        notes[name] = ensure_generated(database_url, env, python, posts, comments)
        sh(python, "manage.py", "collectstatic", "--noinput", "-v0", cwd=ROOT, env=env)
        results[name] = time_pages(env, python, BASE_PORT + 5, args.repeat)
    print(
        f"\nOne client, page cache off, median of {args.repeat} after one cold request (ms; cold: the first "
        "request after a new posts version, as after any post is saved); "
        f"small set: 300 posts / 6,000 comments ({notes['small']}); scale: 100,000 posts / "
        f"1,000,000 comments ({notes['scale']}); load average {load_before} before, {load_average()} after.\n"
    )
    print("| page | small: cold | small | scale: cold | scale | scale / small | within 1.5x |")
    print("|---|---|---|---|---|---|---|")
    for page, (small_cold, small, *small_urls) in results["small"].items():
        big_cold, big, *big_urls = results["scale"][page]
        ratio = big / small
        label = f"{page} ({small_urls[0]:,} / {big_urls[0]:,} URLs)" if small_urls else page
        print(
            f"| {label} | {small_cold:.0f} | {small:.0f} | {big_cold:.0f} | {big:.0f} | {ratio:.2f} | "
            f"{'yes' if ratio <= 1.5 else 'NO'} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per run")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds (ratios as min/median/max)")
    # One worker process per core, as deployed (deploy/appserver.py says why).
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("BENCH_WORKERS", os.cpu_count())),
        help="app server worker processes (default: one per core, as deployed)",
    )
    parser.add_argument("--scale", action="store_true", help="also time pages at 100k posts / 1M comments")
    parser.add_argument("--scale-only", action="store_true", help="only the scale mode")
    parser.add_argument("--repeat", type=int, default=5, help="scale mode: timed requests per page")
    parser.add_argument(
        "--wordpress",
        action=argparse.BooleanOptionalAction,
        help=f"measure WordPress ({WORDPRESS_URL}, set up by ../shared/bench/peers/) in the same rounds "
        "(default: when it answers)",
    )
    parser.add_argument(
        "--wordpress-seconds",
        type=int,
        default=30,
        help="wrk duration for WordPress at N >= 100 (default 30: about 1 page a second at N=500)",
    )
    args = parser.parse_args()

    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is missing: apt-get install -y nginx wrk")
    python = str(ROOT / ".venv" / "bin" / "python")
    if not args.scale_only:
        if not PEER_CONTENT.exists():
            raise SystemExit(f"peer content not found at {PEER_CONTENT} (set PEER_CONTENT)")
        wordpress, absent = find_wordpress() if args.wordpress is not False else (None, "--no-wordpress")
        if args.wordpress and not wordpress:
            raise SystemExit(
                f"WordPress cannot be measured: {absent}. Set it up, as root: "
                "cd ../shared/bench/peers && ./setup-wordpress.sh && ./setup-static.sh"
            )
        print(
            f"WordPress: {wordpress['version']}, theme {wordpress['theme']}, measured in the same rounds"
            if wordpress
            else f"WordPress not measured ({absent}): the README's figures are shown instead",
            file=sys.stderr,
        )
        small_set(args, python, wordpress)
    if args.scale or args.scale_only:
        scale(args, python)


if __name__ == "__main__":
    sys.exit(main())
