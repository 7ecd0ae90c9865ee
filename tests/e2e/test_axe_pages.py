"""axe-core (vendored from the npm registry) finds no critical or serious violation on the
readers' pages and the moderation queue, at 1280 and at 390 px (issue 11, "Done when")."""

import pytest
from django.conf import settings
from django.test import Client

from comments.models import Guestbook
from tests.comments.conftest import make_comment
from tests.factories import AuthorFactory, CategoryFactory, ModeratorFactory, PostFactory


def log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violation_on_the_readers_pages(
    new_page, live_server, axe, screenshot, width, db
):
    author = AuthorFactory(nickname="하늘")
    travel = CategoryFactory(name="여행")
    post = PostFactory(
        title="가을 경주 당일치기 여행",
        author=author,
        category=travel,
        body="경주에 다녀왔습니다. [불국사](https://example.com) 사진.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ",
        tags=["경주"],
    )
    PostFactory(title="제주 올레길", author=author, category=travel)
    first = make_comment(post, "첫 댓글 https://example.com", name="나그네")
    make_comment(post, "답글입니다", user=author, parent=first)
    make_comment(post, "비밀", name="손님", is_secret=True)
    gone = make_comment(post, "지울 댓글", name="지나가던")
    make_comment(post, "남는 답글", name="나그네", parent=gone)
    gone.soft_delete()
    make_comment(Guestbook.get(), "방명록 인사", name="방문객")

    pages = {
        "index": "/",
        "post": post.get_absolute_url(),
        "guestbook": "/guestbook/",
        "search": "/search/?q=경주에서",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "report": f"/comments/{first.pk}/report/",
    }
    page = new_page(width, 844)
    found = {}
    for name, url in pages.items():
        page.goto(url)
        found[name] = axe(page)
    # The header's menu open: its search box and language switch are checked too.
    page.goto("/")
    page.locator(".site-tools summary").click()
    found["menu"] = axe(page)
    screenshot(page, f"axe-menu-{width}", full_page=False)

    moderator = ModeratorFactory(nickname="운영자")
    mod = new_page(width, 844)
    log_in(mod.context, live_server, moderator)
    mod.goto("/moderation/")
    found["moderation"] = axe(mod)
    screenshot(mod, f"axe-moderation-{width}")

    problems = {name: violations for name, violations in found.items() if violations}
    assert problems == {}
