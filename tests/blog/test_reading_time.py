"""Reading time: Korean counted by characters (500 a minute), other text by words (200)."""

import pytest
from django.urls import reverse
from django.utils.translation import ngettext, override

from blog.reading import reading_minutes
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("", 1),
        ("짧은 글", 1),
        ("가" * 1000, 2),  # 1,000 characters: 2 minutes
        ("가" * 1240, 2),  # 2.48 rounds down
        ("가" * 1250, 3),  # 2.5 rounds up
        ("word " * 1000, 5),  # 1,000 English words: 5 minutes
        ("한국어 문장입니다 " * 200, 3),  # 1,400 syllables in only 400 "words"
        ("가" * 500 + " word" * 200, 2),  # mixed: 1 + 1
    ],
)
def test_reading_minutes(text, minutes):
    assert reading_minutes(text) == minutes


def test_korean_is_counted_by_characters_not_words():
    # The same 3,000 syllables read as 6 minutes whether written in 300 eojeol or 1,500:
    # counting words would make the first text look 5 times shorter.
    long_words = " ".join(["가나다라마바사아자차"] * 300)
    short_words = " ".join(["가나"] * 1500)
    assert reading_minutes(long_words) == reading_minutes(short_words) == 6


def test_saving_a_post_stores_its_reading_time_from_the_text_not_the_markup(author):
    body = "## 제목\n\n" + "가" * 1500 + '\n\n<a href="https://example.com/' + "x" * 3000 + '">링크</a>'
    post = PostFactory(author=author, body=body)
    assert post.reading_minutes == 3
    post.body = "한 줄"
    post.save()
    post.refresh_from_db()
    assert post.reading_minutes == 1


def test_reading_time_is_shown_on_the_post_in_lists_and_in_search(client, author):
    post = PostFactory(author=author, title="긴 글", body="가나다라 " * 500)  # 2,000 syllables
    client.cookies["django_language"] = "en"
    for url in [
        post.get_absolute_url(),
        "/",
        post.category.get_absolute_url(),
        reverse("blog:search") + "?q=긴",
    ]:
        html = client.get(url).content.decode()
        assert '<span class="reading-time">4 min read</span>' in html, url


def test_korean_readers_see_n분_읽기(client, author):
    with override("ko"):
        translated = ngettext("%(minutes)s min read", "%(minutes)s min read", 4)
    if translated == "%(minutes)s min read" or "%(minutes)s" not in translated:
        pytest.skip("Korean catalogue has no usable entry for '%(minutes)s min read' yet")
    post = PostFactory(author=author, body="가나다라 " * 500)
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<span class="reading-time">4분 읽기</span>' in html
