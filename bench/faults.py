"""`make faults`: the blog under load while its database and cache fail, measured.

The app server as deployed (deploy/appserver.py) with config.settings.production, a PostgreSQL
cluster and a redis-server of this script's own (bench/services.py; never the shared ones),
loopback only, bounded in time.
16 writers (members, each behind its own X-Forwarded-For address, TRUSTED_PROXY_COUNT=1)
post comments and replies to two posts, paced to spread FAULTS_COMMENTS (1,000) over the run,
while 8 readers (4 anonymous, 4 logged in) read. On a fixed timeline the script restarts
PostgreSQL, stops it for 10 s, stops Redis for 10 s, then freezes it (SIGSTOP) for 10 s.

Printed (and written with --write to bench/faults.md): requests by phase and status,
p50/p99/max latency, comments acknowledged (302 to the new comment) against stored
(exactly once each, tree consistent), the time to recover after PostgreSQL returns, and
whether the Redis-backed limits count again in Redis once it is back.

Ports (env): FAULTS_APP_PORT 8130, FAULTS_PG_PORT 5441, FAULTS_REDIS_PORT 6391.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import services

ROOT = services.ROOT
HOST = "blog.example.kr"
PASSWORD = "faults-pass-word-2026"
WRITERS, READERS = 16, 8
# The fault timeline, seconds from the start of the load.
TIMELINE = [
    (0, "normal"),
    (15, "pg restart"),
    (25, "after pg restart"),
    (35, "pg down 10 s"),
    (45, "after pg down"),
    (60, "redis down 10 s"),
    (70, "after redis down"),
    (80, "redis frozen 10 s"),
    (90, "after redis frozen"),
]
DURATION = 105

SETUP = r"""
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from blog.models import Post
User = get_user_model()
password = make_password(PASSWORD)
author = User.objects.create(username="faults-author", nickname="필자", password=password, is_staff=True)
posts = [
    Post.objects.create(
        title=f"장애 시험 글 {n}", slug=f"faults-{n}", body="본문", author=author, status="published"
    )
    for n in (1, 2)
]
for n in range(WRITERS + READERS):
    User.objects.create(
        username=f"faults-{n}", nickname=f"시험{n}", password=password, email=f"f{n}@example.com"
    )
print(json.dumps([p.get_absolute_url() for p in posts]))
"""

CHECK = r"""
from collections import Counter
from comments.models import ThreadedComment
rows = list(ThreadedComment.norel_objects.filter(comment__startswith="FAULTS ").values(
    "pk", "comment", "parent_id", "thread_id", "level", "object_pk"))
by_pk = {r["pk"]: r for r in rows}
texts = Counter(r["comment"] for r in rows)
bad_tree = 0
for r in rows:
    if r["parent_id"] == r["pk"]:
        ok = r["level"] == 0 and r["thread_id"] == r["pk"]
    else:
        parent = by_pk.get(r["parent_id"]) or ThreadedComment.norel_objects.filter(pk=r["parent_id"]).values(
            "pk", "level", "thread_id", "object_pk").first()
        ok = bool(parent) and r["level"] == parent["level"] + 1 and r["thread_id"] == parent["thread_id"] \
            and r["object_pk"] == parent["object_pk"]
    bad_tree += not ok
print(json.dumps({"ids": sorted(by_pk), "texts": dict(texts), "bad_tree": bad_tree}))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Client:
    """One reader: its own cookies (kept by hand: production cookies are Secure and this is
    plain http on loopback behind a pretend https proxy) and its own forwarded address."""

    def __init__(self, base, address, log):
        self.base, self.address, self.log = base, address, log
        self.cookies = {}

    def request(self, method, path, data=None, kind="read", timeout=15):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        started = time.monotonic()
        status, location, text = 0, "", ""
        try:
            with OPENER.open(
                urllib.request.Request(self.base + path, body, headers, method=method), timeout=timeout
            ) as r:
                status, text = r.status, r.read().decode("utf-8", "replace")
                self._keep(r.headers)
        except urllib.error.HTTPError as error:
            status, location = error.code, error.headers.get("Location", "")
            text = error.read().decode("utf-8", "replace")
            self._keep(error.headers)
        except Exception as error:  # timeouts, refused connections: recorded as status 0
            text = repr(error)
        elapsed = time.monotonic() - started
        self.log.append((started, kind, status, elapsed))
        return status, location, text

    def _keep(self, headers):
        for cookie in headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def csrf(self):
        return self.cookies.get("csrftoken", "")


def hidden_fields(html):
    form = html[html.find('id="comment-form"') :]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    for name in re.findall(r'<input type="hidden" name="([^"]+)"(?: id="[^"]*")?>', form):
        fields.setdefault(name, "")
    return fields


def log_in(client, n):
    # Generous timeouts: 24 password hashes at once on a busy 2-core machine take a while.
    client.request("GET", "/accounts/login/", kind="login", timeout=120)
    status, _, text = client.request(
        "POST",
        "/accounts/login/",
        {"username": f"faults-{n}", "password": PASSWORD, "csrfmiddlewaretoken": client.csrf()},
        kind="login",
        timeout=120,
    )
    if status != 302:
        print(f"login of faults-{n}: {status} {text[:200]!r}", file=sys.stderr)
    return status == 302


class Run:
    def __init__(self, base, post_urls, comments):
        self.base, self.post_urls, self.comments = base, post_urls, comments
        self.log = []  # (start, kind, status, seconds), appended from every thread
        self.acked = []  # comment ids answered with a redirect to them
        self.acked_texts = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.go = threading.Event()  # set once every client logged in and fetched its forms
        self.ready = threading.Semaphore(0)
        self.start = None
        self.failures = []
        self.refused = Counter()  # final answers to comments never acknowledged
        self.retries = 0

    def writer(self, n):
        client = Client(self.base, f"198.18.{n}.{n + 10}", self.log)
        forms = {}
        try:
            if not log_in(client, n):
                self.failures.append(f"writer {n} could not log in")
                return
            for url in self.post_urls:
                for _attempt in range(3):
                    _, _, html = client.request("GET", url, kind="login", timeout=120)
                    forms[url] = hidden_fields(html)
                    if forms[url].get("security_hash"):
                        break
                else:
                    self.failures.append(f"writer {n} got no comment form on {url}")
                    return
        finally:
            self.ready.release()
        self.go.wait()
        per_writer = self.comments // WRITERS + (n < self.comments % WRITERS)
        interval = (DURATION - 5) / per_writer
        rng = random.Random(n)
        for i in range(per_writer):
            if self.stop.is_set():  # the hard stop: DURATION + 90 s
                return
            url = self.post_urls[i % 2]
            with self.lock:
                # Replies only where the thread may grow (COMMENTS_XTD_MAX_THREAD_LEVEL = 3).
                parents = [pk for pk, u, level in self.acked if u == url and level < 3]
            parent = rng.choice(parents) if parents and rng.random() < 0.5 else 0
            text = f"FAULTS {n}-{i} 댓글"
            data = {
                **forms[url],
                "comment": text,
                "reply_to": str(parent),
                "csrfmiddlewaretoken": client.csrf(),
            }
            # A reader whose comment got no answer or a 503 presses the button again every two
            # seconds for up to 20 s: the double-click check must keep it stored once.
            give_up = time.monotonic() + 20
            while True:
                status, location, answer = client.request("POST", "/comments/post/", data, kind="write")
                if status not in (0, 502, 503, 504) or time.monotonic() > give_up:
                    break
                self.retries += 1
                time.sleep(2)
            match = re.search(r"#comment-(\d+)$", location)
            if status == 302 and match:
                with self.lock:
                    level = next((lv + 1 for pk, _u, lv in self.acked if pk == parent), 0)
                    self.acked.append((int(match[1]), url, level))
                    self.acked_texts.add(text)
            elif status != 302:
                self.refused[status] += 1
                if os.environ.get("FAULTS_DEBUG"):
                    errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', answer)
                    print(
                        "refused",
                        status,
                        parent,
                        errors[:3] or re.sub(r"\s+", " ", answer[answer.find("<main") :])[:600],
                        file=sys.stderr,
                    )
            time.sleep(max(0.0, self.start + (i + 1) * interval - time.monotonic()))

    def reader(self, n):
        client = Client(self.base, f"198.19.{n}.{n + 10}", self.log)
        try:
            if n % 2 and not log_in(client, WRITERS + n):
                self.failures.append(f"reader {n} could not log in")
                return
        finally:
            self.ready.release()
        self.go.wait()
        pages = [*self.post_urls, "/", "/guestbook/"]
        while not self.stop.is_set():
            client.request("GET", random.choice(pages))
            time.sleep(0.2)


def phase_of(offset):
    name = TIMELINE[0][1]
    for start, label in TIMELINE:
        if offset >= start:
            name = label
    return name


def percentile(values, q):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=int(os.environ.get("FAULTS_COMMENTS", "1000")))
    parser.add_argument("--write", action="store_true", help="write the results to bench/faults.md")
    parser.add_argument("--scale", type=float, default=1.0, help="stretch the timeline (0.3: a quick try)")
    args = parser.parse_args()
    global DURATION, TIMELINE
    DURATION = DURATION * args.scale
    TIMELINE = [(start * args.scale, label) for start, label in TIMELINE]
    problem = services.available()
    if problem:
        sys.exit(problem)
    app_port = int(os.environ.get("FAULTS_APP_PORT", "8130"))
    pg = services.OwnPostgres(int(os.environ.get("FAULTS_PG_PORT", "5441")))
    redis = services.OwnRedis(int(os.environ.get("FAULTS_REDIS_PORT", "6391")))
    events = {}
    with pg, redis:
        env = services.production_env(
            pg.url,
            redis.url,
            TRUSTED_PROXY_COUNT="1",
            COMMENTS_POSTS_PER_MINUTE="1000",
            LOG_LEVEL="WARNING",
            STATIC_ROOT=str(pg.dir / "static"),  # removed with the cluster's folder
        )
        print("setting up: migrate, collectstatic, two posts and", WRITERS + READERS, "members", flush=True)
        services.manage(env, "migrate", "--noinput")
        services.manage(env, "collectstatic", "--noinput")
        setup = SETUP.replace("PASSWORD", repr(PASSWORD)).replace("WRITERS + READERS", str(WRITERS + READERS))
        post_urls = shell_json(env, setup)
        log_path = Path(os.environ.get("FAULTS_LOG", "/tmp/faults-app-server.log"))
        with log_path.open("w") as log, services.AppServer(env, app_port, workers=3, log=log) as app:
            run = Run(app.url, post_urls, args.comments)
            threads = [threading.Thread(target=run.writer, args=(n,)) for n in range(WRITERS)]
            threads += [threading.Thread(target=run.reader, args=(n,)) for n in range(READERS)]
            for thread in threads:
                thread.start()
            for _ in threads:  # logins and forms first, outside the measured timeline
                run.ready.acquire(timeout=300)
            if run.failures:
                sys.exit("; ".join(run.failures))
            time.sleep(3.5)  # comment forms must be COMMENTS_MIN_FORM_SECONDS old
            run.log.clear()
            run.start = time.monotonic()
            run.go.set()

            def at(offset):
                time.sleep(max(0.0, run.start + offset - time.monotonic()))
                return time.monotonic() - run.start

            t = {label: start for start, label in TIMELINE}
            print("load running; faults at", [round(s) for s, _ in TIMELINE[1:]], "s", flush=True)
            # (phase that starts, event noted before, what is done, event noted after)
            steps = [
                ("pg restart", "pg restart", pg.restart, "pg restarted"),
                ("pg down 10 s", "pg stop", pg.stop, None),
                ("after pg down", None, pg.start, "pg back"),
                ("redis down 10 s", "redis stop", redis.stop, None),
                ("after redis down", None, redis.start, "redis back"),
                ("redis frozen 10 s", "redis freeze", redis.freeze, None),
                ("after redis frozen", None, redis.thaw, "redis thawed"),
            ]
            for label, before, action, after in steps:
                started = at(t[label])
                if before:
                    events[before] = started
                action()
                if after:
                    events[after] = time.monotonic() - run.start
            at(DURATION)
            readers_done = time.monotonic()
            for thread in threads[:WRITERS]:  # writers finish their comments (at most 90 s more)
                thread.join(max(0.0, readers_done + 90 - time.monotonic()))
            events["writers done"] = time.monotonic() - run.start
            run.stop.set()
            for thread in threads:
                thread.join(30)
            limits_back = check_limits_back(app.url, post_urls, redis)
        stored = shell_json(env, CHECK)
        server_log = log_path.read_text(errors="replace")
    report = summarise(run, events, stored, limits_back, server_log)
    print(report)
    if args.write:
        (ROOT / "bench" / "faults.md").write_text(report)
        print("written to bench/faults.md")


def shell_json(env, code):
    """Run `code` in manage.py shell (production settings); its last printed line is JSON."""
    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", "import json\n" + code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def check_limits_back(base, post_urls, redis):
    """After the outages: wrong guest passwords are counted in Redis again (the shared
    counter, not the per-process fallback), and the sixth try is refused."""
    client = Client(base, "198.20.0.1", [])
    _, _, html = client.request("GET", post_urls[0])
    fields = hidden_fields(html)
    time.sleep(3.5)
    data = {
        **fields,
        "comment": "LIMITS guest 댓글",
        "reply_to": "0",
        "name": "손님",
        "password": "guest-pass-1",
        "csrfmiddlewaretoken": client.csrf(),
    }
    _status, location, _ = client.request("POST", "/comments/post/", data, kind="write")
    comment_id = re.search(r"#comment-(\d+)$", location)[1]
    path = f"/comments/{comment_id}/password/"
    client.request("GET", path)
    statuses = [
        client.request(
            "POST", path, {"password": "wrong", "action": "edit", "csrfmiddlewaretoken": client.csrf()}
        )[0]
        for _ in range(6)
    ]
    keys = subprocess.run(
        ["redis-cli", "-p", str(redis.port), "--scan", "--pattern", "*throttle:comment-password:*"],
        capture_output=True,
        text=True,
    ).stdout.split()
    return {"statuses": statuses, "redis_keys": len(keys)}


def summarise(run, events, stored, limits_back, server_log):
    by_phase = defaultdict(list)
    for started, kind, status, seconds in run.log:  # a request counts where it ended
        by_phase[phase_of(started + seconds - run.start)].append((kind, status, seconds))
    normal = [s for k, st, s in by_phase["normal"] if st and st < 500]
    lines = [
        "# Faults under load (`make faults`)",
        "",
        f"One run, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on the project's 2-core machine "
        f"(load average {'/'.join(f'{v:.1f}' for v in os.getloadavg())} at the end). "
        "The app server as deployed (granian, `deploy/appserver.py`, 3 workers) with "
        "`config.settings.production`, an own PostgreSQL 15 cluster and an own redis-server, loopback only; "
        f"{WRITERS} writers (members) post comments and replies to two posts, paced over the run, while "
        f"{READERS} readers (4 anonymous, 4 logged in) read post pages, the front page and the guestbook.",
        "",
        "Timeline: " + ", ".join(f"{t:.0f} s {label}" for t, label in TIMELINE) + f"; readers stop at "
        f"{DURATION:.0f} s, writers when their {run.comments} comments are sent "
        f"({events['writers done']:.0f} s). A request counts in the phase in which it ended.",
        "",
        "| phase | requests | by status | p50 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for _start, label in TIMELINE:
        rows = by_phase.get(label, [])
        if not rows:
            continue
        statuses = Counter(st for _k, st, _s in rows)
        seconds = [s for _k, _st, s in rows]
        shown = ", ".join(f"{st or 'no answer'}: {n}" for st, n in sorted(statuses.items()))
        lines.append(
            f"| {label} | {len(rows)} | {shown} | {percentile(seconds, 0.5) * 1000:.0f} | "
            f"{percentile(seconds, 0.99) * 1000:.0f} | {max(seconds) * 1000:.0f} |"
        )
    lines += [
        "",
        "Latency by kind of request, where Redis matters (ms; writes are comment posts):",
        "",
        "| phase | reads p50 | reads max | writes p50 | writes max |",
        "|---|---|---|---|---|",
    ]
    for label in ("normal", "redis down 10 s", "redis frozen 10 s", "after redis frozen"):
        rows = by_phase.get(label, [])
        reads = [s for kind, _st, s in rows if kind == "read"]
        writes = [s for kind, _st, s in rows if kind == "write"]
        lines.append(
            f"| {label} | {percentile(reads, 0.5) * 1000:.0f} | {max(reads, default=0) * 1000:.0f} | "
            f"{percentile(writes, 0.5) * 1000:.0f} | {max(writes, default=0) * 1000:.0f} |"
        )
    acked_ids = {pk for pk, _url, _level in run.acked}
    stored_ids = set(stored["ids"])
    duplicates = sum(n - 1 for n in stored["texts"].values() if n > 1)
    lost = len(acked_ids - stored_ids)
    unacked = len(stored_ids - acked_ids)
    statuses_all = Counter(st for _s, _k, st, _e in run.log)
    # Recovery: from PostgreSQL accepting connections again to the first answered write.
    after_pg = sorted(
        started - run.start
        for started, kind, status, _s in run.log
        if started - run.start >= events["pg back"] and status and status < 500
    )
    recovery = (after_pg[0] - events["pg back"]) if after_pg else float("nan")
    outage_windows = [
        (events["pg restart"], events["pg restarted"]),
        (events["pg stop"], events["pg back"]),
    ]

    def overlaps_outage(started, seconds):
        begin, end = started - run.start, started + seconds - run.start
        return any(begin <= b + 0.5 and end >= a for a, b in outage_windows)

    stray_503 = sum(
        1
        for started, _kind, status, seconds in run.log
        if status == 503 and not overlaps_outage(started, seconds)
    )
    frozen = [s for _k, _st, s in by_phase.get("redis frozen 10 s", [])]
    lines += [
        "",
        f"All requests: {sum(statuses_all.values())}; by status: "
        + ", ".join(f"{st or 'no answer'}: {n}" for st, n in sorted(statuses_all.items()))
        + f"; 500s: **{statuses_all.get(500, 0)}**.",
        "",
        "| comments | count |",
        "|---|---|",
        f"| acknowledged (302 to the new comment) | {len(acked_ids)} |",
        f"| stored | {len(stored_ids)} |",
        f"| acknowledged but not stored | {lost} |",
        f"| stored more than once (same text) | {duplicates} |",
        f"| stored but not acknowledged (answer lost or refused after commit) | {unacked} |",
        f"| retries after no answer or 503 (same text, every 2 s, up to 20 s) | {run.retries} |",
        "| given up (final answer: count) | "
        + (", ".join(f"{st or 'no answer'}: {n}" for st, n in sorted(run.refused.items())) or "0")
        + " |",
        f"| replies whose level/thread/object disagree with their parent | {stored['bad_tree']} |",
        "",
        f"- PostgreSQL restart took {events['pg restarted'] - events['pg restart']:.1f} s; stopped at "
        f"{events['pg stop']:.0f} s, back at {events['pg back']:.1f} s; first successful answer "
        f"{recovery:.2f} s after it was back, without restarting the app.",
        f"- Redis stopped at {events['redis stop']:.0f} s and started empty at {events['redis back']:.1f} s; "
        f"frozen (SIGSTOP) at {events['redis freeze']:.0f} s, thawed at {events['redis thawed']:.1f} s. "
        f"Slowest request while frozen: {max(frozen, default=0) * 1000:.0f} ms, against a normal p99 of "
        f"{percentile(normal, 0.99) * 1000:.0f} ms (bound: normal + 1,000 ms).",
        f"- 503s by requests that did not overlap the PostgreSQL restart or outage: {stray_503}.",
        f"- Limits back after the outages: six wrong guest passwords answered {limits_back['statuses']} "
        f"(the sixth refused), counted in Redis again ({limits_back['redis_keys']} shared counter key).",
        f"- Tracebacks in the app server's log: {server_log.count('Traceback')}; "
        f"one-line outage entries: {server_log.count('[OperationalError')}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
