"""Two app servers (two granian processes with the production settings) over one PostgreSQL
database, one Redis and one media store (moto's S3 server): whatever a reader does through A is
seen through B at once, with every cache the app has switched on; the posting rate limit
counts requests to both; an image uploaded through A is served to B's readers."""

import io
import re

import pytest
import requests
from PIL import Image

from .conftest import APP_A, APP_B, BUCKET, S3_PORT, Browser, comment_form, shell

pytestmark = [pytest.mark.servers]
A, B = f"http://127.0.0.1:{APP_A}", f"http://127.0.0.1:{APP_B}"


def page(base, url, browser=None):
    response = (browser or Browser("10.9.9.9")).get(base, url)
    assert response.status_code == 200, response.text[:500]
    return response.text


def comment_id(text, html):
    """The id of the comment whose body contains `text` on this page."""
    for match in re.finditer(r'id="comment-(\d+)"', html):
        end = html.find('id="comment-', match.end())
        if text in html[match.end() : end if end != -1 else None]:
            return int(match.group(1))
    raise AssertionError(f"no comment with {text!r}")


def post_guest_comment(base, browser, url, text, **fields):
    form = comment_form(page(base, url, browser), comment=text, **fields)
    return browser.post(base, "/comments/post/", form)


def test_writes_through_a_are_seen_through_b_at_once(app_servers, content):
    url = content["post_url"]
    page(B, url)  # B has rendered and cached the page before the writes
    assert Browser("10.9.9.9").get(B, url).headers["X-Page-Cache"] == "hit"  # B answers from Redis
    guest = Browser("10.9.0.1")

    # A guest comment posted through A is on the page through B at once.
    assert post_guest_comment(A, guest, url, "A에서 쓴 댓글").status_code == 302
    html = page(B, url)
    assert "A에서 쓴 댓글" in html
    first = comment_id("A에서 쓴 댓글", html)

    # An edit through A (the guest's password, then the new text).
    # The password page is where a browser lands (and where its form gets its CSRF token:
    # pages with a form for one comment are never the public, token-free kind).
    password_page = guest.get(A, f"/comments/{first}/edit/").headers["Location"]
    assert guest.get(A, password_page).status_code == 200
    response = guest.post(A, f"/comments/{first}/password/", {"password": "손님비밀번호1", "action": "edit"})
    assert response.status_code == 302
    assert guest.post(A, f"/comments/{first}/edit/", {"comment": "A에서 고친 댓글"}).status_code == 302
    html = page(B, url)
    assert "A에서 고친 댓글" in html and "A에서 쓴 댓글" not in html

    # A delete through A.
    assert post_guest_comment(A, guest, url, "지울 댓글").status_code == 302
    doomed = comment_id("지울 댓글", page(B, url))
    assert guest.get(A, f"/comments/{doomed}/password/?action=delete").status_code == 200
    response = guest.post(
        A, f"/comments/{doomed}/password/", {"password": "손님비밀번호1", "action": "delete"}
    )
    assert response.status_code == 302
    assert "지울 댓글" not in page(B, url)

    # A report-hide: three readers from three addresses report through A.
    assert post_guest_comment(A, Browser("10.9.0.2"), url, "신고될 댓글").status_code == 302
    reported = comment_id("신고될 댓글", page(B, url))
    for n in range(3):
        reader = Browser(f"10.9.1.{n}")
        reader.get(A, f"/comments/{reported}/report/")  # the report form, with its token
        response = reader.post(A, f"/comments/{reported}/report/", {"reason": "spam", "detail": ""})
        assert response.status_code in {200, 302}, response.text[:500]
    assert "신고될 댓글" not in page(B, url)

    # A moderator's removal through A.
    assert post_guest_comment(A, Browser("10.9.0.3"), url, "운영자가 지울 댓글").status_code == 302
    removed = comment_id("운영자가 지울 댓글", page(B, url))
    moderator = Browser("10.9.0.4")
    moderator.login(A, "moder")
    moderator.get(A, "/moderation/")
    response = moderator.post(
        A, "/moderation/", {"action": "remove", "ids": [removed], "reason": "규칙 위반"}
    )
    assert response.status_code == 302
    assert "운영자가 지울 댓글" not in page(B, url)
    assert "A에서 고친 댓글" in page(B, url)  # the rest is still there
    assert Browser("10.9.9.9").get(B, url).headers["X-Page-Cache"] == "hit"  # cached again, fresh


def test_the_posting_rate_limit_counts_both_servers(app_servers, content):
    url = content["post_url"]
    writer = Browser("10.9.5.5")  # one reader's address, whichever server answers
    statuses = [
        post_guest_comment(server, writer, url, f"빠른 댓글 {n}").status_code
        for n, server in enumerate([A, B, A, B, A, B, A])
    ]
    # COMMENTS_POSTS_PER_MINUTE is 5: five comments in all, then 429 from either server.
    assert statuses == [302] * 5 + [429, 429]
    assert Browser("10.9.5.6").get(B, url).status_code == 200  # another reader is not limited


def test_an_image_uploaded_through_a_is_served_through_b(app_servers, content, s3_server):
    member = Browser("10.9.7.1")
    member.login(A, "reader1")
    member.get(A, "/accounts/profile/")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 40, 40)).save(buffer, "PNG")
    response = member.request(
        "POST",
        A,
        "/accounts/profile/",
        data={
            "csrfmiddlewaretoken": member.cookies["csrftoken"],
            "nickname": "읽는사람",
            "bio": "",
            "homepage": "",
            "email": "reader1@example.com",
        },
        files={"avatar": ("얼굴.png", buffer.getvalue(), "image/png")},
    )
    assert response.status_code == 302, response.text[:1000]

    # Through B (the same session: sessions are shared), the page links to the media store.
    profile = member.get(B, "/accounts/profile/")
    html = profile.text
    assert f"http://127.0.0.1:{S3_PORT}" in profile.headers["Content-Security-Policy"]  # browsers may load it
    (src,) = re.findall(r'class="avatar avatar--large" src="([^"]+)"', html)
    assert src.startswith(f"http://127.0.0.1:{S3_PORT}/{BUCKET}/avatars/"), src
    image = requests.get(src, timeout=10)
    assert image.status_code == 200
    with Image.open(io.BytesIO(image.content)) as served:
        assert served.size[0] > 0
    key = src.split(f"/{BUCKET}/", 1)[1]
    assert s3_server.head_object(Bucket=BUCKET, Key=requests.utils.unquote(key))["ContentLength"] > 0


def test_post_images_are_resized_into_the_media_store(app_servers, app_env, content, s3_server):
    """A post image as the admin saves it (Pillow resizes it to BLOG_IMAGE_MAX_WIDTH): the resized
    copy is what lands in the bucket, and the Markdown an author pastes points there."""
    out = shell(
        app_env,
        "import io\n"
        "from PIL import Image\n"
        "from django.core.files.uploadedfile import SimpleUploadedFile\n"
        "from blog.models import Post, PostImage\n"
        "buffer = io.BytesIO(); Image.new('RGB', (2400, 1200), (10, 200, 90)).save(buffer, 'JPEG')\n"
        "post = Post.objects.get(title='서버 두 대의 글')\n"
        "upload = SimpleUploadedFile('big.jpg', buffer.getvalue())\n"
        "image = PostImage(post=post, alt='큰 사진', image=upload)\n"
        "image.save()\n"
        "print(image.image.name, image.width, image.markdown)",
    )
    name, width, markdown = out.splitlines()[-1].split(" ", 2)
    assert int(width) == 1600
    stored = s3_server.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    with Image.open(io.BytesIO(stored)) as resized:
        assert resized.size == (1600, 800)
    url = re.search(r"\((http[^)]+)\)", markdown).group(1)
    assert url.startswith(f"http://127.0.0.1:{S3_PORT}/{BUCKET}/posts/")
    assert requests.get(url, timeout=10).content == stored
    # Django does not serve /media/ in production: the store does.
    assert Browser().get(B, "/media/" + name).status_code == 404
