"""`/healthz`: can this app server answer readers? For load balancers, monitors and deploys.

It asks the three things every page depends on — the database, the shared cache (Redis) and
the task queue — and answers 200 with a small JSON body when all three answer, 503 naming what
is down otherwise. The answer comes within HEALTHZ_TIMEOUT (under 1 s) even when a dependency
hangs: each check runs in a small per-process thread pool and a check still hanging from an
earlier probe counts as down at once, so probes never pile threads up. The view writes nothing
to the database (a SELECT 1 and a read of the task table), is never cached, and is left out of
rate limits and visit counts: it is a probe, not a reader, so no counter may ever see it.
"""

import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)


def check_database():
    close_old_connections()  # a connection the database dropped is replaced, not reused
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_cache():
    # A round trip through the cache, raising on errors: core.cache's `strict` face where
    # the cache degrades to "no cache" (a degraded answer would still compare unequal).
    # The key is per process and thread, and expires by itself.
    strict = getattr(cache, "strict", cache)
    key, value = f"healthz:{uuid.getnode()}:{threading.get_ident()}", uuid.uuid4().hex
    strict.set(key, value, 30)
    return strict.get(key) == value


def check_tasks():
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends["default"], DatabaseBackend):
        return True  # an immediate backend (development) has nothing to reach

    close_old_connections()
    DBTaskResult.objects.filter(status="READY").order_by().values("id")[:1].exists()
    return True


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks}
_pool = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="healthz")
_running = {name: threading.Lock() for name in CHECKS}


def _run(name):
    try:
        return CHECKS[name]()
    except Exception:
        log.warning("healthz: %s is down", name, exc_info=True)
        return False
    finally:
        _running[name].release()


def run_checks(timeout=None):
    """{name: "ok" | "down" | "timeout"}, within `timeout` seconds in all."""
    timeout = settings.HEALTHZ_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    futures, results = {}, {}
    for name in CHECKS:
        if _running[name].acquire(blocking=False):
            futures[name] = _pool.submit(_run, name)
        else:
            results[name] = "timeout"  # the previous probe of it still hangs
    for name, future in futures.items():
        try:
            ok = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            results[name] = "timeout"
        else:
            results[name] = "ok" if ok else "down"
    return {name: results[name] for name in CHECKS}


@never_cache
def healthz(request):
    """200 {"status": "ok", ...} or 503 {"status": "down", "down": [...]}. Not counted as a
    visit, not rate-limited, no database write (see the module docstring)."""
    checks = run_checks()
    down = [name for name, state in checks.items() if state != "ok"]
    body = {"status": "down" if down else "ok", "checks": checks}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
