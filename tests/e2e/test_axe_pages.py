"""axe-core (vendored from the npm registry) finds no critical or serious violation on the
readers' pages and the moderation queue, at 1280 and at 390 px (issue 11, "Done when")."""

import pytest

from tests.factories import ModeratorFactory


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violation_on_the_readers_pages(
    new_page, log_in, reader_pages, axe, screenshot, width, db
):
    pages = dict(reader_pages)
    del pages["category"]  # the same list markup as the index
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
    log_in(mod.context, moderator)
    mod.goto("/moderation/")
    found["moderation"] = axe(mod)
    screenshot(mod, f"axe-moderation-{width}")

    problems = {name: violations for name, violations in found.items() if violations}
    assert problems == {}
