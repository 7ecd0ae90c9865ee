"""Browser journeys: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).
Never a downloaded browser. Screenshots go to tests/e2e/screenshots/ (git-ignored)."""

import os
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"

# The live server runs in a thread of this process; Playwright's sync API runs an event
# loop in the main thread, which Django's async-safety check would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # The live server sees only committed data; serialized_rollback brings back what
            # data migrations created (the Authors and Moderators groups) after each flush.
            if not item.get_closest_marker("django_db"):
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Make pages in fresh browser contexts (separate cookies = separate readers)."""
    contexts = []

    def make(width=1280, height=900, locale="ko-KR"):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale, base_url=live_server.url
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    # A request the page had in flight (an autosave, the editor's preview) may still be running
    # in the live server's thread; the test's database flush comes next, and SQLite's shared
    # in-memory database refuses it while that request holds a table ("database table is
    # locked"). A moment lets it finish.
    if contexts:
        time.sleep(0.3)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name, full_page=True):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core 4.14.1 from the npm registry


@pytest.fixture
def axe():
    """Run axe-core in the page; return the violations of the given impacts (critical and
    serious by default) as readable strings, so a failing assert says what is wrong where."""

    def run(page, impacts=("critical", "serious")):
        # Evaluated through the DevTools protocol, which our Content-Security-Policy does not
        # govern (a <script> tag added to the page would be refused by it, as it should be).
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(AXE_SOURCE.read_text(encoding="utf-8") + "\n;window.axe = axe; true")
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            for violation in result["violations"]
            if violation["impact"] in impacts
        ]

    return run


@pytest.fixture
def log_in(live_server):
    """Give a browser context the session cookie of `user` (logged in without the form)."""
    from django.conf import settings
    from django.test import Client

    def do(context, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])

    return do


@pytest.fixture(autouse=True)
def _site_record(request):
    """The Sites framework's row, as migrate leaves it (core.apps.sync_site: SITE_ID, the host
    of SITE_URL). A transactional test's flush empties django_site, and the next test may
    run without it whatever was restored (sign-up asks for the current site and would fail
    with Site.DoesNotExist): every journey starts with the row there, in any order."""
    from django.apps import apps

    from core.apps import sync_site

    request.getfixturevalue("transactional_db")
    sync_site(apps.get_app_config("sites"))


VIDEO_LINK = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def travel_post(title, text, tags, **more):
    """하늘's post in 여행: `text`, then a YouTube link on its own line (the click-to-play
    facade). Made for the readers' pages and the reader's journey."""
    from tests.factories import PostFactory

    return PostFactory(
        title=title,
        author__nickname="하늘",
        category__name="여행",
        body=f"{text}\n\n{VIDEO_LINK}",
        tags=tags,
        **more,
    )


def send_guest_comment(form, text, name, password):
    """Type a guest's comment into a comment form (nickname, password, words) and send it."""
    form.locator("textarea").fill(text)
    form.get_by_label("닉네임").fill(name)
    form.get_by_label("비밀번호", exact=True).fill(password)
    form.get_by_role("button", name="등록").click()


def open_reply_form(page, pk):
    """Click 댓글쓰기 under comment `pk`: the comment form moves under it; returns that form."""
    from playwright.sync_api import expect

    page.locator(f"#comment-{pk}").get_by_role("link", name="댓글쓰기").click()
    form = page.locator(f"#comment-{pk} #comment-form")
    expect(form).to_be_visible()
    return form


def send_reply(page, form, pk, text):
    """Write `text` in the moved form and send it: it shows among the replies. Returns the
    reply to comment `pk` as stored."""
    from playwright.sync_api import expect

    from comments.models import ThreadedComment

    form.locator("textarea").fill(text)
    form.get_by_role("button", name="등록").click()
    expect(page.locator(".comment-list--replies article > p", has_text=text)).to_be_visible()
    return ThreadedComment.objects.get(parent_id=pk, level=1)


@pytest.fixture
def reader_pages():
    """A blog with what a reader's pages show (a post with a video, replies, a secret
    comment, a removed one under its reply, a guestbook entry); returns name -> URL of
    the pages checked by the HTML checker and axe-core."""
    from comments.models import Guestbook
    from tests.comments.conftest import make_comment
    from tests.factories import PostFactory

    post = travel_post(
        "가을 경주 당일치기 여행",
        "경주에 다녀왔습니다. [불국사](https://example.com) 사진.",
        ["경주", "가을"],
    )
    PostFactory(title="제주 올레길", author=post.author, category=post.category)
    first = make_comment(post, "첫 댓글 https://example.com", name="나그네")
    make_comment(post, "답글입니다", user=post.author, parent=first)
    make_comment(post, "비밀", name="손님", is_secret=True)
    gone = make_comment(post, "지울 댓글", name="지나가던")
    make_comment(post, "남는 답글", name="나그네", parent=gone)
    gone.soft_delete()
    make_comment(Guestbook.get(), "방명록 인사", name="방문객")
    return {
        "index": "/",
        "post": post.get_absolute_url(),
        "guestbook": "/guestbook/",
        "search": "/search/?q=경주에서",
        "category": post.category.get_absolute_url(),
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "report": f"/comments/{first.pk}/report/",
    }
