"""Every string a reader sees has a Korean translation whose placeholders match, and a
re-extract of the catalogues loses none of them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KOREAN_CATALOGUES = [
    *sorted(path for path in ROOT.glob("*/locale/ko/LC_MESSAGES/django.po") if ".venv" not in path.parts),
    ROOT / "locale" / "ko" / "LC_MESSAGES" / "django.po",
]


@pytest.mark.parametrize("path", KOREAN_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_korean_catalogue_is_complete_and_consistent(path):
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="ko")
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy (possibly wrong) in {path}: {fuzzy}"
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog.check()]
    assert not problems, f"placeholder mismatches in {path}: {problems}"


CATALOGUE_FOLDERS = [path.parent.parent.parent.relative_to(ROOT) for path in KOREAN_CATALOGUES]


def _translations(path):
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="ko")
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string for m in catalog if m.id}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (apt-get install gettext)")
def test_re_extracting_the_catalogues_loses_no_translation(tmp_path):
    """`make makemessages` (core's makemessages) on a copy of the project: every string of the
    code and templates, the Jinja2 ones included, is already in the catalogue it is filed
    under, with its translation, and no entry is left without a string that uses it (a
    re-extract would mark it obsolete). Fails when a string is added, changed or moved
    without its catalogue entry: run `make makemessages` and translate what it adds."""
    shutil.copy(ROOT / "manage.py", tmp_path)
    skip = shutil.ignore_patterns("__pycache__", "*.mo")
    for source in ROOT.iterdir():  # the packages (apps, config), templates and the catalogue
        package = (source / "__init__.py").exists() and source.name != "tests"
        if package or source.name in ("templates", "locale"):
            shutil.copytree(source, tmp_path / source.name, ignore=skip)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "ko", "--verbosity", "0"],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=True,
        capture_output=True,
    )
    for folder in CATALOGUE_FOLDERS:
        path = folder / "ko" / "LC_MESSAGES" / "django.po"
        before, after = _translations(ROOT / path), _translations(tmp_path / path)
        assert sorted(after.keys() - before.keys(), key=repr) == [], f"strings missing from {path}"
        assert sorted(before.keys() - after.keys(), key=repr) == [], f"entries of {path} no string uses"
        changed = sorted((key for key in before if before[key] != after[key]), key=repr)
        assert changed == [], f"translations a re-extract changes in {path}"
