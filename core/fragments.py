"""What a cached piece of HTML depends on besides its data: the reader's settings and the
templates it was rendered from. Kept by comments.render (the comment list and section) and
the blog's sidebar; a key made with these never serves markup of another language, time
zone, URL prefix or of an older template (a deploy)."""

from functools import cache
from hashlib import sha256
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation


def reader_settings():
    """Language, time zone and where URLs lead: what a template reads besides its context."""
    return (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )


def templates_version(pattern):
    """A short digest of every template file matching `pattern` (a glob under the template
    folders of both engines, e.g. "comments/_*"). Read once per process; under DEBUG
    (runserver, where a template may be edited) every time."""
    if settings.DEBUG:
        return _digest(pattern)
    return _remembered_digest(pattern)


def _digest(pattern):
    digest = sha256()
    folders = [*engines["django"].engine.dirs, *engines["jinja2"].template_dirs]
    for folder in dict.fromkeys(str(f) for f in folders):
        for path in sorted(Path(folder).glob(pattern)):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


_remembered_digest = cache(_digest)
