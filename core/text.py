"""One rule for control characters in what readers and members type.

XML 1.0 cannot hold C0 control characters other than tab, newline and carriage return (nor
DEL, which many tools choke on): a comment, nickname or name with one would make every feed
that shows it fail, long after it was saved, and PostgreSQL refuses NUL in any query."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# For one-line input (search queries, slugs) tab and newline are control characters too.
LINE_CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x1f\x7f]")


def refuse_control_characters(text, message=None):
    """Return `text`, or raise ValidationError (code "control") if it holds one."""
    if CONTROL_CHARACTERS_RE.search(text):
        raise ValidationError(
            message or _("Remove the invisible control characters from the text."), code="control"
        )
    return text


def without_line_control_characters(text):
    """`text` on one line: every control character (tab and newline included) becomes a space."""
    return LINE_CONTROL_CHARACTERS_RE.sub(" ", text)
