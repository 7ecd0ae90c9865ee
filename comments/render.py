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
at once. Not when the page cache keeps the whole page (core.public.kept_whole): the section
would be stored beside it under the same versions and never read. Everyone else gets their
own section, computed for them.
"""

from collections import OrderedDict
from dataclasses import fields
from hashlib import sha256
from threading import Lock

from django.template import engines
from django.utils.safestring import mark_safe

from core.fragments import reader_settings, templates_version
from core.public import kept_whole, page_part, store_page_part

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


def node_key(node):
    c = node.comment
    return (
        tuple(getattr(node, name) for name in NODE_KEY),
        tuple(getattr(c, name) for name in COMMENT_KEY),
        tuple(node_key(child) for child in node.children),
    )


def render_comment_list(section):
    """The <li> items of `section.nodes` (threads and their replies), as safe HTML."""
    template = engines["jinja2"].get_template(TEMPLATE)
    page_key = (templates_version(TEMPLATE), *reader_settings(), section.base_url, section.page_query)
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
    """Does this reader see the comment section every anonymous reader sees, on a page the
    page cache will not keep whole (with it off, or a query it refuses: ?fbclid=…)?"""
    return getattr(request, "is_public_page", False) and viewer.is_anonymous_page and not kept_whole(request)


def shared_section(request, obj, page, render):
    """The comment section HTML of `obj` on comment page `page` (as asked: None is the
    last) for anonymous readers: from the shared cache, or `render()` and kept there."""
    parts = (
        # Every partial of the section (its form, pager and list): markup of older templates
        # is never served (a changed catalogue is, until the entry expires, as with the page
        # cache).
        templates_version("comments/_*"),
        *reader_settings(),
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
