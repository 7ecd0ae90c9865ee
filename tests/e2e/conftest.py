"""Browser journeys: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).
Never a downloaded browser. Screenshots go to tests/e2e/screenshots/ (git-ignored)."""

import os
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
