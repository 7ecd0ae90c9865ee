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

from .thread import Node

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
    page_key = (
        _version,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        section.base_url,
        section.page_query,
    )
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
