"""Our own stylesheets and scripts, smaller where they are served (issue #13, page weight).

The files in static/ keep their comments (they say why) and their indentation; what a
browser downloads needs neither. `collectstatic` writes each of our .css and .js files
without comments and indentation (minify), then hashes and compresses them as before
(WhiteNoise's CompressedManifestStaticFilesStorage). Only files of STATICFILES_DIRS are
touched: Django's admin and other apps ship their own.

Minified by rcssmin and rjsmin (the minifiers django-compressor and webassets use): they
only drop what a browser ignores (comments, white space), never rename or rewrite code, and
leave strings, regular expressions and template literals as written.
"""

from pathlib import Path

import rcssmin
import rjsmin
from django.conf import settings
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage


def minify(name, text):
    """`text` of the static file `name` as served, or None to serve it as written."""
    if name.endswith(".css"):
        return rcssmin.cssmin(text)
    if name.endswith(".js"):
        return rjsmin.jsmin(text)
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
