import pytest
from django.core.management import call_command

from accounts.models import User
from blog.models import Post, PostImage

pytestmark = pytest.mark.django_db


def test_demo_content_loads_once_and_is_idempotent(client):
    call_command("load_demo")
    counts = (Post.objects.count(), User.objects.count(), PostImage.objects.count())
    call_command("load_demo")
    assert (Post.objects.count(), User.objects.count(), PostImage.objects.count()) == counts
    assert Post.objects.published().count() >= 5
    assert Post.objects.filter(status=Post.Status.DRAFT).exists()
    html = client.get("/").content.decode()
    assert "핸드드립" in html
    post = Post.objects.get(title__startswith="집에서 핸드드립")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "youtube-nocookie.com/embed/" in page
    assert "<img" in page and "본문 사진" in page
