"""Authors write in the admin: their own posts only, images validated, drafts previewable."""

import pytest
from django.urls import reverse

from blog.models import Post
from tests.factories import AuthorFactory, PostFactory, image_upload

from .conftest import post_form

pytestmark = pytest.mark.django_db


def _post_form(**overrides):
    """Every field of the add page filled in, one empty picture row."""
    every_field = {
        "title": "관리자에서 쓴 글",
        "slug": "",
        "body": "본문 **굵게**",
        "excerpt": "",
        "cover_alt": "",
        "category": "",
        "tags": "커피, 여행",
        "status": "published",
        "published_at": "2026-01-02T09:30",
        "comments_enabled": "on",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    return post_form(pictures=1) | every_field | overrides


def test_author_writes_and_publishes_a_post_with_an_image(client):
    author = AuthorFactory()
    client.force_login(author)
    data = _post_form(**{"images-0-alt": "테스트 사진", "images-0-image": image_upload()})
    response = client.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "errorlist" in line
    ]
    post = Post.objects.get(title="관리자에서 쓴 글")
    assert post.author == author
    assert post.slug == "관리자에서-쓴-글"
    assert "<strong>굵게</strong>" in post.body_html
    assert sorted(post.tags.names()) == ["여행", "커피"]
    assert post.images.get().alt == "테스트 사진"
    assert client.get("/").content.decode().count("관리자에서 쓴 글") >= 1


def test_author_cannot_see_or_change_another_authors_post(client):
    alice, bob = AuthorFactory(), AuthorFactory()
    bobs_post = PostFactory(author=bob, title="밥의 글")
    client.force_login(alice)
    listing = client.get(reverse("admin:blog_post_changelist")).content.decode()
    assert "밥의 글" not in listing
    change_url = reverse("admin:blog_post_change", args=[bobs_post.pk])
    assert client.get(change_url).status_code in (302, 403, 404)
    response = client.post(change_url, _post_form(title="가로챈 제목"))
    assert response.status_code in (302, 403, 404)
    bobs_post.refresh_from_db()
    assert bobs_post.title == "밥의 글"
    assert client.post(reverse("admin:blog_post_delete", args=[bobs_post.pk]), {"post": "yes"})
    assert Post.objects.filter(pk=bobs_post.pk).exists()


def test_author_cannot_credit_a_post_to_someone_else(client):
    alice, bob = AuthorFactory(), AuthorFactory()
    client.force_login(alice)
    client.post(reverse("admin:blog_post_add"), _post_form(author=str(bob.pk)))
    assert Post.objects.get(title="관리자에서 쓴 글").author == alice


def test_superuser_sees_every_post(client, admin_user):
    PostFactory(title="누군가의 글")
    client.force_login(admin_user)
    assert "누군가의 글" in client.get(reverse("admin:blog_post_changelist")).content.decode()


def test_bad_image_upload_gets_a_form_error_and_saves_nothing(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(AuthorFactory())
    fake = SimpleUploadedFile("a.jpg", b"not an image at all", content_type="image/jpeg")
    data = _post_form(**{"images-0-alt": "가짜", "images-0-image": fake})
    response = client.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == 200
    assert "올바른 이미지" in response.content.decode()
    assert not Post.objects.filter(title="관리자에서 쓴 글").exists()


def test_image_without_alt_text_is_refused(client):
    client.force_login(AuthorFactory())
    data = _post_form(**{"images-0-image": image_upload()})
    response = client.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == 200
    assert not Post.objects.filter(title="관리자에서 쓴 글").exists()


def test_cover_image_requires_alt_text(client):
    client.force_login(AuthorFactory())
    response = client.post(reverse("admin:blog_post_add"), _post_form(cover_image=image_upload()))
    assert response.status_code == 200
    assert "대표 이미지를 설명해 주세요" in response.content.decode()


def test_view_on_site_previews_a_draft_on_the_authors_own_host(client):
    """사이트에서 보기 is a relative link: it opens on the host the author is using, never
    on the Sites framework's example.com."""
    author = AuthorFactory()
    draft = PostFactory(author=author, status=Post.Status.DRAFT)
    client.force_login(author)
    change_page = client.get(reverse("admin:blog_post_change", args=[draft.pk])).content.decode()
    assert f'href="{draft.get_absolute_url()}" class="viewsitelink"' in change_page
    assert "example.com" not in change_page
    assert client.get(draft.get_absolute_url()).status_code == 200
