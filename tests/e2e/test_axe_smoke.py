"""axe-core runs in our pages (the fixture every accessibility journey uses)."""


def test_axe_runs_on_the_home_page(page, axe, live_server):
    page.goto("/")
    violations = axe(page, impacts=("critical",))
    assert isinstance(violations, list)
    assert page.evaluate("typeof axe.run") == "function"
