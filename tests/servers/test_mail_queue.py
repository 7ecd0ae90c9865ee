"""The mail queue with real processes: the app servers write the mail into the queue, a
`manage.py db_worker` process sends it to aiosmtpd. A hung SMTP server never slows a comment
POST; mail queued while the SMTP server is down survives a worker restart and is delivered once
when both are back."""

import re
import time

import pytest

from .conftest import APP_A, APP_B, SMTP_PORT, Browser, comment_form, hung_smtp_server, sql, wait_for, worker

pytestmark = [pytest.mark.servers]
A, B = f"http://127.0.0.1:{APP_A}", f"http://127.0.0.1:{APP_B}"


def post_comment(base, url, text, address):
    browser = Browser(address)
    form = comment_form(browser.get(base, url).text, comment=text)
    started = time.monotonic()
    response = browser.post(base, "/comments/post/", form)
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.text[:500]
    return elapsed


def second_attempts(env):
    return sql(
        env["DATABASE_URL"],
        "SELECT count(*) FROM django_tasks_database_dbtaskresult"
        " WHERE args_kwargs->'args'->>1 = '1' AND args_kwargs::text LIKE %s",
        "%재시작 메일%",
    )


def delivered(mailbox, marker):
    """How many delivered messages carry each numbered marker."""
    counts = {}
    for message in mailbox.messages:
        for number in re.findall(rf"{marker} (\d+)", message):
            counts[int(number)] = counts.get(int(number), 0) + 1
    return counts


def test_a_hung_smtp_server_does_not_slow_a_comment_post(app_servers, app_env, content, mailbox, workdir):
    url = content["post_url"]
    mailbox.start()
    usual = max(post_comment(A, url, f"보통 댓글 {n}", f"10.8.0.{n}") for n in range(3))
    mailbox.stop()
    with hung_smtp_server(port=SMTP_PORT) as connections, worker(app_env, workdir, "worker-hung"):
        timings = [post_comment(B, url, f"멈춘 메일 {n}", f"10.8.1.{n}") for n in range(3)]
        wait_for(lambda: connections, 20, "the worker to reach the hung SMTP server")
        # The worker waits on the hung server (EMAIL_TIMEOUT); the readers did not.
        assert max(timings) < max(1.0, 3 * usual), (timings, usual)
        assert post_comment(A, url, "멈춘 메일 3", "10.8.1.3") < max(1.0, 3 * usual)
    # When the SMTP server answers again, the mail that waited is sent.
    mailbox.start()
    with worker(app_env, workdir, "worker-after-hang"):
        wait_for(lambda: len(delivered(mailbox, "멈춘 메일")) == 4, 60, "the delayed mail")
    assert set(delivered(mailbox, "멈춘 메일").values()) == {1}


def test_twenty_mails_survive_a_worker_restart_while_smtp_is_down(
    app_servers, app_env, content, mailbox, workdir
):
    url = content["post_url"]
    # The SMTP server is down (nothing listens on its port); a worker is running.
    with worker(app_env, workdir, "worker-1"):
        for n in range(20):
            post_comment(A if n % 2 else B, url, f"재시작 메일 {n}", f"10.7.0.{n}")
        # Every mail has been tried once and failed: each has its second attempt queued.
        wait_for(lambda: second_attempts(app_env) == 20, 120, "a first failed attempt of each mail")
    # The worker is stopped (SIGTERM, as systemd restarts it); the mail waits in the database.
    assert delivered(mailbox, "재시작 메일") == {}
    mailbox.start()
    with worker(app_env, workdir, "worker-2"):
        wait_for(lambda: len(delivered(mailbox, "재시작 메일")) == 20, 90, "all 20 mails")
        time.sleep(2)  # a duplicate would arrive now
    counts = delivered(mailbox, "재시작 메일")
    assert sorted(counts) == list(range(20)) and set(counts.values()) == {1}, counts
    # Each went to the post's author.
    assert all("writer@example.kr" in m for m in mailbox.messages if "재시작 메일" in m)
