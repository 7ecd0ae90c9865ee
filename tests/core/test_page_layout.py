"""Pages of their own (templates/_page.html): the name a page gives once is both the
window's title and its heading; search engines are asked not to index them; a member's
pages have no sidebar, a comment's pages keep it and lead back to the comment."""

import re

import pytest
from django.urls import reverse

from tests.comments.conftest import make_comment

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex">'


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1].strip()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1].strip()
    return html, title, heading, response.context["site_name"]


def test_login_page_is_named_once_for_title_and_heading_not_indexed_without_sidebar(client):
    html, title, heading, site = page(client, reverse("accounts:login"))
    assert (title, heading) == (f"로그인 · {site}", "로그인")
    assert NOINDEX in html
    assert 'class="sidebar"' not in html


def test_comment_password_page_keeps_its_title_and_says_the_action_in_its_heading(client, post):
    comment = make_comment(post, "손님 글")
    url = client.get(reverse("comments:delete", args=[comment.pk]))["Location"]
    html, title, heading, site = page(client, url)
    assert (title, heading) == (f"댓글 비밀번호 · {site}", "댓글 삭제")
    assert NOINDEX in html
    assert f'href="{post.get_absolute_url()}#comment-{comment.pk}"' in html
    assert 'class="sidebar"' in html


def test_reply_page_is_named_once_and_leads_back_to_the_comments(client, post):
    parent = make_comment(post, "원글")
    html, title, heading, site = page(client, reverse("comments:reply", args=[parent.pk]))
    assert (title, heading) == (f"댓글쓰기 · {site}", "댓글쓰기")  # "Reply"
    assert NOINDEX in html
    assert f'href="{post.get_absolute_url()}#comments"' in html
