"""Page weight (issue #13, target 9), measured as a reader's browser receives it.

The post page is the bench's: the post with 10 comments of ../shared/bench/peer-content.json
(the content WordPress was measured with; its 10-comment post is copied in
peer_content_10.json so the test runs anywhere), loaded by bench/load_peer_content.py and
read by an anonymous reader through the whole stack.
"""

import importlib.util
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from accounts.models import AVATAR_COLOURS
from blog.models import Post
from comments.models import ThreadedComment
from tests.factories import UserFactory, image_upload

ROOT = Path(__file__).resolve().parents[2]
PEER_CONTENT = Path(__file__).with_name("peer_content_10.json")
HTML_BUDGET = 21_000  # a quarter of WordPress's 84 KB for the same post


def _load_peer_content():
    spec = importlib.util.spec_from_file_location(
        "load_peer_content", ROOT / "bench" / "load_peer_content.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load(PEER_CONTENT)


@pytest.fixture
def peer_post(db):
    """The 10-comment post with its two siblings of the peer content around it (without
    their comments), as in the bench: the next-post link and [관련글] are on the page too."""
    post = _load_peer_content()[10]
    for count in (100, 500):
        sibling = Post.objects.create(
            slug=f"comments-{count}",
            title=post.title.replace("(댓글 10개)", f"(댓글 {count}개)"),
            author=post.author,
            category=post.category,
            body=post.body,
            status=Post.Status.PUBLISHED,
            published_at=post.published_at,
        )
        sibling.tags.set(post.tags.names())
    return post


def test_the_post_page_with_ten_peer_comments_is_under_21_kb(client, peer_post):
    response = client.get(peer_post.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    # All of it is there: the ten comments, each with its number (threads), name, time and
    # 신고 · 댓글주소 · 수정/삭제 · 댓글쓰기, and the form.
    items = re.findall(r'<li class="comment[^"]*" id="comment-(\d+)">(.*?)</ul>', html)
    assert len(items) == 10
    for pk, item in items:
        assert re.search(r"<time datetime=\"[^\"]+\">\d{4}\.\d\d\.\d\d \d\d:\d\d</time>", item)
        for label, href in (
            ("신고", f"/comments/{pk}/report/"),
            ("댓글주소", f"#comment-{pk}"),
            ("수정/삭제", f"/comments/{pk}/edit/"),
            ("댓글쓰기", f"/comments/{pk}/reply/"),
        ):
            assert f'<a href="{href}">{label}</a>' in item
    assert len(re.findall(r'<span class="comment__number">\d+</span>', html)) == 5  # the threads
    assert 'id="comment-form"' in html and peer_post.title in html
    # As served: collectstatic's names carry a 12-digit hash ("site.css" is "site.4082dec8bbf4.css"),
    # 13 bytes more for every static file the page names.
    served = len(response.content) + 13 * html.count(static(""))
    assert served < HTML_BUDGET, served


def test_generated_avatars_cost_no_request_and_photos_stay_images(client, peer_post):
    photo = UserFactory(nickname="사진있음", avatar=image_upload(size=(300, 300)))
    ThreadedComment.objects.create(
        content_type_id=ThreadedComment.objects.first().content_type_id,
        object_pk=str(peer_post.pk),
        site_id=1,
        user=photo,
        user_name=photo.nickname,
        comment="사진 있는 회원의 댓글",
    )
    html = client.get(peer_post.get_absolute_url()).content.decode()
    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert not [src for src in images if "/accounts/avatar/" in src], images  # no generated SVG
    assert images == [photo.avatar.url]  # the one photo
    # Every other comment draws its avatar from its article: a colour class and a letter.
    drawn = re.findall(r'<article class="av(\d)" data-i="([^"]+)">', html)
    assert len(drawn) == 10 and {name for _, name in drawn} >= {"권", "산"}
    # The post's author (no photo) too.
    assert re.search(r'<span class="avatar avatar--large av\d" aria-hidden="true">커</span>', html)


def test_every_generated_avatar_colour_has_its_class():
    css = Path(finders.find("css/site.css")).read_text()
    for number, colour in enumerate(AVATAR_COLOURS):
        assert f".av{number} {{ --av: {colour}; }}" in css


def test_the_post_page_asks_no_third_party_for_anything(client, peer_post):
    html = client.get(peer_post.get_absolute_url()).content.decode()
    # Every <link> (but the page's own addresses: canonical, feeds) and <script>, in the head
    # or the body, whatever the order of their attributes; and any src= at all.
    tags = re.findall(r"<(?:link|script)\b[^>]*>", html)
    fetched = [
        re.search(r'\s(?:href|src)="([^"]+)"', tag)[1]
        for tag in tags
        if re.search(r'\s(?:href|src)="', tag) and not re.search(r'\srel="(?:canonical|alternate)"', tag)
    ]
    assert fetched and all(url.startswith(static("")) for url in fetched), fetched
    assert not re.search(r'\ssrc="(?:https?:)?//', html)  # nothing loaded from elsewhere
    assets = [url for url in fetched if url.endswith((".css", ".js", ".svg"))]
    for url in assets:
        text = Path(finders.find(url.removeprefix(static("")).split("?")[0])).read_text()
        assert not re.search(r"url\((['\"]?)(?:https?:)?//", text), url
