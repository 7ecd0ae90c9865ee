"""The writing desk's endpoints: image upload (permissions, bad files, limits), preview
from the published page's own rendering, autosave with a version check, revisions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from blog.models import EditorDraft, Post, PostImage, PostRevision
from blog.rendering import render_body
from tests.factories import AuthorFactory, PostFactory, UserFactory, image_upload

from .conftest import post_form

pytestmark = pytest.mark.django_db

UPLOAD = "admin:blog_post_upload"


def _png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 200, 30)).save(buffer, "PNG")
    return SimpleUploadedFile("붙여넣기.png", buffer.getvalue(), content_type="image/png")


# -- upload: permissions ---------------------------------------------------------------------
def test_anonymous_visitor_and_plain_member_cannot_upload(client):
    response = client.post(reverse(UPLOAD), {"image": _png()})
    assert response.status_code == 302 and "/admin/login/" in response.url
    client.force_login(UserFactory())
    response = client.post(reverse(UPLOAD), {"image": _png()})
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not PostImage.objects.exists()


def test_staff_without_post_permissions_cannot_upload(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.post(reverse(UPLOAD), {"image": _png()})
    assert response.status_code == 403
    assert "권한" in response.json()["error"]
    assert not PostImage.objects.exists()


def test_author_cannot_upload_into_another_authors_post(client):
    others = PostFactory()
    client.force_login(AuthorFactory())
    response = client.post(reverse(UPLOAD), {"image": _png(), "post": others.pk})
    assert response.status_code == 403
    assert not PostImage.objects.exists()
    response = client.post(reverse(UPLOAD), {"image": _png(), "post": "12abc"})
    assert response.status_code == 403


def test_author_uploads_for_a_new_post_and_the_post_claims_the_image(client):
    author = AuthorFactory()
    client.force_login(author)
    response = client.post(reverse(UPLOAD), {"image": image_upload(size=(2400, 1600))})
    assert response.status_code == 201
    data = response.json()
    assert data["url"].startswith("/media/posts/")
    assert (data["width"], data["height"]) == (1600, 1067)  # resized to BLOG_IMAGE_MAX_WIDTH
    image = PostImage.objects.get(pk=data["id"])
    assert image.post is None and image.uploaded_by == author
    assert sorted(image.variants) == ["480", "960"]

    form = post_form(
        title="사진 글",
        body=f"![바다]({data['url']})",
        status="published",
        published_at="",
        comments_enabled="on",
        **{"images-MIN_NUM_FORMS": "0", "images-MAX_NUM_FORMS": "1000"},
    )
    response = client.post(reverse("admin:blog_post_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(title="사진 글")
    image.refresh_from_db()
    assert image.post == post
    assert 'width="1600" height="1067"' in post.body_html
    assert "480w" in post.body_html and "960w" in post.body_html and "1600w" in post.body_html


def test_author_uploads_into_their_own_post(client):
    author = AuthorFactory()
    post = PostFactory(author=author)
    client.force_login(author)
    response = client.post(reverse(UPLOAD), {"image": _png(), "post": post.pk, "alt": "초록 사각형"})
    assert response.status_code == 201
    assert response.json()["markdown"].startswith("![초록 사각형](/media/posts/")
    assert PostImage.objects.get().post == post


def test_uploaded_photo_loses_its_gps_data(client):
    client.force_login(AuthorFactory())
    exif = Image.Exif()
    exif[0x8825] = {2: (37.0, 33.0, 59.0)}  # GPSInfo: latitude
    exif[0x010F] = "CameraMaker"
    response = client.post(reverse(UPLOAD), {"image": image_upload(exif=exif.tobytes())})
    assert response.status_code == 201
    stored = PostImage.objects.get()
    with stored.image.open("rb") as handle, Image.open(handle) as opened:
        assert not opened.getexif()


# -- upload: bad files and limits ---------------------------------------------------------------
def test_a_file_that_is_not_an_image_is_refused_in_korean(client):
    client.force_login(AuthorFactory())
    fake = SimpleUploadedFile("memo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(reverse(UPLOAD), {"image": fake})
    assert response.status_code == 400
    assert "올바른 이미지" in response.json()["error"]
    assert not PostImage.objects.exists()


def test_missing_file_is_a_clear_400(client):
    client.force_login(AuthorFactory())
    response = client.post(reverse(UPLOAD), {})
    assert response.status_code == 400
    assert response.json()["error"] == "올릴 이미지를 고르세요."


def test_too_large_a_file_is_refused(client, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(AuthorFactory())
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10), content_type="image/png")
    response = client.post(reverse(UPLOAD), {"image": big})
    assert response.status_code == 400
    assert "1MB" in response.json()["error"] and "너무" in response.json()["error"]
    assert not PostImage.objects.exists()


@pytest.fixture
def restore_pillow_limit():
    # core.images sets Pillow's process-wide limit from the setting on every call.
    limit = Image.MAX_IMAGE_PIXELS
    yield
    Image.MAX_IMAGE_PIXELS = limit


def test_too_many_pixels_is_refused(client, settings, restore_pillow_limit):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    client.force_login(AuthorFactory())
    response = client.post(reverse(UPLOAD), {"image": _png(size=(200, 200))})
    assert response.status_code == 400
    assert "픽셀" in response.json()["error"]
    assert not PostImage.objects.exists()


# -- preview ------------------------------------------------------------------------------------
def test_preview_is_the_published_pages_rendering(client):
    author = AuthorFactory()
    client.force_login(author)
    body = "## 제목\n\n**굵게** <script>alert(1)</script>\n\nhttps://youtu.be/dQw4w9WgXcQ"
    html = client.post(reverse("admin:blog_post_preview"), {"body": body}).json()["html"]
    assert "<h2>제목</h2>" in html and "<script>" not in html
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in html
    post = PostFactory(author=author, body=body)
    assert html == post.body_html == render_body(body)


def test_preview_needs_a_writer(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.post(reverse("admin:blog_post_preview"), {"body": "x"}).status_code == 403


def test_first_image_loads_at_once_the_others_lazily():
    html = render_body("![a](https://example.org/a.png)\n\n![b](https://example.org/b.png)")
    first, second = html.split("<img ")[1:]
    assert 'loading="lazy"' not in first
    assert 'loading="lazy"' in second


# -- autosave -------------------------------------------------------------------------------------
AUTOSAVE = "admin:blog_post_autosave"


def test_autosave_keeps_text_without_touching_the_post_and_detects_another_tab(client):
    author = AuthorFactory()
    post = PostFactory(author=author, title="발행된 글", body="원래 본문")
    client.force_login(author)
    first = client.post(
        reverse(AUTOSAVE), {"post": post.pk, "title": "발행된 글", "body": "고친 본문", "version": 0}
    )
    assert first.status_code == 200
    assert first.json()["version"] == 1 and first.json()["message"].startswith("저장됨 ")
    second = client.post(
        reverse(AUTOSAVE), {"post": post.pk, "title": "t", "body": "더 고친 본문", "version": 1}
    )
    assert second.json()["version"] == 2
    # A second tab that still believes version 1 is refused, not silently overwriting.
    stale = client.post(reverse(AUTOSAVE), {"post": post.pk, "title": "t", "body": "다른 탭", "version": 1})
    assert stale.status_code == 409
    assert "다른 탭" in stale.json()["error"]
    post.refresh_from_db()
    assert post.body == "원래 본문"
    assert EditorDraft.objects.get().body == "더 고친 본문"
    # The change page brings the autosaved text back (a closed tab, a crashed browser).
    page = client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    assert "더 고친 본문" in page and "자동 저장된 내용" in page


def test_autosave_of_a_new_post_comes_back_on_the_add_page_and_goes_after_saving(client):
    client.force_login(AuthorFactory())
    client.post(reverse(AUTOSAVE), {"title": "쓰던 글", "body": "쓰던 본문", "version": 0})
    page = client.get(reverse("admin:blog_post_add")).content.decode()
    assert "쓰던 본문" in page
    form = post_form(title="쓰던 글", body="쓰던 본문", status="draft", published_at="")
    assert client.post(reverse("admin:blog_post_add"), form).status_code == 302
    assert not EditorDraft.objects.exists()
    assert Post.objects.get().status == Post.Status.DRAFT


def test_autosave_refuses_another_authors_post(client):
    post = PostFactory()
    client.force_login(AuthorFactory())
    response = client.post(reverse(AUTOSAVE), {"post": post.pk, "title": "x", "body": "y", "version": 0})
    assert response.status_code == 403
    assert not EditorDraft.objects.exists()


def test_saving_over_another_tabs_save_is_refused(client):
    author = AuthorFactory()
    post = PostFactory(author=author, title="원래 제목")
    client.force_login(author)
    stale_version = post.updated_at.isoformat()
    post.title = "다른 탭에서 고친 제목"
    post.save()
    form = post_form(
        title="이 탭의 제목", body=post.body, status="published", published_at="", edit_version=stale_version
    )
    response = client.post(reverse("admin:blog_post_change", args=[post.pk]), form)
    assert response.status_code == 200
    assert "다른 탭이나 창에서 저장되었습니다" in response.content.decode()
    post.refresh_from_db()
    assert post.title == "다른 탭에서 고친 제목"


# -- publishing and scheduling -------------------------------------------------------------------
def test_schedule_needs_a_future_time_and_keeps_the_post_hidden(client):
    client.force_login(AuthorFactory())
    past = client.post(
        reverse("admin:blog_post_add"), post_form(status="scheduled", published_at="2020-01-01T09:00")
    )
    assert past.status_code == 200
    assert "지금보다 뒤의 발행 시각" in past.content.decode()
    later = timezone.localtime() + timezone.timedelta(days=2)
    response = client.post(
        reverse("admin:blog_post_add"),
        post_form(status="scheduled", published_at=later.strftime("%Y-%m-%dT%H:%M")),
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.is_scheduled and not post.is_published
    assert post.get_absolute_url() not in client.get("/").content.decode()


def test_publishing_links_to_the_live_post(client):
    client.force_login(AuthorFactory())
    response = client.post(
        reverse("admin:blog_post_add"), post_form(status="published", published_at=""), follow=True
    )
    post = Post.objects.get()
    assert post.is_published
    assert f'href="{post.get_absolute_url()}"' in response.content.decode()
    assert "글이 발행되었습니다" in response.content.decode()


# -- revisions --------------------------------------------------------------------------------------
def test_saving_a_published_post_keeps_the_previous_text_as_a_revision(client):
    author = AuthorFactory()
    post = PostFactory(author=author, title="첫 제목", body="첫 본문")
    client.force_login(author)
    change = reverse("admin:blog_post_change", args=[post.pk])
    form = post_form(title="둘째 제목", body="둘째 본문", status="published", published_at="")
    assert client.post(change, form).status_code == 302
    revision = PostRevision.objects.get()
    assert (revision.title, revision.body, revision.saved_by) == ("첫 제목", "첫 본문", author)
    # Compare, then restore: the current text becomes a revision itself.
    url = reverse("admin:blog_post_revision", args=[post.pk, revision.pk])
    page = client.get(url).content.decode()
    assert "첫 본문" in page and "둘째 본문" in page and "diff-removed" in page
    assert client.post(url).status_code == 302
    post.refresh_from_db()
    assert (post.title, post.body) == ("첫 제목", "첫 본문")
    assert PostRevision.objects.filter(post=post, body="둘째 본문").exists()


def test_drafts_and_unchanged_saves_make_no_revision(client):
    author = AuthorFactory()
    draft = PostFactory(author=author, status=Post.Status.DRAFT, body="초안")
    client.force_login(author)
    client.post(
        reverse("admin:blog_post_change", args=[draft.pk]), post_form(body="고친 초안", status="draft")
    )
    published = PostFactory(author=author, title="같은 글", body="같은 본문")
    client.post(
        reverse("admin:blog_post_change", args=[published.pk]),
        post_form(title="같은 글", body="같은 본문", status="published"),
    )
    assert not PostRevision.objects.exists()


def test_another_author_cannot_see_or_restore_a_revision(client):
    post = PostFactory(title="남의 글", body="남의 본문")
    revision = PostRevision.objects.create(post=post, title="옛 제목", body="옛 본문")
    client.force_login(AuthorFactory())
    url = reverse("admin:blog_post_revision", args=[post.pk, revision.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    post.refresh_from_db()
    assert post.body == "남의 본문"


def test_cover_is_picked_from_the_uploaded_images(client):
    author = AuthorFactory()
    client.force_login(author)
    uploaded = client.post(
        reverse(UPLOAD), {"image": image_upload(size=(1400, 900)), "alt": "표지 사진"}
    ).json()
    response = client.post(
        reverse("admin:blog_post_add"),
        post_form(title="표지 글", status="published", published_at="", cover_upload=str(uploaded["id"])),
    )
    assert response.status_code == 302
    post = Post.objects.get(title="표지 글")
    assert post.cover_image.name.startswith("covers/")
    assert (post.cover_width, post.cover_height) == (1400, 900)
    assert post.cover_alt == "표지 사진"
    # Someone else's upload is not on the list.
    other = AuthorFactory()
    client.force_login(other)
    response = client.post(
        reverse("admin:blog_post_add"),
        post_form(title="남의 표지", status="draft", cover_upload=str(uploaded["id"])),
    )
    assert response.status_code == 200
    assert not Post.objects.filter(title="남의 표지").exists()
