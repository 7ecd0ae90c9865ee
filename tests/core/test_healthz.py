"""/healthz: 200 with a small JSON body when the database, the cache and the task queue answer;
503 naming what is down otherwise; within 1 s even when a dependency hangs (a real TCP server
that accepts and never answers); never cached; no database write. The same against a real
Redis that is stopped and started again is in tests/servers/test_production.py."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from tests.hung import hung_tcp_server

pytestmark = pytest.mark.django_db(transaction=True)
HUNG_PORT = 8178


@pytest.fixture(autouse=True, scope="module")
def _close_the_check_threads_connections():
    """The checks run in core.health's pool, whose threads keep their database connections
    (as an app server's threads do): close them after these tests, or PostgreSQL refuses to
    drop the test database at the end of the run. One task per thread: each waits at the
    barrier until all have arrived, so no thread takes two."""
    yield
    from core import health

    threads = len(health.CHECKS)  # the pool has one thread per check
    barrier = threading.Barrier(threads)

    def close():
        connections.close_all()
        barrier.wait(timeout=5)

    for future in [health._pool.submit(close) for _ in range(threads)]:
        future.result(timeout=10)


@pytest.fixture
def hung_server():
    """Accepts connections and never answers (a hung Redis)."""
    with hung_tcp_server(HUNG_PORT):
        yield f"127.0.0.1:{HUNG_PORT}"
    time.sleep(0.2)  # the hung check sees the connection close and frees its thread


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "tasks": "ok"}}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_no_database_write_and_no_cookie(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")
    # The checks run on their own threads (own connections); this thread writes nothing.
    assert not [q for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert client.get("/healthz").cookies == {}


def test_a_hung_cache_is_down_within_one_second(client, settings, hung_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{hung_server}/0",
        }
    }
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 1.0
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down" and body["down"] == ["cache"]
    assert body["checks"] == {"database": "ok", "cache": "timeout", "tasks": "ok"}
    # A second probe while the first check still hangs answers at once, without a new thread.
    started = time.monotonic()
    assert client.get("/healthz").status_code == 503
    assert time.monotonic() - started < 1.0


def test_a_refused_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:8179/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["down"] == ["cache"]


def test_probes_are_never_rate_limited(client, settings):
    # Far more probes from one address than any limit allows a reader (load balancers probe
    # every few seconds from one address).
    assert {client.get("/healthz").status_code for _ in range(40)} == {200}
