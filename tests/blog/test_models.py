import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from blog.models import Post, PostImage
from tests.factories import CategoryFactory, PostFactory, image_upload

pytestmark = pytest.mark.django_db


def test_korean_title_gives_readable_unique_unicode_slug(author):
    first = PostFactory(title="제주 올레길 7코스", author=author)
    second = PostFactory(title="제주 올레길 7코스", author=author)
    assert first.slug == "제주-올레길-7코스"
    assert second.slug == "제주-올레길-7코스-2"


def test_markdown_is_rendered_once_into_stored_html(author):
    post = PostFactory(body="**굵게** 쓴 글", author=author)
    stored = Post.objects.get(pk=post.pk).body_html
    assert "<strong>굵게</strong>" in stored


def test_excerpt_defaults_to_plain_text_of_body(author):
    post = PostFactory(body="# 제목\n\n본문의 **첫** 문장입니다.", excerpt="", author=author)
    assert "본문의 첫 문장입니다." in post.excerpt
    assert "<" not in post.excerpt


def test_published_excludes_drafts_and_scheduled_posts(author):
    visible = PostFactory(author=author)
    PostFactory(author=author, status=Post.Status.DRAFT)
    PostFactory(author=author, published_at=timezone.now() + timezone.timedelta(days=1))
    assert list(Post.objects.published()) == [visible]


class TestRelatedPosts:
    def test_same_category_first_then_shared_tags_newest_first(self, author):
        travel, daily = CategoryFactory(name="여행"), CategoryFactory(name="일상")
        now = timezone.now()
        post = PostFactory(category=travel, tags=["제주", "바다"], author=author)
        old_same_category = PostFactory(
            category=travel, published_at=now - timezone.timedelta(days=9), author=author
        )
        new_same_category = PostFactory(
            category=travel, published_at=now - timezone.timedelta(days=2), author=author
        )
        two_tags = PostFactory(category=daily, tags=["제주", "바다"], author=author)
        one_tag = PostFactory(category=daily, tags=["바다"], author=author)
        PostFactory(category=daily, tags=["산"], author=author)  # unrelated
        related = [row["slug"] for row in post.related_posts()]
        assert related == [p.slug for p in (new_same_category, old_same_category, two_tags, one_tag)]

    def test_never_itself_never_a_draft_and_at_most_five(self, author):
        travel = CategoryFactory(name="여행")
        post = PostFactory(category=travel, author=author)
        PostFactory(category=travel, status=Post.Status.DRAFT, author=author)
        PostFactory(category=travel, author=author, published_at=timezone.now() + timezone.timedelta(days=3))
        others = [PostFactory(category=travel, author=author) for _ in range(7)]
        related = [row["slug"] for row in post.related_posts()]
        assert len(related) == 5
        assert post.slug not in related
        assert all(slug in {other.slug for other in others} for slug in related)


class TestImages:
    def _exif_with_gps(self):
        image = Image.new("RGB", (1, 1))
        exif = image.getexif()
        exif[0x010F] = "CameraMaker"  # Make
        exif[0x8825] = {2: (37.0, 33.0, 0.0)}  # GPSInfo
        return exif.tobytes()

    def test_oversized_image_is_resized_and_exif_removed(self, post, settings):
        upload = image_upload(size=(3000, 1500), exif=self._exif_with_gps())
        with Image.open(io.BytesIO(upload.read())) as original:
            assert original.getexif()  # the upload really carries EXIF
        upload.seek(0)
        picture = PostImage(post=post, alt="바다 사진", image=upload)
        picture.full_clean()
        picture.save()
        with Image.open(picture.image.path) as stored:
            assert stored.width == settings.BLOG_IMAGE_MAX_WIDTH
            assert stored.height == 800
            assert not stored.getexif()
            assert "exif" not in stored.info
        assert (picture.width, picture.height) == (1600, 800)

    def test_alt_text_is_required(self, post):
        picture = PostImage(post=post, alt="", image=image_upload())
        with pytest.raises(ValidationError) as error:
            picture.full_clean()
        assert "alt" in error.value.message_dict

    def test_non_image_is_refused_with_a_clear_message(self, post):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
        picture = PostImage(post=post, alt="가짜", image=fake)
        with pytest.raises(ValidationError) as error:
            picture.full_clean()
        assert "image" in error.value.message_dict

    def test_decompression_bomb_is_refused(self, post, settings):
        settings.IMAGE_MAX_PIXELS = 1000 * 1000
        bomb = image_upload(size=(2000, 2000), fmt="PNG", name="bomb.png")
        picture = PostImage(post=post, alt="폭탄", image=bomb)
        with pytest.raises(ValidationError) as error:
            picture.full_clean()
        assert "image" in error.value.message_dict
