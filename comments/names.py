"""Guest nicknames that would pass for someone else: a member's (or an author's) nickname
or username, or a reserved word such as 관리자 (settings.COMMENTS_RESERVED_NAMES).
Compared by core.korean.name_key, so spacing, case, full-width letters, zero-width
characters, punctuation and Hangul compatibility jamo do not make a different name."""

from django.conf import settings
from django.contrib.auth import get_user_model

from core.korean import name_key


def reserved_names():
    return getattr(settings, "COMMENTS_RESERVED_NAMES", ())


def impersonates(name):
    """Whether a guest may not use `name`. One query over the members' names: a blog has
    few members, and the key (spacing, jamo…) cannot be computed by the database."""
    key = name_key(name)
    if not key:
        return False
    if any(name_key(word) == key for word in reserved_names()):
        return True
    for username, nickname in get_user_model().objects.values_list("username", "nickname").iterator():
        if key in (name_key(username), name_key(nickname)):
            return True
    return False
