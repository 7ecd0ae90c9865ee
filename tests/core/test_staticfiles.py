"""collectstatic serves our stylesheets and scripts minified (core/staticfiles.py), and the
post page's own CSS and JavaScript stay within their budget (issue #13, page weight)."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static

from core.staticfiles import minify
from tests.factories import PostFactory

# Target 9 of issue #13 asks for under 30 KB. The post page loaded 41.2 KB minified; with 수정
# and 신고 (comments-actions.js/.css) fetched on first use and rcssmin/rjsmin it loads 33.2 KB:
# the budget keeps it from growing while the rest is found.
ASSET_BUDGET = 34_000


def test_css_loses_comments_and_space_but_not_strings_calc_or_descendants():
    css = """/* it's a comment */
a :hover, .b > .c {
  width: calc(100% + 1px);
  content: "a { b } /* kept */";
  background: url("data:image/svg+xml,%3Csvg viewBox='0 0 16 16'%3E") no-repeat;
}
@media (max-width: 760px) { .x { color: red; } }
"""
    assert minify("a.css", css) == (
        'a :hover,.b>.c{width:calc(100% + 1px);content:"a { b } /* kept */";'
        "background:url(\"data:image/svg+xml,%3Csvg viewBox='0 0 16 16'%3E\") no-repeat}"
        "@media (max-width:760px){.x{color:red}}"
    )


def test_js_loses_comments_and_space_but_not_strings_regexes_or_template_literals():
    js = """// a comment line
(function () {
  /* a block
     comment */
  var a = "// not a comment", re = /a  b/g, t = `one
  two`;

  return a  // said here
})();
"""
    small = minify("a.js", js)
    assert '"// not a comment"' in small and "/a  b/g" in small and "`one\n  two`" in small
    assert "comment line" not in small and "block" not in small and "said here" not in small
    assert len(small) < len(js) / 2
    assert minify("a.svg", "<svg/>") is None


def test_collectstatic_minifies_our_files_before_hashing_them(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "core.staticfiles.MinifiedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    source = Path(finders.find("css/comments.css")).read_text()
    hashed = list(tmp_path.glob("css/comments.*.css"))
    assert len(hashed) == 1
    assert hashed[0].read_text() == minify("css/comments.css", source)
    assert (tmp_path / "css" / "comments.css").read_text() == minify("css/comments.css", source)
    assert "/*" in source and "/*" not in hashed[0].read_text()


@pytest.mark.django_db
def test_the_post_page_loads_at_most_its_budget_of_our_css_and_javascript(client):
    post = PostFactory()
    head = client.get(post.get_absolute_url()).content.decode().split("</head>")[0]
    urls = re.findall(r'<(?:link rel="stylesheet"|script) [^>]*(?:href|src)="([^"]+)"', head)
    names = [url.removeprefix(static("")) for url in urls]
    assert {"css/site.css", "css/comments.css", "js/comments.js", "js/blog.js"} <= set(names)
    assert "css/pages.css" not in names and "css/editor.css" not in names and "js/editor.js" not in names
    assert "js/comments-actions.js" not in names and "css/comments-actions.css" not in names
    # ...but comments.js is told where they are (hashed names after collectstatic).
    assert f'data-more="{static("js/comments-actions.js")}"' in head
    assert f'data-more-css="{static("css/comments-actions.css")}"' in head
    served = {name: len(minify(name, Path(finders.find(name)).read_text()).encode()) for name in names}
    assert sum(served.values()) < ASSET_BUDGET, served
