"""The comment list (templates/comments/_comments.jinja, rendered by comments.render) shows
every kind of comment to every kind of reader as the node's flags say; the stored
comment_html follows the text; hostile text and names stay escaped."""

from datetime import UTC, datetime, timedelta
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import ThreadedComment
from comments.render import render_comment_list
from comments.text import render_text
from comments.thread import build_section
from comments.viewer import Viewer
from tests.factories import ModeratorFactory, UserFactory

from .conftest import make_comment

pytestmark = pytest.mark.django_db

HOSTILE = [
    "안녕 <script>alert('x')</script> & \"따옴\" 'single'",
    "링크 https://example.com/a?b=1&c=<2> 와 www.example.org, mail@example.com.",
    "여러 줄\r\n둘째 줄\n\n넷째 (http://x.io/p).",
    'javascript:alert(1) <a href="http://evil">x</a> http://example.com/"onmouseover="x',
]
BASE = datetime(2024, 3, 1, 23, 59, 5, 123456, tzinfo=UTC)


PLACEHOLDERS = {
    "hidden": "신고가 누적되어 숨겨진 댓글입니다",
    "moderated": "관리자에 의해 삭제된 댓글입니다",
    "removed": "삭제된 댓글입니다",
}


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.children)


def item_of(html, node):
    """The markup of one comment, from its <li> to the end of its <article>."""
    start = html.rindex("<li ", 0, html.index(f' id="comment-{node.pk}"'))
    return html[start : html.index("</article>", start)]


def check_item(html, node, section):
    c = node.comment
    item = item_of(html, node)
    classes = item.split('class="', 1)[1].split('"', 1)[0].split()
    assert classes[0] == "comment"
    assert ("comment--reply" in classes) == bool(c.level)
    assert ("comment--held" in classes) == node.is_held
    assert ("comment--secret" in classes) == c.is_secret
    assert ("comment--owner" in classes) == node.is_owner
    assert (f"comment--{node.placeholder}" in classes) == node.is_placeholder
    number = f">{node.number}</span>"
    assert (number in item) == bool(node.number)
    if node.is_placeholder:
        assert PLACEHOLDERS[node.placeholder] in item and "<p>" not in item
        assert "<ul>" not in item and "data-i=" not in item  # no text, actions or avatar
        return
    assert (
        f"<strong>{escape(node.name)}" in item
        or f'rel="nofollow ugc noopener">{escape(node.name)}</a></strong>' in item
    )
    if node.avatar_url:
        assert f'<img class="avatar" src="{node.avatar_url}"' in item
    else:  # drawn by the stylesheet: no request
        assert f'<article class="av{node.avatar_colour}" data-i="{escape(node.avatar_initial)}">' in item
    assert f'datetime="{timezone.localtime(c.submit_date).replace(microsecond=0).isoformat()}"' in item
    urls = {name: reverse(f"comments:{name}", args=[c.pk]) for name in ("report", "edit", "delete", "reply")}
    assert (f'href="{urls["report"]}"' in item) == node.can_report
    # One 수정/삭제 link to the edit page (which deletes too); 삭제 alone for who may only delete.
    assert (f'href="{urls["edit"]}">수정/삭제</a>' in item) == node.show_edit
    assert (f'href="{urls["delete"]}">삭제</a>' in item) == (node.show_delete and not node.show_edit)
    assert (f'href="{urls["reply"]}"' in item) == node.can_reply
    if node.can_reply:  # the comment itself, unless a reply at the deepest level joins the parent
        to = f' data-reply-to="{node.reply_to_id}"' if node.reply_to_id != c.pk else ""
        assert f'href="{urls["reply"]}"{to}>' in item
    assert f'href="{section.page_query}#comment-{c.pk}">댓글주소</a>' in item
    assert (reverse("comments:history", args=[c.pk]) in item) == node.show_history
    assert ("(수정됨)" in item) == bool(c.edited_at)
    assert ("승인 후 표시됩니다" in item) == node.is_held
    if node.secret_hidden:
        assert "비밀댓글입니다" in item and c.comment_html not in item
        assert (reverse("comments:password", args=[c.pk]) + "?action=view" in item) == node.needs_password
    else:
        assert f"<p>{c.comment_html}</p>" in item


@pytest.fixture
def thread_world(post, settings):
    """Every kind of comment: guests with odd homepages, members, the post's author, secret,
    held, hidden by reports, removed by writer and by a moderator, edited, nested, deep."""
    settings.COMMENTS_PER_PAGE = 3
    writer = UserFactory(nickname='쓰는이 & "co"', homepage="https://w.example/?a=1&b=2")
    odd = UserFactory(nickname="<b>굵게</b>", homepage="javascript:alert(1)")
    made = []

    def add(**kw):
        c = make_comment(post, HOSTILE[len(made) % len(HOSTILE)] + f" #{len(made)}", **kw)
        ThreadedComment.norel_objects.filter(pk=c.pk).update(
            submit_date=BASE + timedelta(minutes=37 * len(made))
        )
        made.append(c)
        return c

    for r in range(7):
        kind = r % 4
        if kind == 0:
            root = add(name=f"손님<{r}>", user_url='http://guest.example/"x')
        elif kind == 1:
            root = add(user=writer)
        elif kind == 2:
            root = add(user=post.author, is_secret=True)
        else:
            root = add(user=odd, is_secret=True)
        a = add(parent=root, name="답 '1'")
        b = add(parent=a, user=writer, is_secret=r % 2 == 0)
        add(parent=b, name="깊은", is_secret=r == 3)
        if r == 1:
            ThreadedComment.norel_objects.filter(pk=a.pk).update(is_hidden=True)
        elif r == 2:
            a.soft_delete(by_moderator=True)
            b.edit("고친 글 <i>x</i> https://e.example", True)
        elif r == 3:
            root.soft_delete(by_moderator=False)
        elif r == 4:
            ThreadedComment.norel_objects.filter(pk__in=[b.pk, root.pk]).update(is_public=False)
        elif r == 5:
            root.edit("고친 루트 & <u>", False)
    guests = [c.pk for c in made if c.user_id is None]
    viewers = {
        "anonymous": Viewer(),
        "guest": Viewer(unlocked=frozenset(guests[:3]), posted=frozenset(guests[2:6])),
        "writer": Viewer(user_id=writer.pk),
        "author": Viewer(user_id=post.author_id),
        "moderator": Viewer(user_id=ModeratorFactory().pk, is_moderator=True),
    }
    return post, viewers


@pytest.mark.parametrize("viewer_name", ["anonymous", "guest", "writer", "author", "moderator"])
@pytest.mark.parametrize("page", [1, 2, 3])
def test_every_comment_shows_what_its_node_says(thread_world, viewer_name, page):
    post, viewers = thread_world
    section = build_section(post, viewers[viewer_name], page=page)
    assert section.nodes
    html = render_comment_list(section)
    nodes = list(walk(section.nodes))
    assert html.count('<li class="comment') == len(nodes)
    assert html.count('<ol class="comment-list comment-list--replies">') == sum(
        1 for n in nodes if n.children
    )
    for node in nodes:
        check_item(html, node, section)
    # Replies sit inside their parent's item.
    for node in nodes:
        for child in node.children:
            assert html.index(f'id="comment-{node.pk}"') < html.index(f'id="comment-{child.pk}"')


def test_the_list_in_english_and_without_reply_links_when_closed(thread_world):
    from django.utils import translation

    post, viewers = thread_world
    post.comments_enabled = False
    post.save()
    with translation.override("en"):
        section = build_section(post, viewers["guest"], page=2)
        html = render_comment_list(section)
    assert "/reply/" not in html and "Comment link" in html and "Report" in html
    assert "댓글주소" not in html


def test_hostile_text_and_names_are_escaped_and_links_are_nofollow(post):
    member = UserFactory(nickname='"><script>x</script>', homepage='https://h.example/"><x')
    make_comment(post, '<img src=x onerror=alert(1)> https://a.example/?q="1"&r=<2>', user=member)
    make_comment(post, "손님 글", name="<svg onload=alert(1)>", user_url="javascript:alert(1)")
    html = render_comment_list(build_section(post, Viewer()))
    assert "<script>" not in html and "<img src=x" not in html and "<svg" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<strong>&quot;&gt;&lt;script&gt;x&lt;/script&gt;</strong>" in html or (
        '"nofollow ugc noopener">&quot;&gt;&lt;script&gt;x&lt;/script&gt;</a></strong>' in html
    )
    assert 'href="https://h.example/&quot;&gt;&lt;x" rel="nofollow ugc noopener"' in html
    assert "javascript:" not in html
    assert (
        '<a href="https://a.example/?q=" rel="nofollow ugc noopener">https://a.example/?q=</a>'
        "&quot;1&quot;&amp;r=&lt;2&gt;"
    ) in html


def test_action_urls_are_the_reversed_urls(post):
    c = make_comment(post, "글")
    html = render_comment_list(build_section(post, Viewer()))
    for name in ("report", "edit", "reply"):  # 삭제 is on the edit page (수정/삭제)
        assert f'href="{reverse(f"comments:{name}", args=[c.pk])}"' in html


# -- comment_html -------------------------------------------------------------------------
def test_comment_html_is_rendered_on_save_and_follows_edits(post):
    c = make_comment(post, "처음 <b>글</b> https://a.example")
    c.refresh_from_db()
    assert c.comment_html == render_text("처음 <b>글</b> https://a.example")
    assert 'rel="nofollow ugc noopener"' in c.comment_html and "&lt;b&gt;" in c.comment_html
    c.edit("고친 <i>글</i>\n둘째 줄", is_secret=False)
    c.refresh_from_db()
    assert c.comment_html == "고친 &lt;i&gt;글&lt;/i&gt;<br>둘째 줄"
    c.comment = "save(update_fields) 로 고침 www.example.org"
    c.save(update_fields=["comment"])
    c.refresh_from_db()
    assert c.comment_html == render_text("save(update_fields) 로 고침 www.example.org")
    c.comment = "저장 안 된 글"
    c.save(update_fields=["is_secret"])  # the text is not saved: neither is its HTML
    c.refresh_from_db()
    assert "update_fields" in c.comment_html


def test_page_shows_the_stored_html_and_renders_rows_saved_without_it(client, post):
    shown = make_comment(post, "저장된 글")
    ThreadedComment.norel_objects.filter(pk=shown.pk).update(comment_html="저장된 <em>HTML</em>")
    bulk = make_comment(post, "bulk <b>글</b>")
    ThreadedComment.norel_objects.filter(pk=bulk.pk).update(comment_html="")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "저장된 <em>HTML</em>" in html
    assert "bulk &lt;b&gt;글&lt;/b&gt;" in html


def test_migration_fills_comment_html_of_existing_rows(post):
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    c = make_comment(post, "옛 글 https://old.example")
    ThreadedComment.norel_objects.filter(pk=c.pk).update(comment_html="")
    migration = importlib.import_module("comments.migrations.0007_comment_html")
    state = MigrationLoader(connection).project_state(("comments", "0007_comment_html"))

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.fill_comment_html(state.apps, editor)
    c.refresh_from_db()
    assert c.comment_html == render_text("옛 글 https://old.example")


# -- the comment form ----------------------------------------------------------------------
def _form_html(form):
    from django.template.loader import get_template

    return get_template("comments/_form.html").render({"form": form, "csrf_token": "t"})


@pytest.mark.parametrize("as_member", [False, True])
@pytest.mark.parametrize("bound", [False, True])
def test_comment_form_is_djangos_widget_markup_escaped_with_errors(post, member, as_member, bound):
    """The form's widgets are Django's widget templates (rendered by Django's Jinja2 form
    renderer): the same markup as Django's default renderer, apart from how a quote is
    spelled (&#34; for &quot;); hostile values come back escaped, errors at their fields."""
    from django.forms.renderers import DjangoTemplates

    from comments.forms import CommentForm

    user = member if as_member else None
    data = None
    if bound:
        data = {
            "comment": '<b>"글"</b> & 끝\n',
            "name": '<x a="1">',
            "email": "not-an-email",
            "url": "javascript:x",
            "is_secret": "on",
            "followup": "on",
            "honeypot": "",
            "password": "1",
            "reply_to": "abc",
        }
    fast = CommentForm(post, data=data, user=user)
    plain = CommentForm(post, data=data, user=user, renderer=DjangoTemplates())
    if bound:
        assert not fast.is_valid() and not plain.is_valid()
    plain.initial = fast.initial  # same timestamp and security hash
    html = _form_html(fast)
    assert html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;") == _form_html(plain)
    assert "<x a=" not in html and "<b>" not in html
    if bound:
        assert "&lt;b&gt;&#34;글&#34;&lt;/b&gt; &amp; 끝" in html
        assert 'class="errorlist' in html and "checked" in html
        assert ("field--invalid" in html) is not as_member  # guests: name, email, password
        assert ("&lt;x a=&#34;1&#34;&gt;" in html) is not as_member
    else:
        assert "errorlist" not in html


@pytest.mark.parametrize("name", ["손님", "&amp", " +x", "😀", "", "/?#%"])
def test_avatar_url_is_the_reversed_url(name):
    import hashlib
    from urllib.parse import urlencode

    from accounts.models import default_avatar_url

    seed = f"guest:{name}"
    url = reverse(
        "accounts:generated_avatar", kwargs={"seed": hashlib.sha256(seed.encode()).hexdigest()[:12]}
    )
    initial = name.strip()[:1]
    expected = f"{url}?{urlencode({'c': initial})}" if initial else url
    assert default_avatar_url(seed, name) == expected


# -- the per-thread cache -------------------------------------------------------------------
def test_the_template_reads_only_what_the_cache_key_holds():
    """comments.render keys each thread's HTML by the node fields, render.COMMENT_KEY and
    the section's permalink base: a template that read anything else could be served from
    the cache with stale markup."""
    from django.template import engines
    from jinja2 import nodes

    from comments import render
    from comments.thread import Node

    env = engines["jinja2"].env
    source = env.loader.get_source(env, render.TEMPLATE)[0]
    read = {
        (n.node.name, n.attr)
        for n in env.parse(source).find_all(nodes.Getattr)
        if isinstance(n.node, nodes.Name)
    }
    allowed = {("node", name) for name in render.NODE_KEY}
    allowed |= {("node", "comment"), ("node", "children")}
    allowed |= {("c", name) for name in render.COMMENT_KEY}
    allowed |= {("section", "base_url"), ("section", "page_query")}
    assert read <= allowed, read - allowed
    assert ("node", "name") in read and ("c", "pk") in read  # the walk finds what it should
    assert set(render.NODE_KEY) == set(Node.__dataclass_fields__) - {"comment", "children"}


def test_a_cached_thread_follows_every_change(post, member, moderator):
    c = make_comment(post, "첫 글", user=member)
    reply = make_comment(post, "답글", parent=c)
    first = render_comment_list(build_section(post, Viewer()))
    assert render_comment_list(build_section(post, Viewer())) == first  # served from the cache
    c.edit("고친 글", is_secret=False)
    html = render_comment_list(build_section(post, Viewer()))
    assert "고친 글" in html and "첫 글" not in html
    member.nickname = "새이름"
    member.save()
    assert "새이름" in render_comment_list(build_section(post, Viewer()))
    c.soft_delete()  # its reply keeps it as a placeholder
    html = render_comment_list(build_section(post, Viewer()))
    assert "삭제된 댓글입니다" in html and "고친 글" not in html and "답글" in html
    reply.soft_delete()
    assert f'id="comment-{reply.pk}"' not in render_comment_list(build_section(post, Viewer()))
    c = make_comment(post, "둘째 글", user=member)
    c.edit("둘째 글 고침", is_secret=False)
    as_moderator = render_comment_list(build_section(post, Viewer(user_id=moderator.pk, is_moderator=True)))
    assert reverse("comments:history", args=[c.pk]) in as_moderator
    assert reverse("comments:history", args=[c.pk]) not in render_comment_list(build_section(post, Viewer()))
    from django.utils import translation

    with translation.override("en"):
        assert "Comment link" in render_comment_list(build_section(post, Viewer()))
    assert "댓글주소" in render_comment_list(build_section(post, Viewer()))
