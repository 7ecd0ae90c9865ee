"""Backups: `manage.py backup` of the live PostgreSQL database and the S3 media, the database
dropped and an upload deleted, `manage.py restore`, and the post page with its comments is
byte-identical through the same running app server (only the per-request form tokens differ,
and they are masked before comparing), the upload back with the same bytes."""

import re
import subprocess

import pytest

from .conftest import APP_A, BUCKET, Browser, comment_form, manage, sql

pytestmark = [pytest.mark.servers]
A = f"http://127.0.0.1:{APP_A}"
# Per request, not per database: the CSRF token (masked anew on each response) and the
# comment form's timestamp and its signature.
VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|timestamp|security_hash)" value=")[^"]*(")')


def stable(html):
    return VOLATILE.sub(r"\1…\2", html)


def test_backup_drop_restore_gives_the_same_post_page(app_servers, app_env, content, s3_server, workdir):
    url = content["post_url"]
    for n, text in enumerate(["백업 전 댓글 하나", "백업 전 댓글 둘"]):
        browser = Browser(f"10.6.0.{n}")
        form = comment_form(browser.get(A, url).text, comment=text, name=f"백업손님{n}")
        assert browser.post(A, "/comments/post/", form).status_code == 302
    s3_server.put_object(Bucket=BUCKET, Key="posts/2026/11/backup.jpg", Body=b"\xff\xd8 jpeg bytes")
    before = Browser("10.6.1.1").get(A, url)
    assert before.status_code == 200 and "백업 전 댓글 둘" in before.text

    target = workdir / "backup-1"
    manage(app_env, "backup", str(target))
    assert (target / "database.dump").stat().st_size > 0 and (target / "media.tar.gz").exists()

    # Disaster: the database is dropped, an upload is lost.
    database = app_env["DATABASE_URL"].rsplit("/", 1)[1]
    admin_url = app_env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    subprocess.run(
        ["psql", admin_url, "-c", f'DROP DATABASE "{database}" WITH (FORCE)'], check=True, capture_output=True
    )
    s3_server.delete_object(Bucket=BUCKET, Key="posts/2026/11/backup.jpg")
    # The database is gone (anonymous pages may still come whole from Redis: a warm one costs no
    # query), as the health check tells.
    down = Browser("10.6.1.1").get(A, "/healthz")
    assert down.status_code == 503 and "database" in down.json()["down"]

    manage(app_env, "restore", "--yes", str(target))
    after = Browser("10.6.1.1").get(A, url)
    assert after.status_code == 200
    assert stable(after.text) == stable(before.text)
    assert after.content != b"" and len(after.content) == len(before.content)
    restored = s3_server.get_object(Bucket=BUCKET, Key="posts/2026/11/backup.jpg")["Body"].read()
    assert restored == b"\xff\xd8 jpeg bytes"
    assert sql(app_env["DATABASE_URL"], "SELECT count(*) FROM comments_threadedcomment") >= 2
