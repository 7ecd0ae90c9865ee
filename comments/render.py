"""The comment list of a page: templates/comments/_comments.jinja, rendered by the jinja2
engine (core/jinja.py), one thread at a time, each thread's HTML kept in a per-process
cache keyed by everything the template reads.

Why a cache: even compiled by Jinja2 the template costs about 35 µs a comment, three times
the hand-written f-strings it replaced, which would make a post with a hundred comments
15% slower. A thread's markup is a pure function of its nodes (comments.thread.describe:
the display data and this reader's permissions), the section's permalink base, the
language, the time zone and the URL prefix; the key is made of exactly those values, so a
changed comment, name, avatar or permission is a different key and the cache can never
serve stale markup and never needs invalidating. What the template may read is pinned by
tests/comments/test_render.py (a new `node.x` is in the key by itself; a new comment
attribute must be added to COMMENT_KEY).

The whole comment section (`shared_section`) is also kept in the shared cache for readers
who all see the same one: anonymous readers of a public page (core.public: no personal
cookie) with nothing unlocked or posted in a session. It is stored as long as the page
cache keeps a page and under the same versions (core.public.page_part): any comment of the
object posted, edited, deleted, hidden or moderated, and any post change, makes it unused
at once, whether or not the page cache is on. Everyone else gets their own section,
computed for them.
"""

from collections import OrderedDict
from dataclasses import fields
from hashlib import sha256
from pathlib import Path
from threading import Lock

from django.conf import settings
from django.template import engines
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from core.public import page_part, store_page_part

from .thread import Node, per_page

TEMPLATE = "comments/_comments.jinja"
# Node fields that are not display data: the model instance (read through COMMENT_KEY) and
# the replies (keyed one by one).
NODE_KEY = tuple(f.name for f in fields(Node) if f.name not in ("comment", "children"))
# The comment attributes the template reads (`c.…`).
COMMENT_KEY = ("pk", "level", "is_secret", "submit_date", "edited_at")
CACHE_SIZE = 4000  # threads per process (a thread's HTML is about 3 KB)

_cache = OrderedDict()
_lock = Lock()


def _template_version():
    """Changes when the template file changes (a deploy), so old markup is never served."""
    for directory in engines["jinja2"].template_dirs:
        path = Path(directory) / TEMPLATE
        if path.exists():
            return sha256(path.read_bytes()).hexdigest()[:16]
    return ""


_version = None
_section_version = None


def _section_templates_version():
    """Changes when any partial template of the comments (templates/comments/_*: the
    section, its form, pager and list) changes: markup from older templates is never
    served (a changed catalogue is, until the entry expires, as with the page cache)."""
    digest = sha256()
    directories = [*engines["django"].engine.dirs, *engines["jinja2"].template_dirs]
    for directory in dict.fromkeys(str(d) for d in directories):
        for path in sorted((Path(directory) / "comments").glob("_*")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _reader_settings():
    """What else the markup depends on: language, time zone and where URLs lead."""
    return (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )


def node_key(node):
    c = node.comment
    return (
        tuple(getattr(node, name) for name in NODE_KEY),
        tuple(getattr(c, name) for name in COMMENT_KEY),
        tuple(node_key(child) for child in node.children),
    )


def render_comment_list(section):
    """The <li> items of `section.nodes` (threads and their replies), as safe HTML."""
    global _version
    if _version is None or settings.DEBUG:  # under runserver the template may be edited
        _version = _template_version()
    template = engines["jinja2"].get_template(TEMPLATE)
    page_key = (_version, *_reader_settings(), section.base_url, section.page_query)
    parts = []
    for node in section.nodes:
        key = (page_key, node_key(node))
        html = _cache.get(key)
        if html is None:
            html = template.render({"section": section, "nodes": [node]})
            with _lock:
                _cache[key] = html
                if len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        parts.append(html)
    return mark_safe("".join(parts))


def shares_section(request, viewer):
    """Does this reader see the comment section every anonymous reader sees?"""
    return getattr(request, "is_public_page", False) and viewer.is_anonymous_page


def shared_section(request, obj, page, render):
    """The comment section HTML of `obj` on comment page `page` (as asked: None is the
    last) for anonymous readers: from the shared cache, or `render()` and kept there."""
    global _section_version
    if _section_version is None or settings.DEBUG:
        _section_version = _section_templates_version()
    parts = (
        _section_version,
        *_reader_settings(),
        per_page(),  # how the threads are cut into pages (app servers of another deploy may differ)
        obj._meta.label,
        obj.pk,
        request.path,
        page,
    )
    key = f"comments:section:{sha256(repr(parts).encode()).hexdigest()[:40]}"
    versions, html = page_part(key, obj.get_absolute_url())
    if html is None:
        html = render()
        store_page_part(key, versions, str(html))
    return mark_safe(html)
