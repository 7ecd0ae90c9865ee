"""The one way a comment's text gets into the database: a new comment and an edit both
go through `submit()`, which runs the whole sequence and returns an `Outcome` (what
happened); the views only turn outcomes into responses.

For a new comment, in this order:
1. duplicate check: a double click (same writer, place and text within minutes) gives
   back the first comment instead of a second one;
2. hold rules (`moderation.hold_reason`): blocked writers, "approve everything", too many
   links, blocked words: the comment is saved but waits for approval;
3. django_comments' `comment_will_be_posted` signal (a receiver may refuse);
4. the save, in one transaction under the thread root's row lock (`ThreadedComment.save`);
5. the posting rate limit counts it, a guest's browser remembers it (`viewer`);
6. `comment_was_posted`, then the emails (`notify`, sent after commit).

An edit keeps the previous version (`CommentRevision`) and passes the same hold rules
(otherwise a published "좋은 글" could become spam, or a blocked writer could keep
rewriting), saved under the same lock. It sends no posting signal and no email: nothing
new was posted.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_comments import signals
from django_comments_xtd.models import MaxThreadLevelExceededException

from core.throttle import Throttle, address_hash

from . import moderation, notify
from . import viewer as viewer_mod
from .models import ThreadedComment

ADDRESS_PURPOSE = "comments"
DUPLICATE_WINDOW = 10 * 60

# What happened to a submitted comment.
PUBLISHED = "published"  # saved and shown
HELD = "held"  # saved, shown after a moderator's approval
DUPLICATE = "duplicate"  # the same comment was just posted: `comment` is that one
REFUSED = "refused"  # a comment_will_be_posted receiver said no: nothing saved
TOO_DEEP = "too_deep"  # the parent is at the deepest reply level (checked under the lock)
PARENT_GONE = "parent_gone"  # the parent disappeared between the form and the save
UNCHANGED = "unchanged"  # an edit that changed nothing: nothing saved


@dataclass(frozen=True)
class Outcome:
    status: str
    comment: ThreadedComment

    @property
    def saved(self):
        return self.status in (PUBLISHED, HELD)


@dataclass(frozen=True)
class Edit:
    """The new text and secrecy of an existing comment."""

    text: str
    is_secret: bool


def writer_address(request):
    """The salted hash of the writer's network address (no raw address is stored)."""
    return address_hash(request, ADDRESS_PURPOSE)


def post_throttle():
    """New comments per client address (COMMENTS_POSTS_PER_MINUTE, default 5 a minute)."""
    return Throttle("comment-post", int(getattr(settings, "COMMENTS_POSTS_PER_MINUTE", 5)), 60)


def submit(request, comment, *, password="", edit=None):
    """Post `comment` (new and unsaved, from CommentForm.build_comment; `password` is the
    guest's raw password for the duplicate check) or, with `edit`, change a saved one.
    Returns the Outcome."""
    if edit is not None:
        return _submit_edit(request, comment, edit)
    if not comment.address_hash:
        comment.address_hash = writer_address(request)
    duplicate = find_duplicate(comment, password)
    if duplicate is not None:
        return Outcome(DUPLICATE, duplicate)
    comment.held_reason = moderation.hold_reason(comment)
    if comment.held_reason:
        comment.is_public = False
    responses = signals.comment_will_be_posted.send(sender=ThreadedComment, comment=comment, request=request)
    if any(response is False for _receiver, response in responses):
        return Outcome(REFUSED, comment)
    try:
        comment.save()  # one transaction, under the thread root's row lock
    except MaxThreadLevelExceededException:
        return Outcome(TOO_DEEP, comment)
    except ThreadedComment.DoesNotExist:
        return Outcome(PARENT_GONE, comment)
    post_throttle().hit(comment.address_hash)
    if comment.user_id is None:
        viewer_mod.remember_posted(request, comment.pk)
    signals.comment_was_posted.send(sender=ThreadedComment, comment=comment, request=request)
    notify.comment_posted(comment)
    return Outcome(HELD if comment.is_held else PUBLISHED, comment)


def _submit_edit(request, comment, edit):
    if edit.text == comment.comment and edit.is_secret == comment.is_secret:
        return Outcome(UNCHANGED, comment)
    held_reason = moderation.hold_reason(comment, text=edit.text)
    with transaction.atomic():
        lock_thread(comment)
        comment.edit(edit.text, edit.is_secret, by_user=request.user, held_reason=held_reason)
    return Outcome(HELD if held_reason else PUBLISHED, comment)


def lock_thread(comment):
    """Take the row lock of the comment's thread root, the lock every writer to that
    thread waits for (see ThreadedComment.save); a no-op on SQLite."""
    list(ThreadedComment.norel_objects.select_for_update().filter(pk=comment.thread_id).values_list("pk"))


def find_duplicate(comment, raw_password=""):
    """A double click (same writer, place, text within minutes) gives back the first one.
    A guest is the same writer only with the same nickname, network and password: two
    readers behind one address who both write "감사합니다" keep their own comments."""
    since = timezone.now() - timezone.timedelta(seconds=DUPLICATE_WINDOW)
    same = ThreadedComment.norel_objects.filter(
        content_type=comment.content_type,
        object_pk=comment.object_pk,
        comment=comment.comment,
        submit_date__gte=since,
        is_removed=False,
    )
    if comment.parent_id:
        same = same.filter(parent_id=comment.parent_id, level__gt=0)
    else:
        same = same.filter(level=0)
    if comment.user_id:
        same = same.filter(user_id=comment.user_id)
    else:
        same = same.filter(user__isnull=True, user_name=comment.user_name, address_hash=comment.address_hash)
        return next((c for c in same.order_by("pk") if c.check_guest_password(raw_password)), None)
    return same.order_by("pk").first()
