"""One table of Korean queries, the same posts on SQLite and on PostgreSQL (point 6 of
issue 11): particles, spacing variants and a typo. CI runs this file on both databases
(`make test` and `DATABASE_URL=postgres://… make test`)."""

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, PostFactory

SEARCH = reverse("blog:search")

POSTS = {
    "경주": (
        "가을 경주 당일치기 여행",
        "경주에 다녀왔습니다. 불국사를 천천히 걸었고 첨성대는 밤에 보았습니다.",
    ),
    "제주": (
        "제주 올레길 7코스",
        "제주도의 바다와 오름을 따라 걸었습니다. 서귀포로 돌아오는 길이 좋았습니다.",
    ),
    "서울": ("서울 동네 책방", "서울에서 작은 책방을 찾았습니다. 주인과 이야기를 나누고 책도 샀습니다."),
    "커피": ("집에서 핸드드립 커피", "원두를 갈아 커피를 내렸습니다. 향이 좋은 아침이었습니다."),
}

TABLE = [
    # particles: 에서/에/을/를/은/는/이/가/의/으로/로/와/과/도
    ("경주에서", {"경주"}),
    ("경주에", {"경주"}),
    ("불국사를", {"경주"}),
    ("책방을", {"서울"}),
    ("첨성대는", {"경주"}),
    ("오름은", {"제주"}),
    ("원두가", {"커피"}),
    ("바다가", {"제주"}),
    ("향이", {"커피"}),
    ("제주의", {"제주"}),
    ("서귀포로", {"제주"}),
    ("서울으로", {"서울"}),
    ("바다와", {"제주"}),
    ("주인과", {"서울"}),
    ("커피도", {"커피"}),
    ("서울에서 책방", {"서울"}),
    # the word itself, and words no post has
    ("경주", {"경주"}),
    ("부산에서", set()),
    ("나이", set()),  # not 나 + 이
    # spacing
    ("당일 치기", {"경주"}),
    ("당일치기여행", {"경주"}),
    ("핸드 드립", {"커피"}),
    ("올레 길", {"제주"}),
    # a typo (one letter off): 블국사 → 불국사
    ("블국사", {"경주"}),
    ("블국사를", {"경주"}),
]


@pytest.fixture
def korean_posts(db):
    travel = CategoryFactory(name="여행")
    return {
        key: PostFactory(title=title, body=body, category=travel).title
        for key, (title, body) in POSTS.items()
    }


@pytest.mark.parametrize("query, expected", TABLE)
def test_korean_query_finds_the_same_posts_on_every_database(client, korean_posts, query, expected):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    found = {post.title for post in response.context["results"]}
    assert found == {korean_posts[key] for key in expected}, query


def test_the_page_says_when_a_typo_was_corrected_and_highlights_the_stem(client, korean_posts):
    html = client.get(SEARCH, {"q": "블국사를"}).content.decode()
    assert "맞춤법을 고쳐 찾았습니다: “불국사를”" in html
    assert "<mark>불국사를</mark>" in html
    html = client.get(SEARCH, {"q": "경주에서"}).content.decode()
    assert "<mark>경주</mark>" in html
    assert "맞춤법을 고쳐" not in html


def test_typos_are_corrected_from_the_newest_posts_words(client, korean_posts, monkeypatch):
    """Reading every post's words for each query that finds nothing took 1.4 s at 100,000
    posts (any visitor can send one): the words come from the newest posts only."""
    from blog import search

    PostFactory(title="새 글", body="단풍이 곱게 물든 설악산에 올랐습니다.")
    monkeypatch.setattr(search, "TYPO_VOCABULARY_POSTS", 1)
    newest_word = client.get(SEARCH, {"q": "설앜산"}).content.decode()
    assert "맞춤법을 고쳐 찾았습니다: “설악산”" in newest_word
    older_word = client.get(SEARCH, {"q": "블국사"}).content.decode()
    assert "맞춤법을 고쳐" not in older_word


def test_a_query_that_finds_posts_costs_one_query_more_than_none(
    client, korean_posts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get(SEARCH, {"q": "경주에서"})


@pytest.mark.postgres
def test_postgresql_can_answer_the_korean_match_from_the_trigram_index(korean_posts):
    from django.db import connection

    from blog.models import Post
    from blog.search import SearchQuery, _filtered

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    matches = _filtered(Post.objects.order_by(), SearchQuery("경주에서")).values("pk")
    sql, params = matches.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "blog_post_search_squashed_trgm" in plan, plan
