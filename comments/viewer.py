"""The per-request facts about the reader that change what the comment area shows.

Everything personal in the comment area (edit links, readable secret comments, guest
comments unlocked with their password) is derived from this small object and nothing
else; an anonymous reader with nothing unlocked (`viewer.is_anonymous_page`) gets the
same HTML as every other anonymous reader apart from the CSRF token, and no secret text.
"""

import time
from dataclasses import dataclass, field

from .roles import cached_role

SESSION_KEY = "comments_unlocked"
POSTED_KEY = "comments_posted"  # guest comments written in this browser (newest last)
POSTED_KEEP = 100
UNLOCK_SECONDS = 30 * 60


@dataclass(frozen=True)
class Viewer:
    user_id: int | None = None
    is_moderator: bool = False
    unlocked: frozenset = field(default_factory=frozenset)  # guest comments opened by password
    posted: frozenset = field(default_factory=frozenset)  # guest comments written in this browser

    @property
    def is_anonymous_page(self):
        return self.user_id is None and not self.unlocked and not self.posted

    def wrote(self, comment_id, user_id):
        """Did this reader write that comment (member by account, guest by browser)?"""
        if user_id is not None:
            return self.user_id is not None and user_id == self.user_id
        return comment_id in self.posted


def viewer_for(request):
    cached = getattr(request, "_comments_viewer", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    # The role is kept in the shared cache (the header asks for it too): no permission
    # queries on every page.
    is_moderator = bool(user_id) and cached_role(user) == "all"
    viewer = Viewer(
        user_id=user_id, is_moderator=is_moderator, unlocked=unlocked_ids(request), posted=posted_ids(request)
    )
    request._comments_viewer = viewer
    return viewer


def unlocked_ids(request):
    session = getattr(request, "session", None)
    if session is None or (not session.session_key and not session.modified):
        return frozenset()
    now = time.time()
    stored = session.get(SESSION_KEY) or {}
    return frozenset(int(pk) for pk, until in stored.items() if until > now)


def posted_ids(request):
    session = getattr(request, "session", None)
    if session is None or (not session.session_key and not session.modified):
        return frozenset()
    return frozenset(int(pk) for pk in session.get(POSTED_KEY) or ())


def remember_posted(request, comment_id):
    """A guest wrote this comment in this browser: they see it while it is held and are
    not offered to report it."""
    stored = [pk for pk in (request.session.get(POSTED_KEY) or []) if pk != comment_id]
    request.session[POSTED_KEY] = ([*stored, comment_id])[-POSTED_KEEP:]
    request._comments_viewer = None


def unlock(request, comment_id):
    now = time.time()
    stored = {pk: until for pk, until in (request.session.get(SESSION_KEY) or {}).items() if until > now}
    stored[str(comment_id)] = now + UNLOCK_SECONDS
    request.session[SESSION_KEY] = stored
    request._comments_viewer = None


def forget(request, comment_id):
    stored = dict(request.session.get(SESSION_KEY) or {})
    if stored.pop(str(comment_id), None) is not None:
        request.session[SESSION_KEY] = stored
    request._comments_viewer = None
