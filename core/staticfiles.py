"""Our own stylesheets and scripts, smaller where they are served (issue #13, page weight).

The files in static/ keep their comments (they say why) and their indentation; what a
browser downloads needs neither. `collectstatic` writes each of our .css and .js files
without comments and indentation (minify), then hashes and compresses them as before
(WhiteNoise's CompressedManifestStaticFilesStorage). Only files of STATICFILES_DIRS are
touched: Django's admin and other apps ship their own.

Deliberately conservative, no dependency: CSS loses comments and runs of white space
outside strings; JavaScript loses comment-only lines, blank lines and indentation but keeps
every line break (automatic semicolon insertion stays as written). A script whose strings
or comments span lines is left as it is.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

# A comment, or a string (kept as written), in CSS.
_CSS_TOKEN = re.compile(r"""/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""", re.S)
_CSS_SPACE = re.compile(r"\s+")
# No space is needed around these outside strings, nor after a colon (`a :hover` keeps the
# space before it); `+` and `-` are left alone (calc()).
_CSS_PUNCTUATION = re.compile(r"\s*([{};,>])\s*|(:)\s+")


def minify_css(text):
    parts, position = [], 0
    for token in _CSS_TOKEN.finditer(text):
        parts.append(_squeeze_css(text[position : token.start()]))
        if not token.group().startswith("/*"):
            parts.append(token.group())
        position = token.end()
    parts.append(_squeeze_css(text[position:]))
    return "".join(parts).strip().replace(";}", "}")


def _squeeze_css(text):
    return _CSS_PUNCTUATION.sub(lambda match: match.group(1) or match.group(2), _CSS_SPACE.sub(" ", text))


def minify_js(text):
    """Each line without its indentation; comment-only and blank lines dropped. None when a
    template literal or a block comment spans lines (then the file is served as written)."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.count("`") % 2 or stripped.count("/*") != stripped.count("*/"):
            return None
        if stripped and not stripped.startswith("//"):
            lines.append(stripped)
    return "\n".join(lines) + "\n"


def minify(name, text):
    """`text` of the static file `name` as served, or None to serve it as written."""
    if name.endswith(".css"):
        return minify_css(text)
    if name.endswith(".js"):
        return minify_js(text)
    return None


def _is_ours(storage):
    location = getattr(storage, "location", None)
    return location is not None and any(
        Path(location).resolve() == Path(directory).resolve() for directory in settings.STATICFILES_DIRS
    )


class MinifiedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """collectstatic: our .css/.js minified (minify) before they are hashed and compressed."""

    def post_process(self, paths, dry_run=False, **options):
        if not dry_run:
            paths = dict(paths)
            for name, (storage, path) in list(paths.items()):
                if not name.endswith((".css", ".js")) or not _is_ours(storage):
                    continue
                with storage.open(path) as source:
                    small = minify(name, source.read().decode("utf-8"))
                if small is None:
                    continue
                self.delete(name)
                self._save(name, ContentFile(small.encode("utf-8")))
                paths[name] = (self, name)  # hashed and compressed from the minified copy
        yield from super().post_process(paths, dry_run=dry_run, **options)
