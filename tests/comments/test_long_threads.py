"""A post with 72 comments opens at the newest page and says which range is on screen,
with the pager above and below the list and 이전 댓글 보기 at the top (point 5 of issue 11)."""

import re

import pytest
from django.urls import reverse

from .conftest import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_thread(post, settings):
    settings.COMMENTS_PER_PAGE = 50
    return [make_comment(post, f"{n}번째 댓글", name=f"손님{n}") for n in range(1, 73)]


def heading(html):
    h2 = re.search(r'<h2 id="comments-heading"[^>]*>(.*?)</h2>', html, re.S)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", h2).split())


def test_the_newest_page_says_51_to_72_and_links_to_older_comments(client, post, long_thread):
    html = client.get(post.get_absolute_url()).content.decode()
    assert heading(html) == "댓글 72 · 표시: 51–72"
    assert html.count('<nav class="comment-pages"') == 2
    assert 'aria-label="댓글 페이지 (목록 위)"' in html and 'aria-label="댓글 페이지 (목록 아래)"' in html
    top = html.index('<nav class="comment-pages"')
    first_comment = html.index('<li class="comment')
    last_comment = html.rindex('<li class="comment')
    assert top < first_comment < last_comment < html.rindex('<nav class="comment-pages"')
    older = re.search(
        r'<p class="comments__older"><a class="comments__older-link" href="([^"]+)"[^>]*>이전 댓글 보기</a>',
        html,
    )
    assert older and older[1] == "?cpage=1#comments"
    assert html.index("이전 댓글 보기") < first_comment


def test_the_first_page_says_1_to_50_and_has_no_older_link(client, post, long_thread):
    html = client.get(post.get_absolute_url(), {"cpage": 1}).content.decode()
    assert heading(html) == "댓글 72 · 표시: 1–50"
    assert "이전 댓글 보기" not in html


def test_one_page_shows_no_range_and_no_pager(client, post):
    make_comment(post, "하나뿐")
    html = client.get(post.get_absolute_url()).content.decode()
    assert heading(html) == "댓글 1"
    assert 'class="comment-pages"' not in html


@pytest.mark.parametrize("number, page", [(3, 1), (50, 1), (51, 2), (72, 2)])
def test_permalinks_keep_resolving_to_the_right_page(client, post, long_thread, number, page):
    comment = long_thread[number - 1]
    response = client.get(reverse("comments:permalink", args=[comment.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?cpage={page}#comment-{comment.pk}")
    html = client.get(response["Location"].split("#")[0]).content.decode()
    assert f'id="comment-{comment.pk}"' in html
