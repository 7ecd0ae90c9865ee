"""Test data. Every test builds what it needs through these factories."""

import importlib
import io

import factory
import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import User
from blog.models import Category, Post

GROUP_MIGRATIONS = {
    "Authors": ("blog.migrations.0002_authors_group", "create_authors_group"),
    "Moderators": ("comments.migrations.0002_moderators_group", "create_moderators_group"),
}


def group(name):
    """The group a data migration created. Transactional tests flush every table, data
    migrations' rows included, so re-run the same migration code when it is gone."""
    found = Group.objects.filter(name=name).first()
    if found is None:
        module, function = GROUP_MIGRATIONS[name]
        getattr(importlib.import_module(module), function)(apps, None)
        found = Group.objects.get(name=name)
    return found


def fixture_of(factory):
    """A fixture giving one new row made by `factory` (`member = fixture_of(UserFactory)` in a
    conftest): the people of a test are declared once each, not as a function apiece."""

    def make(db):
        return factory()

    return pytest.fixture(make)


PASSPHRASE = "a-long-passphrase-42"


def signup_form(username, nickname, **more):
    """The sign-up form (or the admin's one-screen add-user form) as a person fills it in:
    the same good passphrase twice, then `more` (email, role, ...)."""
    return {
        "username": username,
        "nickname": nickname,
        "password1": PASSPHRASE,
        "password2": PASSPHRASE,
        **more,
    }


def image_upload(name="photo.jpg", size=(800, 600), fmt="JPEG", exif=None, color=(200, 120, 80)):
    """An in-memory image upload, optionally with EXIF bytes."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    nickname = factory.Sequence(lambda n: f"회원{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AuthorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"author{n}")
    nickname = factory.Sequence(lambda n: f"작가{n}")
    is_staff = True

    @factory.post_generation
    def authors_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(group("Authors"))


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator{n}")
    nickname = factory.Sequence(lambda n: f"운영자{n}")

    @factory.post_generation
    def moderators_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(group("Moderators"))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"분류{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"테스트 글 {n}")
    author = factory.SubFactory(AuthorFactory)
    category = factory.SubFactory(CategoryFactory)
    body = "첫 문단입니다.\n\n두 번째 문단입니다."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)
