"""Hostile input against every public URL and form: the server never answers 500 and
never stores corrupted data.

Every request goes through Client(raise_request_exception=False), so an exception in a
view becomes a 500 response that is asserted on, and every test id names the URL, method,
field and value. The data the battery runs against (posts, comments, users) is built once
for the module inside a transaction that is rolled back at the end; each test runs in its
own savepoint, as usual with pytest-django. Run it on both databases:

    .venv/bin/pytest tests/test_hostile_inputs.py -q
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blog_hostile \\
        .venv/bin/pytest tests/test_hostile_inputs.py -q
"""

import io
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from PIL import Image

from accounts.models import User
from blog.models import Post, Tag
from comments.models import CommentReport, Guestbook, ThreadedComment
from comments.notify import UNSUBSCRIBE_SALT
from tests.comments.conftest import comment_data, guest_data, make_comment
from tests.factories import (
    AuthorFactory,
    CategoryFactory,
    ModeratorFactory,
    PostFactory,
    UserFactory,
    image_upload,
    signup_form,
)

pytestmark = pytest.mark.django_db

MISSING = object()  # the field is left out of the request
REPEATED = object()  # the field is sent twice: field=<valid>&field=<hostile sample>

HOSTILE = {
    "empty": "",
    "space": " ",
    "nul": "\x00",
    "a-nul-b": "a\x00b",
    "10k-chars": "가" * 5000 + "a" * 5000,
    "30-nines": "9" * 30,
    "minus-one": "-1",
    "zero": "0",
    "one-point-five": "1.5",
    "superscript-two": "²",
    "fullwidth-one": "１",
    "percent-00": "%00",
    "dot-dot": "../../etc/passwd",
    "script": "<script>alert(1)</script>",
    "attr-break": '" onmouseover="x',
    "javascript-url": "javascript:alert(1)",
    "sql": "'; DROP TABLE x;--",
    "emoji": "😀👍🏽",
    "rtl-zwj": "\u202e\u200d\ufeff",
    "control": "\x01\x1b[31m\x7f",
}
# "\ud800" (a lone surrogate) cannot be encoded into a request at all: not sent.

FORM_VALUES = {**HOSTILE, "missing": MISSING, "repeated": REPEATED}
# Values for the path battery: every hostile value in every path parameter.
PATH_VALUES = HOSTILE

ROLES = ["anonymous", "member", "author", "moderator", "superuser"]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@dataclass
class World:
    member: User
    author: User
    moderator: User
    superuser: User
    post: Post
    other_post: Post
    draft: Post
    tag: Tag
    guest_comment: ThreadedComment
    member_comment: ThreadedComment
    reply: ThreadedComment
    guestbook_comment: ThreadedComment
    guestbook: Guestbook
    posts_before: dict
    comments_before: dict
    users_before: dict
    sessions: dict


def text_of_posts():
    return {p.pk: (p.title, p.body, p.slug, p.status) for p in Post.objects.all()}


def text_of_comments():
    return {
        c.pk: (c.comment, c.user_name, c.is_removed, c.is_public, c.is_secret)
        for c in ThreadedComment.norel_objects.all()
    }


def text_of_users():
    return {u.pk: (u.username, u.nickname, u.email, u.bio, u.homepage) for u in User.objects.all()}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        member = UserFactory(username="hostile-member")
        author = AuthorFactory(username="hostile-author")
        moderator = ModeratorFactory(username="hostile-moderator")
        superuser = UserFactory(username="hostile-root", is_staff=True, is_superuser=True)
        category = CategoryFactory(name="적대적 분류")
        tag, _ = Tag.objects.get_or_create(name="적대적태그")
        post = PostFactory(
            author=author,
            category=category,
            title="적대적 입력 시험 글",
            body="본문은 **그대로** 남아야 합니다.\n\n<script>alert(2)</script>",
            tags=[tag],
        )
        other_post = PostFactory(title="다른 사람의 글")
        draft = PostFactory(author=author, title="초안 글", status=Post.Status.DRAFT)
        guest_comment = make_comment(post, "손님 댓글 원문")
        member_comment = make_comment(post, "회원 댓글 원문", user=member)
        reply = make_comment(post, "답글 원문", parent=guest_comment, user=moderator)
        guestbook = Guestbook.get()
        guestbook_comment = make_comment(guestbook, "방명록 원문")
        yield World(
            member=member,
            author=author,
            moderator=moderator,
            superuser=superuser,
            post=post,
            other_post=other_post,
            draft=draft,
            tag=tag,
            guest_comment=guest_comment,
            member_comment=member_comment,
            reply=reply,
            guestbook_comment=guestbook_comment,
            guestbook=guestbook,
            posts_before=text_of_posts(),
            comments_before=text_of_comments(),
            users_before=text_of_users(),
            sessions=logged_in_sessions(member, author, moderator, superuser),
        )
        transaction.set_rollback(True)


_HANDLER = None


def new_client():
    """A Client(raise_request_exception=False) sharing one request handler: each new
    handler loads the middleware again, and WhiteNoise's scan of the static files would
    cost a tenth of a second per test."""
    global _HANDLER
    client = Client(raise_request_exception=False)
    if _HANDLER is None:
        _HANDLER = client.handler
    client.handler = _HANDLER
    return client


def logged_in_sessions(*users):
    """A session cookie per role, made once: force_login in every test would add a login
    (a session row and last_login) to each of the thousands of requests."""
    sessions = {}
    for user in users:
        client = new_client()
        client.force_login(user)
        role = user.username.removeprefix("hostile-").replace("root", "superuser")
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


def client_as(world, role):
    client = new_client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def raw(text):
    """A str as the bytes a browser would send, for WSGI's latin-1 environ strings."""
    return text.encode("utf-8").decode("latin-1")


def fill(world, path):
    return path.format(
        post=world.post.slug,
        other=world.other_post.slug,
        draft=world.draft.slug,
        category=world.post.category.slug,
        tag=world.tag.slug,
        year=world.post.published_at.year,
        month=world.post.published_at.month,
        author=world.author.username,
        guest=world.guest_comment.pk,
        mine=world.member_comment.pk,
        reply=world.reply.pk,
        token=signing.dumps(world.guest_comment.pk, salt=UNSUBSCRIBE_SALT),
    )


def no_500(response, label):
    assert response.status_code < 500, f"{label} answered {response.status_code}: {response.content[:300]!r}"


def assert_nothing_corrupted(world, allowed_comment=None, allowed_user=None):
    """Rows of the world are unchanged (except the one the request was meant to change),
    and no stored text holds a NUL or an unencodable character."""
    posts = text_of_posts()
    for pk, before in world.posts_before.items():
        assert posts[pk] == before, f"post {pk} changed"
    comments = text_of_comments()
    for pk, before in world.comments_before.items():
        if pk != allowed_comment:
            assert comments[pk] == before, f"comment {pk} changed: {comments[pk]!r}"
    users = text_of_users()
    for pk, before in world.users_before.items():
        if pk != allowed_user:
            assert users.get(pk) == before, f"user {pk} changed"
    stored = [
        *(v for row in posts.values() for v in row[:3]),
        *(v for row in comments.values() for v in row[:2]),
        *(v for row in users.values() for v in row if isinstance(v, str)),
        *CommentReport.objects.values_list("detail", flat=True),
    ]
    for text in stored:
        assert "\x00" not in text, f"NUL stored: {text[:80]!r}"
        text.encode("utf-8")  # no lone surrogates


# -- every URL pattern, its path parameters ------------------------------------------
# "METHOD path", by who asks.
PATH_ROUTES = {
    "anonymous": [
        "GET /posts/{}/",
        "GET /posts/{}/comments/feed/",
        "POST /posts/{}/like/",
        "GET /category/{}/",
        "GET /category/{}/feed/",
        "GET /category/{}/feed/atom/",
        "GET /tag/{}/",
        "GET /tag/{}/feed/",
        "GET /tag/{}/feed/atom/",
        "GET /archive/{}/",
        "GET /archive/2025/{}/",
        "GET /archive/{}/1/",
        "GET /author/{}/",
        "GET /accounts/avatar/{}.svg",
        "GET /comments/{}/",
        "GET /comments/{}/reply/",
        "POST /comments/{}/password/",
        "POST /comments/{}/report/",
        "GET /comments/unsubscribe/{}/",
        "POST /comments/unsubscribe/{}/",
        "GET /media/{}",
    ],
    "member": [
        "POST /comments/{}/edit/",
        "POST /comments/{}/delete/",
    ],
    "moderator": [
        "GET /comments/{}/history/",
    ],
    "superuser": [
        "GET /admin/blog/post/{}/change/",
        "GET /admin/comments/threadedcomment/{}/change/",
        "GET /admin/accounts/user/{}/change/",
        "GET /admin/comments/commentreport/{}/change/",
        "GET /admin/blog/category/{}/change/",
        "GET /admin/{}/",
    ],
}
PATH_CASES = [(role, *route.split(" ")) for role, routes in PATH_ROUTES.items() for route in routes]


@pytest.mark.parametrize("value", PATH_VALUES.values(), ids=PATH_VALUES.keys())
@pytest.mark.parametrize("role, method, route", PATH_CASES, ids=[f"{m} {r}" for _, m, r in PATH_CASES])
def test_path_parameter(world, role, method, route, value):
    path = route.format(quote(value, safe=""))
    client = client_as(world, role)
    response = client.generic(method, path)
    no_500(response, f"{role} {method} {route} value={value[:40]!r}")
    assert_nothing_corrupted(world)


# -- every route, every method, every role ---------------------------------------------
ROUTES = [
    "/",
    "/search/?q=글",
    "/feed/",
    "/feed/atom/",
    "/sitemap.xml",
    "/robots.txt",
    "/posts/{post}/",
    "/posts/{draft}/",
    "/posts/{post}/comments/feed/",
    "/posts/{post}/like/",
    "/category/{category}/",
    "/category/{category}/feed/",
    "/category/{category}/feed/atom/",
    "/tag/{tag}/",
    "/tag/{tag}/feed/",
    "/tag/{tag}/feed/atom/",
    "/archive/{year}/",
    "/archive/{year}/{month}/",
    "/author/{author}/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/signup/",
    "/accounts/profile/",
    "/accounts/avatar/0123456789ab.svg",
    "/i18n/setlang/",
    "/comments/post/",
    "/comments/{guest}/",
    "/comments/{guest}/reply/",
    "/comments/{guest}/edit/",
    "/comments/{mine}/edit/",
    "/comments/{guest}/delete/",
    "/comments/{mine}/delete/",
    "/comments/{guest}/password/",
    "/comments/{guest}/report/",
    "/comments/{guest}/history/",
    "/comments/unsubscribe/{token}/",
    "/moderation/",
    "/guestbook/",
    "/admin/",
    "/admin/login/",
    "/admin/blog/post/",
    "/media/nothing-here.png",
]
METHOD_ROLES = [
    (m, r) for m in METHODS for r in ROLES if r in ("anonymous", "superuser") or m in ("GET", "POST")
]


@pytest.mark.parametrize("method, role", METHOD_ROLES, ids=[f"{m}-{r}" for m, r in METHOD_ROLES])
@pytest.mark.parametrize("route", ROUTES)
def test_every_method_and_role(world, route, method, role):
    client = client_as(world, role)
    response = client.generic(method, fill(world, route))
    no_500(response, f"{role} {method} {route}")
    if method in ("PUT", "PATCH", "DELETE"):
        assert_nothing_corrupted(world, allowed_comment=world.member_comment.pk)


# -- query parameters ----------------------------------------------------------------------
QUERY_PARAMS = [
    ("/", "page", "anonymous"),
    ("/search/", "q", "anonymous"),
    ("/search/?q=글", "page", "anonymous"),
    ("/category/{category}/", "page", "anonymous"),
    ("/tag/{tag}/", "page", "anonymous"),
    ("/archive/{year}/", "page", "anonymous"),
    ("/archive/{year}/{month}/", "page", "anonymous"),
    ("/author/{author}/", "page", "anonymous"),
    ("/posts/{post}/", "cpage", "anonymous"),
    ("/guestbook/", "cpage", "member"),
    ("/sitemap.xml", "p", "anonymous"),
    ("/feed/", "page", "anonymous"),
    ("/accounts/avatar/0123456789ab.svg", "c", "anonymous"),
    ("/accounts/login/", "next", "anonymous"),
    ("/comments/{guest}/password/", "action", "anonymous"),
    ("/moderation/", "page", "moderator"),
    ("/admin/blog/post/", "q", "superuser"),
    ("/admin/blog/post/", "p", "superuser"),
    ("/admin/blog/post/", "o", "superuser"),
    ("/admin/blog/post/", "status__exact", "superuser"),
    ("/admin/comments/threadedcomment/", "q", "superuser"),
    ("/admin/comments/threadedcomment/", "is_public__exact", "superuser"),
    ("/admin/comments/commentreport/", "status__exact", "superuser"),
    ("/admin/accounts/user/", "q", "superuser"),
]


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("route, param, role", QUERY_PARAMS, ids=[f"{r}?{p}" for r, p, _ in QUERY_PARAMS])
def test_query_parameter(world, route, param, role, value):
    path = fill(world, route)
    sep = "&" if "?" in path else "?"
    client = client_as(world, role)
    response = client.get(f"{path}{sep}{urlencode({param: value})}")
    no_500(response, f"{role} GET {route} {param}={value[:40]!r}")


BAD_QUERY_STRINGS = {
    "raw-invalid-utf8": "q=\xff\xfe\xc3&page=\xc0",
    "percent-invalid-utf8": "q=%ff%fe%c3&page=%c0%80",
    "percent-nul": "q=%00&page=%00",
    "broken-percent": "q=%&page=%g1%",
    "no-equals": "q&page&&&=",
    "2000-chars": "q=" + "검" * 2000,
    "2000-words": "q=" + "+".join(["가나"] * 700),
    "repeated": "q=a&q=%00&page=1&page=2&p=1&p=x&cpage=2&cpage=-1&c=1&c=2&action=view&action=x",
    "many-fields": "&".join(f"f{i}=1" for i in range(1500)),
}


@pytest.mark.parametrize("query", BAD_QUERY_STRINGS.values(), ids=BAD_QUERY_STRINGS.keys())
@pytest.mark.parametrize(
    "route",
    [
        "/",
        "/search/",
        "/posts/{post}/",
        "/feed/",
        "/sitemap.xml",
        "/accounts/login/",
        "/comments/{guest}/password/",
        "/moderation/",
        "/admin/blog/post/",
    ],
)
def test_raw_query_string(world, route, query):
    client = client_as(world, "superuser" if "admin" in route or "moderation" in route else "anonymous")
    query = query if query.isascii() or "\xff" in query else raw(query)
    response = client.get(fill(world, route), QUERY_STRING=query)
    no_500(response, f"GET {route}?{query[:60]!r}")


def test_search_query_of_2000_chars_is_cut_not_refused(world):
    response = client_as(world, "anonymous").get("/search/", {"q": "적대적 " + "가" * 2000})
    assert response.status_code == 200
    assert response.context["search_query"].truncated


# -- forms -------------------------------------------------------------------------------
def battery_form(role, url, valid, more=()):
    """One form of the battery: who posts it, where, valid data and the fields tried one by
    one. `valid` is a dict (its "{guest}"-style values filled in like URLs), whose own fields
    are tried, then `more`; or, for the comment forms and their signed hidden fields, a
    function of the world, and the fields tried are `more` alone."""
    fields = [*valid, *more] if isinstance(valid, dict) else list(more)
    return role, url, valid, fields


FORMS = {
    "comment-guest": battery_form(
        "anonymous",
        "/comments/post/",
        lambda w: guest_data(w.post),
        [
            "name",
            "password",
            "email",
            "url",
            "comment",
            "reply_to",
            "content_type",
            "object_pk",
            "timestamp",
            "security_hash",
            "honeypot",
            "is_secret",
            "followup",
        ],
    ),
    "comment-member": battery_form(
        "member",
        "/comments/post/",
        lambda w: comment_data(w.post),
        ["comment", "reply_to", "is_secret", "followup", "name"],
    ),
    "comment-guestbook": battery_form(
        "anonymous",
        "/comments/post/",
        lambda w: guest_data(w.guestbook),
        ["comment", "object_pk", "reply_to"],
    ),
    "edit": battery_form("member", "/comments/{mine}/edit/", {"comment": "고친 글", "is_secret": ""}),
    "password": battery_form(
        "anonymous", "/comments/{guest}/password/", {"password": "틀린비밀번호", "action": "view"}
    ),
    "report-guest": battery_form(
        "anonymous", "/comments/{guest}/report/", {"reason": "spam", "detail": "광고"}
    ),
    "report-member": battery_form(
        "member", "/comments/{guest}/report/", {"reason": "other", "detail": "이상해요"}
    ),
    "like-guest": battery_form("anonymous", "/posts/{post}/like/", {"choice": "like"}),
    "like-member": battery_form("member", "/posts/{post}/like/", {"choice": "like"}),
    "setlang": battery_form("anonymous", "/i18n/setlang/", {"language": "en", "next": "/"}),
    "signup": battery_form(
        "anonymous",
        "/accounts/signup/",
        signup_form("newcomer", "새회원", email="n@example.com"),
    ),
    "login": battery_form(
        "anonymous", "/accounts/login/", {"username": "hostile-member", "password": "pass-word-123"}, ["next"]
    ),
    "profile": battery_form(
        "member",
        "/accounts/profile/",
        {"nickname": "바뀐별명", "bio": "소개", "homepage": "https://a.kr", "email": "m@example.com"},
        ["avatar", "avatar-clear"],
    ),
    "moderation-moderator": battery_form(
        "moderator", "/moderation/", {"action": "keep", "ids": "{guest}", "reason": "검토"}, ["item"]
    ),
    "moderation-author": battery_form("author", "/moderation/", {"item": "keep:{guest}"}, ["reason"]),
    "unsubscribe": battery_form("anonymous", "/comments/unsubscribe/{token}/", {"confirm": "1"}),
    "admin-login": battery_form(
        "anonymous", "/admin/login/", {"username": "hostile-root", "password": "x"}, ["next"]
    ),
}
FORM_CASES = [(form, field) for form, (_r, _u, _d, fields) in FORMS.items() for field in fields]

# What each form may legitimately change in the world.
CHANGES = {
    "edit": "mine",
    "password": "guest",
    "report-guest": "guest",
    "report-member": "guest",
    "moderation-moderator": "guest",
    "moderation-author": "guest",
    "unsubscribe": "guest",
}


@pytest.mark.parametrize("value", FORM_VALUES.values(), ids=FORM_VALUES.keys())
@pytest.mark.parametrize("form, field", FORM_CASES, ids=[f"{f}.{x}" for f, x in FORM_CASES])
def test_form_field(world, form, field, value):
    role, url, valid, _fields = FORMS[form]
    data = valid(world) if callable(valid) else {key: fill(world, value) for key, value in valid.items()}
    if value is MISSING:
        data.pop(field, None)
        shown = "<missing>"
    elif value is REPEATED:
        data[field] = [data.get(field, "1"), "9" * 30]
        shown = "<repeated>"
    else:
        data[field] = value
        shown = repr(value[:40])
    client = client_as(world, role)
    path = fill(world, url)
    response = client.post(path, data)
    label = f"{role} POST {url} {field}={shown}"
    no_500(response, label)
    allowed = {"mine": world.member_comment.pk, "guest": world.guest_comment.pk}.get(CHANGES.get(form))
    allowed_user = world.member.pk if form == "profile" else None
    assert_nothing_corrupted(world, allowed_comment=allowed, allowed_user=allowed_user)
    if (
        form.startswith("comment")
        and response.status_code == 302
        and value in (HOSTILE["script"], HOSTILE["attr-break"])
    ):
        # Accepted: whatever was written is shown escaped, never as markup.
        page = client.get(fill(world, "/posts/{post}/")).content.decode()
        assert "<script>alert(1)</script>" not in page, label
        assert '" onmouseover="x' not in page, label


# -- uploads -------------------------------------------------------------------------------
def png_bomb():
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")
    return SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")


def truncated_jpeg():
    upload = image_upload()
    return SimpleUploadedFile("cut.jpg", upload.read()[:500], content_type="image/jpeg")


UPLOADS = {
    "text-as-png": lambda: SimpleUploadedFile("a.png", b"hello, not an image", content_type="image/png"),
    "empty-file": lambda: SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg"),
    "svg-script": lambda: SimpleUploadedFile(
        "x.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    ),
    "html-as-jpg": lambda: SimpleUploadedFile(
        "x.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg"
    ),
    "exe": lambda: SimpleUploadedFile(
        "x.exe", b"MZ" + b"\x00" * 200, content_type="application/octet-stream"
    ),
    "truncated-jpeg": truncated_jpeg,
    "pixel-bomb-png": png_bomb,
    "dot-dot-name": lambda: image_upload(name="../../etc/passwd.jpg"),
    "nul-in-name": lambda: image_upload(name="a\x00b.jpg"),
    "long-name": lambda: image_upload(name="가" * 300 + ".jpg"),
    "no-extension": lambda: image_upload(name="photo"),
    "gif-as-jpeg": lambda: image_upload(name="x.gif", fmt="GIF"),
}


@pytest.mark.parametrize("make", UPLOADS.values(), ids=UPLOADS.keys())
def test_avatar_upload(world, make):
    client = client_as(world, "member")
    response = client.post("/accounts/profile/", {"nickname": "별명", "avatar": make()})
    no_500(response, f"member POST /accounts/profile/ avatar={make}")
    member = User.objects.get(pk=world.member.pk)  # world.member stays as built
    if member.avatar:
        # Accepted: it must be a real image under the media root.
        assert ".." not in member.avatar.name and "\x00" not in member.avatar.name
        with member.avatar.open("rb") as stored:
            Image.open(stored).verify()
    assert_nothing_corrupted(world, allowed_user=world.member.pk)


# -- bodies --------------------------------------------------------------------------------
BODIES = {
    "2MB-form-field": ("application/x-www-form-urlencoded", lambda: "comment=" + "가" * 700_000),
    "json": ("application/json", lambda: '{"comment": "\\u0000", "reply_to": 1e999}'),
    "plain-text": ("text/plain", lambda: "a" * 100_000),
    "invalid-utf8": ("application/x-www-form-urlencoded", lambda: b"comment=\xff\xfe&name=\xc0"),
    "multipart-no-boundary": ("multipart/form-data", lambda: "--x\r\n\r\nbroken"),
    "multipart-bad-boundary": ("multipart/form-data; boundary=zz", lambda: "--yy\r\n\r\nbroken"),
    "too-many-fields": (
        "application/x-www-form-urlencoded",
        lambda: "&".join(f"ids={i}" for i in range(1200)),
    ),
}
BODY_ROUTES = [
    "/comments/post/",
    "/comments/{guest}/report/",
    "/comments/{guest}/password/",
    "/posts/{post}/like/",
    "/accounts/signup/",
    "/accounts/login/",
    "/moderation/",
    "/comments/unsubscribe/{token}/",
]


@pytest.mark.parametrize("body", BODIES.keys())
@pytest.mark.parametrize("route", BODY_ROUTES)
def test_odd_bodies(world, route, body):
    content_type, make = BODIES[body]
    client = client_as(world, "moderator" if route == "/moderation/" else "anonymous")
    response = client.generic("POST", fill(world, route), make(), content_type=content_type)
    no_500(response, f"POST {route} body={body}")
    assert_nothing_corrupted(world, allowed_comment=world.guest_comment.pk)


@pytest.mark.parametrize("length", ["", "abc", "-1", "99999999999999999999"])
@pytest.mark.parametrize("route", ["/comments/post/", "/posts/{post}/like/", "/accounts/login/"])
def test_missing_or_bad_content_length(world, route, length):
    client = client_as(world, "anonymous")
    response = client.generic(
        "POST",
        fill(world, route),
        "comment=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=length,
    )
    no_500(response, f"POST {route} Content-Length={length!r}")


# -- cookies -------------------------------------------------------------------------------
COOKIES = ["blog_visitor", "comments_reporter", "sessionid", "django_language", "csrftoken", "messages"]
COOKIE_VALUES = {
    "garbage": "garbage",
    "forged-signature": "abc:1tW0Zr:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "nul": "%00",
    "long": "x" * 4000,
    "script": "<script>alert(1)</script>",
    "utf8": "한국어😀",
    "quoted": '"a\\"b;c"',
}
COOKIE_ROUTES = [
    ("GET", "/"),
    ("GET", "/posts/{post}/"),
    ("POST", "/posts/{post}/like/"),
    ("GET", "/comments/{guest}/report/"),
    ("POST", "/comments/{guest}/report/"),
    ("POST", "/comments/post/"),
    ("GET", "/accounts/profile/"),
    ("GET", "/guestbook/"),
]


@pytest.mark.parametrize("value", COOKIE_VALUES.values(), ids=COOKIE_VALUES.keys())
@pytest.mark.parametrize("cookie", COOKIES)
def test_tampered_cookie(world, cookie, value):
    client = client_as(world, "anonymous")
    for method, route in COOKIE_ROUTES:
        path = fill(world, route)
        data = {}
        if route == "/comments/post/":
            data = guest_data(world.post, comment=f"쿠키 시험 {cookie}")
        elif route.endswith("report/"):
            data = {"reason": "spam"}
        response = client.generic(
            method,
            path,
            urlencode(data, doseq=True) if method == "POST" else "",
            content_type="application/x-www-form-urlencoded",
            HTTP_COOKIE=raw(f"{cookie}={value}"),
        )
        no_500(response, f"{method} {route} cookie {cookie}={value[:40]!r}")
    assert_nothing_corrupted(world, allowed_comment=world.guest_comment.pk)


def test_language_cookie_garbage_stays_korean(world):
    client = client_as(world, "anonymous")
    response = client.get("/", HTTP_COOKIE="django_language=../../xx")
    assert response.status_code == 200
    assert response["Content-Language"] == "ko"


# -- headers ---------------------------------------------------------------------------------
HEADERS = {
    "HTTP_ACCEPT": "application/json;q=abc, */*;q=-1",
    "HTTP_ACCEPT_LANGUAGE": "xx-YY;q=2,,,;",
    "HTTP_X_FORWARDED_FOR": "not-an-ip, 999.1.1.1, \x00",
    "HTTP_REFERER": "javascript:alert(1)",
    "HTTP_USER_AGENT": "x" * 10000,
    "HTTP_IF_MODIFIED_SINCE": "yesterday-ish",
    "HTTP_IF_NONE_MATCH": '"' * 50,
    "HTTP_RANGE": "bytes=-1--1",
    "REMOTE_ADDR": "not-an-address",
}


@pytest.mark.parametrize("header, value", HEADERS.items(), ids=HEADERS.keys())
@pytest.mark.parametrize(
    "method, route",
    [
        ("GET", "/"),
        ("GET", "/posts/{post}/"),
        ("POST", "/posts/{post}/like/"),
        ("POST", "/comments/post/"),
        ("GET", "/feed/"),
        ("POST", "/accounts/login/"),
        ("GET", "/accounts/avatar/0123456789ab.svg"),
        ("POST", "/comments/{guest}/report/"),
    ],
)
def test_odd_headers(world, method, route, header, value):
    client = client_as(world, "anonymous")
    data = {}
    if route == "/comments/post/":
        data = guest_data(world.post, comment="머리글 시험")
    elif route.endswith("report/"):
        data = {"reason": "spam"}
    response = client.generic(
        method,
        fill(world, route),
        urlencode(data),
        content_type="application/x-www-form-urlencoded",
        **{header: value},
    )
    no_500(response, f"{method} {route} {header}={value[:40]!r}")


# -- after the battery -------------------------------------------------------------------------
def test_stored_data_survives_a_battery(world):
    """Many hostile requests in one go, by every role, then everything already stored still
    renders, with its text unchanged."""
    clients = {role: client_as(world, role) for role in ROLES}
    for value in HOSTILE.values():
        clients["anonymous"].post("/comments/post/", guest_data(world.post, comment=value))
        clients["member"].post("/comments/post/", comment_data(world.post, comment=value))
        clients["anonymous"].post("/comments/post/", guest_data(world.guestbook, name=value))
        clients["member"].post(fill(world, "/comments/{mine}/edit/"), {"comment": value})
        clients["anonymous"].post(
            fill(world, "/comments/{guest}/password/"), {"password": value, "action": "delete"}
        )
        clients["member"].post(fill(world, "/comments/{guest}/report/"), {"reason": "other", "detail": value})
        clients["author"].post("/moderation/", {"item": f"remove:{value}", "reason": value})
        clients["moderator"].post("/moderation/", {"action": value, "ids": [value]})
        clients["anonymous"].post(fill(world, "/posts/{post}/like/"), {"choice": value})
        clients["member"].post("/accounts/profile/", {"nickname": value, "bio": value})
        clients["member"].post("/comments/post/", comment_data(world.post, comment=f"별명 {value}"))
        clients["superuser"].get("/admin/blog/post/", {"q": value})
        clients["anonymous"].get("/search/", {"q": value})
    anonymous = new_client()
    for post in (world.post, world.other_post):
        post_before = world.posts_before[post.pk]
        post.refresh_from_db()
        assert (post.title, post.body, post.slug, post.status) == post_before
        page = anonymous.get(post.get_absolute_url())
        assert page.status_code == 200
        assert post.title in page.content.decode()
    page = anonymous.get(world.post.get_absolute_url()).content.decode()
    assert "<strong>그대로</strong>" in page
    assert "<script>alert(2)</script>" not in page  # the sanitiser still drops scripts
    assert "<script>alert(1)</script>" not in page
    assert '" onmouseover="x' not in page
    for comment in (world.guest_comment, world.reply):
        stored = ThreadedComment.norel_objects.get(pk=comment.pk)
        assert stored.comment == world.comments_before[comment.pk][0]
        assert stored.comment in page
    assert ThreadedComment.norel_objects.get(pk=world.guestbook_comment.pk).comment == "방명록 원문"
    assert "방명록 원문" in anonymous.get("/guestbook/").content.decode()
    for feed in ("/feed/", "/feed/atom/", fill(world, "/posts/{post}/comments/feed/"), "/sitemap.xml"):
        assert anonymous.get(feed).status_code == 200, feed
    found = anonymous.get("/search/", {"q": "적대적 입력"})
    assert world.post.get_absolute_url() in found.content.decode()
    assert_nothing_corrupted(world, allowed_comment=world.member_comment.pk, allowed_user=world.member.pk)
    for comment in ThreadedComment.norel_objects.all():
        assert "\x00" not in comment.comment + comment.user_name


# -- the fixes, each with its 4xx answer -----------------------------------------------------
def test_control_characters_in_a_comment_are_refused_in_korean(world):
    client = client_as(world, "anonymous")
    before = ThreadedComment.norel_objects.count()
    response = client.post("/comments/post/", guest_data(world.post, comment="종\x1b[31m소리\x07"))
    assert response.status_code == 400
    assert "보이지 않는 제어 문자" in response.content.decode()
    assert ThreadedComment.norel_objects.count() == before


def test_control_characters_in_a_nickname_are_refused(world):
    client = client_as(world, "member")
    response = client.post("/accounts/profile/", {"nickname": "별\x08명"})
    assert response.status_code == 200
    assert response.context["form"].errors["nickname"]
    assert User.objects.get(pk=world.member.pk).nickname == world.users_before[world.member.pk][1]


def test_bad_content_length_is_a_400(world):
    response = client_as(world, "anonymous").generic(
        "POST",
        "/comments/post/",
        "comment=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="abc",
    )
    assert response.status_code == 400
    assert b"Content-Length" in response.content


@pytest.mark.parametrize(
    "path", ["/posts/a%00b/", "/tag/%00/feed/", "/author/%00/", "/category/" + "a" * 201 + "/"]
)
def test_nul_or_overlong_slugs_are_404(world, path):
    assert client_as(world, "anonymous").get(path).status_code == 404


def test_nul_in_an_admin_filter_is_a_400_in_korean(world):
    response = client_as(world, "superuser").get("/admin/blog/post/", {"status__exact": "\x00"})
    assert response.status_code == 400
    assert "NUL 문자를 쓸 수 없습니다" in response.content.decode()


def test_a_30_digit_comment_id_in_the_admin_is_not_found(world):
    response = client_as(world, "superuser").get("/admin/comments/threadedcomment/" + "9" * 30 + "/change/")
    assert response.status_code == 302


def test_a_media_name_too_long_for_the_file_system_is_404(world):
    assert client_as(world, "anonymous").get("/media/" + "가" * 200).status_code == 404
