"""The floors: core at the bottom, accounts (only the user) on it, blog and comments above.
No app imports the project package (config); accounts and comments name nothing of blog
(no import, no `blog:` URL, no BLOG_* setting), so either could serve another site."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "accounts", "blog", "comments"]
# What each floor may import among the project's own packages.
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "comments": {"core", "accounts"},
    "blog": {"core", "accounts", "comments"},
}


def python_files(app):
    return [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]


def imported_packages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("app", APPS)
def test_each_floor_imports_only_the_floors_below(app):
    project = {"config", *APPS} - {app}
    wrong = {
        f"{path.relative_to(ROOT)} imports {package}"
        for path in python_files(app)
        for package in imported_packages(path)
        if package in project and package not in ALLOWED[app]
    }
    assert not wrong


@pytest.mark.parametrize("app", ["core", "accounts", "comments"])
def test_lower_floors_name_no_blog_url_or_setting(app):
    sources = python_files(app) + list((ROOT / "templates" / app).rglob("*.html"))
    pattern = re.compile(r"""['"]blog:|BLOG_[A-Z]""")
    wrong = [str(path.relative_to(ROOT)) for path in sources if pattern.search(path.read_text("utf-8"))]
    assert not wrong
