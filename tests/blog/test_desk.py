"""The admin index is the author's desk; 글쓰기 opens a new post; Korean group names; one
tag list; adding an author in one step."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag as TaggitTag

from accounts.models import User
from blog import visits
from blog.models import Post, VisitCount
from comments.models import ThreadedComment
from tests.factories import AuthorFactory, PostFactory, group, signup_form

pytestmark = pytest.mark.django_db


def _comment(post, text, **extra):
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site

    return ThreadedComment.objects.create(
        content_type=ContentType.objects.get_for_model(Post),
        object_pk=str(post.pk),
        site=Site.objects.get_current(),
        user_name="독자",
        comment=text,
        **extra,
    )


def test_write_link_opens_a_new_post(client):
    client.force_login(AuthorFactory())
    page = client.get("/").content.decode()
    assert f'href="{reverse("admin:blog_post_add")}">글쓰기' in page


def test_desk_shows_the_authors_drafts_schedule_comments_moderation_likes_and_visits(client):
    author = AuthorFactory()
    PostFactory(author=author, title="쓰는 중인 글", status=Post.Status.DRAFT)
    PostFactory(author=author, title="내일 올릴 글", published_at=timezone.now() + timezone.timedelta(days=1))
    live = PostFactory(author=author, title="올린 글", like_count=4)
    PostFactory(title="남의 초안", status=Post.Status.DRAFT)
    _comment(live, "잘 읽었습니다")
    _comment(live, "검토를 기다리는 댓글", is_public=False)
    VisitCount.objects.create(day=visits.today(), post=None, count=0)
    VisitCount.objects.create(day=visits.today() - timezone.timedelta(days=1), post=live, count=6)
    client.force_login(author)
    page = client.get(reverse("admin:index")).content.decode()
    assert "글쓰기 책상" in page and reverse("admin:blog_post_add") in page
    assert "쓰는 중인 글" in page and "내일 올릴 글" in page and "남의 초안" not in page
    assert "잘 읽었습니다" in page and "검토를 기다리는 댓글" not in page
    assert "검토 대기" in page
    assert "내 글의 공감" in page
    assert "<td>6</td>" in page  # yesterday's visitors of 올린 글


def test_the_desk_is_light_on_queries(client, django_assert_max_num_queries):
    author = AuthorFactory()
    for number in range(8):
        PostFactory(author=author, title=f"글 {number}")
    client.force_login(author)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("admin:index")).status_code == 200


def test_groups_read_in_korean_and_there_is_one_tag_list(client, admin_user):
    assert str(group("Authors")) == "글쓴이"
    assert str(group("Moderators")) == "관리자"
    assert not admin.site.is_registered(TaggitTag)
    client.force_login(admin_user)
    page = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "글쓴이" in page and "관리자" in page


def test_superuser_adds_an_author_on_one_screen(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        signup_form("newwriter", "새 글쓴이", email="new@example.kr", role="author"),
    )
    assert response.status_code == 302
    user = User.objects.get(username="newwriter")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Authors"]
    assert user.has_perm("blog.add_post")


def test_add_author_command(capsys):
    group("Authors")
    call_command("add_author", "haneul2", "--nickname", "하늘")
    user = User.objects.get(username="haneul2")
    assert user.is_staff and user.groups.filter(name="Authors").exists()
    assert user.nickname == "하늘" and user.has_usable_password()
    assert "Password:" in capsys.readouterr().out
    assert Group.objects.filter(name="Authors").count() == 1


def test_the_site_record_follows_site_url_so_nothing_says_example_com(settings):
    from django.apps import apps
    from django.contrib.sites.models import Site

    from core.apps import sync_site

    settings.SITE_URL = "https://blog.example.kr"
    sync_site(sender=apps.get_app_config("sites"))
    assert Site.objects.get_current().domain == "blog.example.kr"
    assert Site.objects.get_current().name == settings.SITE_NAME
