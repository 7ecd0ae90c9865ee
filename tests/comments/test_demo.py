import pytest
from django.core.management import call_command

from comments.models import Guestbook, ThreadedComment
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_demo_comments_are_created_once_and_shown(client):
    post = PostFactory()
    call_command("load_demo_comments", stdout=None)
    count = ThreadedComment.objects.count()
    call_command("load_demo_comments")
    assert ThreadedComment.objects.count() == count > 0
    on_post = ThreadedComment.objects.filter(object_pk=str(post.pk), content_type__model="post")
    assert on_post.filter(is_secret=True).exists()
    assert on_post.filter(user__isnull=True).exists() and on_post.filter(level__gt=0).exists()
    assert ThreadedComment.objects.filter(
        content_type__model="guestbook", object_pk=str(Guestbook.get().pk)
    ).exists()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "비밀댓글입니다" in html and "글 잘 읽었습니다" in html
