"""/search/: what a reader finds, in what order, and how odd queries are answered."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Tag
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("blog:search")


def result_titles(response):
    return [post.title for post in response.context["results"]]


def test_header_has_a_search_box_on_every_page(client, post):
    html = client.get(reverse("blog:index")).content.decode()
    form = re.search(
        r'<form class="search-form" action="([^"]+)" method="get" role="search" aria-label="사이트 검색">',
        html,
    )
    assert form and form[1] == SEARCH
    # The search page's own form is a second search landmark with a different name.
    page = client.get(SEARCH, {"q": "커피"}).content.decode()
    names = re.findall(r'role="search" aria-label="([^"]+)"', page)
    assert sorted(names) == ["글 검색", "사이트 검색"]
    assert 'name="q"' in html


def test_finds_a_korean_word_inside_an_inflected_word_in_the_body(client):
    PostFactory(title="주말 아침", body="오늘은 커피를 내렸습니다. 향이 좋았어요.")
    PostFactory(title="다른 글", body="차를 마셨습니다.")
    response = client.get(SEARCH, {"q": "커피"})
    assert response.status_code == 200
    assert result_titles(response) == ["주말 아침"]


def test_finds_by_title_tag_and_category(client):
    travel = CategoryFactory(name="여행")
    PostFactory(title="제주 올레길", body="바다", category=CategoryFactory(name="일상"))
    PostFactory(title="부산 이야기", body="바다", tags=["해운대"], category=CategoryFactory(name="기록"))
    PostFactory(title="강릉", body="바다", category=travel)
    assert result_titles(client.get(SEARCH, {"q": "올레"})) == ["제주 올레길"]
    assert result_titles(client.get(SEARCH, {"q": "해운대"})) == ["부산 이야기"]
    assert result_titles(client.get(SEARCH, {"q": "여행"})) == ["강릉"]


def test_latin_words_match_whatever_their_case(client):
    PostFactory(title="Django 배포 기록", body="gunicorn과 nginx")
    assert result_titles(client.get(SEARCH, {"q": "DJANGO"})) == ["Django 배포 기록"]
    assert result_titles(client.get(SEARCH, {"q": "Nginx"})) == ["Django 배포 기록"]


def test_every_word_of_the_query_must_match(client):
    PostFactory(title="커피와 책", body="주말")
    PostFactory(title="커피와 음악", body="주말")
    assert result_titles(client.get(SEARCH, {"q": "커피 책"})) == ["커피와 책"]


def test_drafts_and_scheduled_posts_are_never_found(client, author):
    PostFactory(title="공개된 비밀 글", body="내용")
    PostFactory(title="초안 비밀 글", status=Post.Status.DRAFT)
    PostFactory(title="예약 비밀 글", published_at=timezone.now() + timezone.timedelta(days=1))
    client.force_login(author)  # not even for staff: search lists public posts only
    assert result_titles(client.get(SEARCH, {"q": "비밀"})) == ["공개된 비밀 글"]


def test_title_matches_rank_above_body_matches(client):
    now = timezone.now()
    PostFactory(title="여행 준비물", body="가방", published_at=now - timezone.timedelta(days=30))
    PostFactory(title="어제 일기", body="다음 달 여행 이야기", published_at=now - timezone.timedelta(hours=2))
    assert result_titles(client.get(SEARCH, {"q": "여행"})) == ["여행 준비물", "어제 일기"]


def test_snippet_highlights_the_match_and_escapes_html(client):
    PostFactory(
        title="코드 이야기",
        body="앞부분 " * 40
        + "여기서 `<script>alert(1)</script>` 대신 **검색어**를 찾습니다."
        + " 뒷부분" * 40,
    )
    html = client.get(SEARCH, {"q": "검색어"}).content.decode()
    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', html, re.S)[1]
    assert "<mark>검색어</mark>" in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "<script>alert" not in html
    assert snippet.startswith("… ") and snippet.endswith(" …")


def test_the_query_itself_is_escaped(client):
    PostFactory(title="글", body="<b>")
    html = client.get(SEARCH, {"q": '"><img src=x onerror=alert(1)>'}).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_title_is_highlighted(client):
    PostFactory(title="한글 검색 테스트")
    html = client.get(SEARCH, {"q": "검색"}).content.decode()
    assert "한글 <mark>검색</mark> 테스트" in html


@pytest.mark.parametrize(
    "q, message",
    [
        ("", "Type a word to search the posts."),
        ("   ", "Type a word to search the posts."),
        ("a", "Type at least 2 characters to search."),
    ],
)
def test_empty_and_too_short_queries_get_a_message_not_an_error(client, post, q, message):
    translation_off = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client.cookies["django_language"] = "en"
    response = client.get(SEARCH, {"q": q}, **translation_off)
    assert response.status_code == 200
    assert list(response.context["results"]) == []
    assert message in response.content.decode()


def test_one_hangul_syllable_is_a_word_worth_searching(client):
    PostFactory(title="책 읽는 밤", body="조용한 밤")
    assert result_titles(client.get(SEARCH, {"q": "책"})) == ["책 읽는 밤"]


def test_a_2000_character_query_is_shortened_and_answered(client, post):
    client.cookies["django_language"] = "en"
    response = client.get(SEARCH, {"q": "가" * 2000})
    assert response.status_code == 200
    assert response.context["search_query"].text == "가" * 100
    assert "shortened to its first 100 characters" in response.content.decode()


def test_control_characters_and_repeated_q_do_not_break_the_page(client, post):
    assert client.get(SEARCH, {"q": "커피\x00라떼"}).status_code == 200
    assert client.get(SEARCH + "?q=a&q=%00%00").status_code == 200
    assert client.get(SEARCH, {"q": "100%_쿠폰"}).status_code == 200


def test_like_wildcards_in_the_query_are_literal(client):
    PostFactory(title="할인 쿠폰", body="아무 내용")
    assert result_titles(client.get(SEARCH, {"q": "%%"})) == []
    assert result_titles(client.get(SEARCH, {"q": "__"})) == []


def test_results_are_paginated_and_links_keep_the_query(client, settings):
    for n in range(12):
        PostFactory(title=f"산책 {n}", body="동네")
    response = client.get(SEARCH, {"q": "산책"})
    assert len(response.context["results"]) == 10
    html = response.content.decode()
    assert "?q=%EC%82%B0%EC%B1%85&amp;page=2" in html
    second = client.get(SEARCH, {"q": "산책", "page": 2})
    assert len(second.context["results"]) == 2
    assert client.get(SEARCH, {"q": "산책", "page": 99}).status_code == 200
    assert client.get(SEARCH, {"q": "산책", "page": "abc"}).status_code == 200


def test_search_text_follows_tag_and_category_changes(client):
    post = PostFactory(title="사진 정리", body="내용")
    post.tags.add("필름카메라")
    assert result_titles(client.get(SEARCH, {"q": "필름"})) == ["사진 정리"]
    post.tags.remove("필름카메라")
    assert result_titles(client.get(SEARCH, {"q": "필름"})) == []

    category = post.category
    category.name = "취미생활"
    category.save()
    assert result_titles(client.get(SEARCH, {"q": "취미"})) == ["사진 정리"]

    post.tags.add("라이카")
    tag = Tag.objects.get(name="라이카")
    tag.name = "라이카M6"
    tag.save()
    assert result_titles(client.get(SEARCH, {"q": "m6"})) == ["사진 정리"]
    category.delete()
    assert result_titles(client.get(SEARCH, {"q": "취미"})) == []


def test_results_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(10):
        PostFactory(title=f"바다 {n}", tags=["해변", f"태그{n}"])
    with django_assert_max_num_queries(8):
        response = client.get(SEARCH, {"q": "바다"})
    assert len(response.context["results"]) == 10


@pytest.mark.postgres
def test_postgres_has_a_trigram_index_that_the_search_can_use():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'blog_post_search_trgm'")
        (definition,) = cursor.fetchone()
        assert "gin_trgm_ops" in definition
        cursor.execute("SELECT show_trgm('커피를')")
        assert cursor.fetchone()[0], "pg_trgm extracts no trigrams from Hangul (LC_CTYPE=C?)"


@pytest.mark.postgres
def test_postgres_can_answer_the_search_filter_from_the_trigram_index(db):
    """The lookup search_posts() filters with (search_text LIKE '%term%') is one the GIN
    index serves. (On a table this small the planner prefers other indexes for the whole
    query; with thousands of posts the trigram index is the selective one.)"""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    PostFactory(title="핸드드립", body="커피를 내립니다")
    with transaction.atomic(), connection.cursor() as cursor:
        # Leave the planner only bitmap scans: only an index on search_text can serve one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Post.objects.filter(search_text__contains="커피를").order_by().explain()
    assert "blog_post_search_trgm" in plan
