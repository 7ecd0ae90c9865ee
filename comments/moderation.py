"""Reports, hold rules and moderators' actions. Who may moderate a comment: moderators
(django_comments.can_moderate or superuser) and the owners of the commented object
(comments.policy). Nothing here destroys data: removal is soft and every action is logged."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, Count, Max, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from core.korean import normalise

from . import notify
from .models import (
    BlockedWriter,
    CommentReport,
    HoldSettings,
    ModerationAction,
    ThreadedComment,
)
from .policy import registered_policies
from .roles import is_moderator, owner_ids_of
from .thread import text_html

OPEN = CommentReport.Status.OPEN


def report_threshold():
    return max(1, int(getattr(settings, "COMMENTS_REPORT_THRESHOLD", 3)))


# -- who ----------------------------------------------------------------------------
def may_moderate(user, comment):
    if is_moderator(user):
        return True
    return bool(user.is_authenticated and user.is_active and user.pk in owner_ids_of(comment.content_object))


def owned_comments_q(user):
    """Q for comments on objects `user` owns (policies that can list owned objects)."""
    q = Q(pk__in=[])
    for pol in registered_policies():
        if pol.owned_pks is None:
            continue
        content_type = ContentType.objects.get_for_model(pol.model)
        owned = pol.owned_pks(user)
        if hasattr(owned, "query"):  # a queryset of pks: stays one SQL query
            owned = (
                pol.model._default_manager.filter(pk__in=owned)
                .annotate(_pk_text=Cast("pk", CharField()))
                .values("_pk_text")
            )
        else:
            owned = [str(pk) for pk in owned]
        q |= Q(content_type=content_type, object_pk__in=owned)
    return q


def owns_anything(user):
    for pol in registered_policies():
        if pol.owned_pks is not None:
            owned = pol.owned_pks(user)
            if owned.exists() if hasattr(owned, "exists") else bool(list(owned)):
                return True
    return False


def scope_for(user):
    """Comments this user may moderate (None: every comment)."""
    if is_moderator(user):
        return None
    return owned_comments_q(user)


# -- the queue ------------------------------------------------------------------------
def open_reports():
    return CommentReport.objects.filter(status=OPEN)


QUEUE_PAGE_SIZE = 50


@dataclass
class QueuePage:
    """One page of the queue: reported comments first (most reported first), then the
    held ones (oldest first), QUEUE_PAGE_SIZE items a page."""

    reported: list
    held: list
    reported_total: int
    held_total: int
    number: int
    num_pages: int

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1


def queue_items(user, page=1):
    """The queue page `page` (out of range: the nearest page). Reported comments carry
    `report_count`, `last_reported`, `open_reports` and `reason_counts`; every item its
    `target` object and `text_html`. Only the rows of the page are read: the ranking of
    reported comments is grouped on the reports table alone (its open reports' partial
    index), then the page's 50 comments are fetched by primary key. Grouping the comments
    joined to their reports by every column of three tables took 70 ms at 500 reports."""
    comments = ThreadedComment.objects.filter(is_removed=False)
    reports = open_reports().filter(comment__is_removed=False)
    scope = scope_for(user)
    if scope is not None:
        comments = comments.filter(scope)
        reports = reports.filter(comment__in=comments.values("pk"))
    ranked = (
        reports.values("comment_id")
        .annotate(report_count=Count("pk"), last_reported=Max("created_at"))
        .order_by("-report_count", "-last_reported", "-comment_id")
    )
    held_rows = comments.filter(is_public=False).select_related("user").order_by("submit_date", "pk")
    reported_total = ranked.count()
    held_total = held_rows.count()
    size = QUEUE_PAGE_SIZE
    num_pages = max(1, -(-(reported_total + held_total) // size))
    page = min(max(1, page), num_pages)
    start, end = (page - 1) * size, page * size
    ranks = list(ranked[start:end]) if start < reported_total else []
    held_start, held_end = max(0, start - reported_total), max(0, end - reported_total)
    held = list(held_rows[held_start:held_end]) if held_end > held_start else []
    reported = []
    if ranks:
        found = ThreadedComment.objects.select_related("user").in_bulk([r["comment_id"] for r in ranks])
        labels = {value: str(label) for value, label in CommentReport.Reason.choices}  # once, not per report
        by_comment = {}
        for report in open_reports().filter(comment__in=list(found)).order_by("created_at"):
            by_comment.setdefault(report.comment_id, []).append(report)
        for rank in ranks:
            c = found.get(rank["comment_id"])
            if c is None:
                continue  # purged between the two queries (its reports went with it)
            c.report_count, c.last_reported = rank["report_count"], rank["last_reported"]
            c.open_reports = by_comment.get(c.pk, [])
            counts = {}
            for report in c.open_reports:
                counts[report.reason] = counts.get(report.reason, 0) + 1
            c.reason_counts = [
                (labels.get(reason, reason), n)
                for reason, n in sorted(counts.items(), key=lambda item: -item[1])
            ]
            reported.append(c)
    for c in reported + held:
        c.text_html = text_html(c)
    attach_objects(reported + held)
    return QueuePage(reported, held, reported_total, held_total, page, num_pages)


def attach_objects(comments):
    """Set `target` on each comment: its object, one query per content type. The queue
    names and links the object; its long text columns (a post's body and HTML, a few KB a
    row) are not read."""
    wanted = {}
    for c in comments:
        wanted.setdefault(c.content_type_id, set()).add(c.object_pk)
    found = {}
    for content_type_id, pks in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        long_text = [f.name for f in model._meta.concrete_fields if isinstance(f, TextField)]
        for obj in model._default_manager.filter(pk__in=list(pks)).defer(*long_text):
            found[(content_type_id, str(obj.pk))] = obj
    for c in comments:
        c.target = found.get((c.content_type_id, c.object_pk))


def open_item_count(user, everything):
    """The number of comments waiting for review (held, or public and reported), on every
    object (`everything`, a moderator) or on the objects `user` owns. Two counts, each
    read from a partial index (comments migration 0011) rather than an OR over every
    comment, which scanned a million rows on every page a moderator viewed."""
    held = ThreadedComment.objects.filter(is_public=False, is_removed=False)
    reported = ThreadedComment.objects.filter(
        is_public=True, is_removed=False, pk__in=open_reports().values("comment_id")
    )
    if not everything:
        held, reported = held.filter(owned_comments_q(user)), reported.filter(owned_comments_q(user))
    return held.count() + reported.count()


OPEN_COUNT_SECONDS = 5 * 60
QUEUE_VERSION = "comments:queue-version"


def queue_changed():
    """Any change to what the queue holds (a comment saved or deleted, a report, a
    moderator's action): the header counts cached under the old version are not used again."""
    cache.delete(QUEUE_VERSION)


def cached_open_item_count(user, everything):
    """open_item_count for the header, kept in the shared cache until the queue changes
    (comments/freshness.py calls queue_changed), so no page pays for it twice."""
    version = cache.get(QUEUE_VERSION)
    if version is None:
        cache.add(QUEUE_VERSION, timezone.now().timestamp(), None)
        version = cache.get(QUEUE_VERSION, 0)
    key = f"comments:open-items:{user.pk}:{int(everything)}:{version}"
    count = cache.get(key)
    if count is None:
        count = open_item_count(user, everything)
        cache.set(key, count, OPEN_COUNT_SECONDS)
    return count


def log_for(user, limit=50):
    log = ModerationAction.objects.select_related("actor")
    if not is_moderator(user):
        owned = ThreadedComment.objects.filter(owned_comments_q(user)).values("pk")
        log = log.filter(Q(comment__in=Subquery(owned)) | Q(actor=user))
    return list(log[:limit])


# -- reports --------------------------------------------------------------------------
def already_reported(comment, user=None, browser_key="", address_hash=""):
    reports = CommentReport.objects.filter(comment=comment)
    if user is not None:
        return reports.filter(user=user).exists()
    q = Q(pk__in=[])
    if browser_key:
        q |= Q(browser_key=browser_key)
    if address_hash:
        q |= Q(address_hash=address_hash)
    return reports.filter(user__isnull=True).filter(q).exists()


def add_report(comment, reason, detail="", user=None, browser_key="", address_hash=""):
    """Record a report; hide the comment when it reaches the threshold. Returns the report.
    Raises IntegrityError for a duplicate that raced past `already_reported`."""
    with transaction.atomic():
        # Serialise the reports of one comment so the threshold is crossed exactly once.
        locked = ThreadedComment.norel_objects.select_for_update().get(pk=comment.pk)
        report = CommentReport.objects.create(
            comment=locked,
            reason=reason,
            detail=detail,
            user=user,
            browser_key="" if user else browser_key,
            address_hash="" if user else address_hash,
        )
        count = open_reports().filter(comment=locked).count()
        if count >= report_threshold() and not locked.is_hidden and not locked.is_removed:
            set_columns(comment, is_hidden=True, hidden_at=timezone.now())
            ModerationAction.record(ModerationAction.Kind.HIDE, comment)
            notify.comment_hidden(comment, count)
    return report


# -- actions --------------------------------------------------------------------------
ACTIONS = ("remove", "keep", "approve", "reject", "block", "restore")
# What an object's owner (a post's author) may do on its comments. Blocking is site-wide and
# restoring can undo a moderator's removal, so both stay with moderators.
OWNER_ACTIONS = ("remove", "keep", "approve", "reject")


def may_perform(user, action, comment):
    if is_moderator(user):
        return True
    return action in OWNER_ACTIONS and may_moderate(user, comment)


def applies(action, comment):
    if action == "remove":
        return not comment.is_removed
    if action == "keep":
        return not comment.is_removed and (
            comment.is_hidden or open_reports().filter(comment=comment).exists()
        )
    if action in ("approve", "reject"):
        return comment.is_held
    if action == "restore":
        # Only what a moderator removed: a comment its writer deleted stays deleted (a
        # moderator must not bring back words their writer took back).
        return comment.is_removed and comment.is_public and comment.removed_by_moderator
    return action == "block"


def set_columns(comment, **values):
    """Write these columns of the comment's row (no save(): nothing else of a row that may
    be stale is written back) and keep the instance in step."""
    ThreadedComment.norel_objects.filter(pk=comment.pk).update(**values)
    for name, value in values.items():
        setattr(comment, name, value)


def perform(action, comment, actor, reason=""):
    """Apply one action to one comment and log it. Returns False if it does not apply."""
    if action not in ACTIONS or not applies(action, comment):
        return False
    now = timezone.now()
    with transaction.atomic():
        if action == "remove":
            comment.soft_delete(by_user=actor, by_moderator=True)
            open_reports().filter(comment=comment).update(status=CommentReport.Status.RESOLVED)
        elif action == "keep":
            set_columns(comment, is_hidden=False, hidden_at=None)
            open_reports().filter(comment=comment).update(status=CommentReport.Status.DISMISSED)
        elif action == "approve":
            set_columns(comment, is_public=True, held_reason="")
            notify.comment_approved(comment)
        elif action == "reject":
            set_columns(comment, is_removed=True, removed_at=now, removed_by=actor, removed_by_moderator=True)
        elif action == "restore":
            set_columns(
                comment, is_removed=False, removed_at=None, removed_by=None, removed_by_moderator=False
            )
        elif action == "block":
            block_writer(comment, actor, reason)
        ModerationAction.record(action, comment, actor=actor, reason=reason)
    return True


def block_writer(comment, actor, reason=""):
    if comment.user_id:
        found = BlockedWriter.objects.filter(user_id=comment.user_id).first()
        return found or BlockedWriter.objects.create(user_id=comment.user_id, reason=reason, created_by=actor)
    found = BlockedWriter.objects.filter(
        user__isnull=True, user_name=comment.user_name, address_hash=comment.address_hash
    ).first()
    return found or BlockedWriter.objects.create(
        user_name=comment.user_name,
        address_hash=comment.address_hash,
        reason=reason,
        created_by=actor,
    )


# -- hold rules -----------------------------------------------------------------------
LINK_RE = re.compile(
    r"(?i)(?:https?://|www\.)\S+"
    r"|(?<![/\w.@-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|kr|io|me|xyz|info|biz|co)\b"
)


def count_links(text):
    return len(LINK_RE.findall(text or ""))


def is_blocked(user_id, user_name, address_hash):
    blocked = BlockedWriter.objects.all()
    if user_id:
        return blocked.filter(user_id=user_id).exists()
    q = Q(user__isnull=True, user_name__iexact=user_name) if user_name else Q(pk__in=[])
    if address_hash:
        q |= Q(user__isnull=True, address_hash=address_hash)
    return blocked.filter(q).exists()


def hold_reason(comment, text=None):
    """Why this comment (new, or edited to `text`) must wait for approval, or "" to
    publish it now."""
    text = comment.comment if text is None else text
    rules = HoldSettings.get()
    if is_blocked(comment.user_id, comment.user_name if not comment.user_id else "", comment.address_hash):
        return "blocked"
    if rules.hold_all:
        return "all"
    if count_links(text) > rules.max_links:
        return "links"
    text = normalise(text)
    if any(normalise(word) and normalise(word) in text for word in rules.word_list()):
        return "words"
    return ""


# -- the queue's POST ----------------------------------------------------------------------
@dataclass(frozen=True)
class Applied:
    """What a moderation request did: `refused` ("missing", "not_owner", "moderators_only")
    when nothing was done, else the numbers of comments done and skipped (the action did not
    apply to them)."""

    action: str
    done: int = 0
    skipped: int = 0
    refused: str = ""


def apply(user, action, ids, reason=""):
    """Apply `action` to the comments `ids` for `user`, all of them or none."""
    comments = list(ThreadedComment.objects.select_related("content_type").filter(pk__in=ids))
    if len(comments) != len(set(ids)):
        return Applied(action, refused="missing")
    if not all(may_moderate(user, c) for c in comments):
        return Applied(action, refused="not_owner")
    if not all(may_perform(user, action, c) for c in comments):
        return Applied(action, refused="moderators_only")
    done = sum(1 for c in comments if perform(action, c, user, reason))
    return Applied(action, done=done, skipped=len(comments) - done)
