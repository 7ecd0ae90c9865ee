"""Every string a reader sees has a Korean translation whose placeholders match."""

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
