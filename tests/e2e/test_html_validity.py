"""The W3C Nu HTML checker (vnu.jar from the npm registry's `vnu-jar`, pinned in
package.json; `make e2e` installs it with `npm ci`) reports no error on the pages a reader
sees (point 10 of issue 11): dates in <time datetime> to the second, well-formed sign-up
markup, aria-describedby pointing at ids that exist."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from blog.models import Post
from tests.comments.conftest import guest_data
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


def check(files):
    """vnu's errors for these files, as "file:line: message" strings."""
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `npm ci --ignore-scripts` (make e2e does)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("no Java runtime: apt-get install -y default-jre-headless")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']} "
        f"[{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") == "error"
    ]


# Like every test here: a transactional database, restored for the next one (e2e/conftest).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_html_checker_finds_no_error_on_the_readers_pages(tmp_path, reader_pages):
    pages = {**reader_pages, "404": "/no-such-page/"}
    post = Post.objects.get(title="가을 경주 당일치기 여행")
    client = Client()
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), (name, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    # The sign-up form sent with mistakes: errors and help texts together.
    response = client.post("/accounts/signup/", {"username": "", "password1": "1", "password2": "2"})
    (tmp_path / "signup-errors.html").write_bytes(response.content)
    files.append(tmp_path / "signup-errors.html")
    # The comment form sent with mistakes (a reserved nickname, no password).
    response = client.post("/comments/post/", guest_data(post, name="관리자", password=""))
    assert response.status_code == 400
    (tmp_path / "comment-errors.html").write_bytes(response.content)
    files.append(tmp_path / "comment-errors.html")
    # A member's view of the post: the comment form without guest fields, the header's menu.
    member = Client()
    member.force_login(UserFactory(nickname="민수"))
    (tmp_path / "post-member.html").write_bytes(member.get(post.get_absolute_url()).content)
    files.append(tmp_path / "post-member.html")

    errors = check(files)
    assert errors == [], "\n".join(errors)
