"""Our comment model: xtd's threaded comment plus guest passwords, secret comments,
edit history and a safe (locked, single-transaction) way to insert replies."""

from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.db.models import F, Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_comments.models import Comment
from django_comments_xtd.models import MaxThreadLevelExceededException, XtdComment

from core.models import member_link

from .text import render_text

# Column limits of django_comments' Comment: forms must never accept more than these.
USER_NAME_MAX = Comment._meta.get_field("user_name").max_length  # 50
USER_EMAIL_MAX = Comment._meta.get_field("user_email").max_length  # 254
USER_URL_MAX = Comment._meta.get_field("user_url").max_length  # 200
DEFAULT_GUESTBOOK_TITLE = "방명록"


class ThreadedComment(XtdComment):
    """A comment on any content type, threaded by xtd's columns (thread_id, parent_id,
    level, order, nested_count)."""

    guest_password = models.CharField(_("guest password (hash)"), max_length=128, blank=True)
    is_secret = models.BooleanField(_("secret comment"), default=False)
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = member_link(_("removed by"))
    # Moderation. Removed by a moderator (or the object's owner) rather than its writer:
    # the placeholder says so.
    removed_by_moderator = models.BooleanField(_("removed by a moderator"), default=False)
    # Hidden at once when it reached COMMENTS_REPORT_THRESHOLD reports, pending review.
    is_hidden = models.BooleanField(_("hidden after reports"), default=False)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    # Why a held comment (is_public=False, not removed) waits for approval.
    held_reason = models.CharField(_("held because"), max_length=40, blank=True)
    # The writer's network address as a salted hash (blocking guests, rate limits).
    address_hash = models.CharField(_("address hash"), max_length=64, blank=True, db_index=True)
    # `comment` as the page shows it (comments.text.render_text), rendered on save: the
    # page reads it instead of running urlize over every comment on every view.
    comment_html = models.TextField(_("comment as HTML"), blank=True, editable=False)
    # The number a top-level comment is shown with (1, 2, 3 … per commented object), fixed
    # when it is posted: removing comment 2 leaves 2 to its placeholder (or a gap) and 3
    # stays 3, so "3번 댓글님 말씀처럼" keeps pointing at the same comment. Replies have none.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("comment model", "comment")
        verbose_name_plural = pgettext_lazy("comment model", "comments")

    def __str__(self):
        return f"#{self.pk} {self.user_name}: {self.comment[:40]}"

    @property
    def writer_name(self):
        """The name shown with the comment: a member's current one, a guest's own."""
        return self.user.display_name if self.user_id and self.user is not None else self.user_name

    # -- guests ---------------------------------------------------------------
    @property
    def is_guest(self):
        return self.user_id is None

    def set_guest_password(self, raw):
        self.guest_password = make_password(raw)

    def check_guest_password(self, raw):
        if not self.is_guest or not self.guest_password or not raw:
            return False
        return check_password(raw, self.guest_password)

    # -- URLs -----------------------------------------------------------------
    def get_absolute_url(self, anchor_pattern=None):
        """The permalink: redirects to the right object, page and anchor."""
        return reverse("comments:permalink", kwargs={"comment_id": self.pk})

    def get_reply_url(self):
        return reverse("comments:reply", kwargs={"comment_id": self.pk})

    # -- saving ---------------------------------------------------------------
    def save(self, *args, **kwargs):
        """Insert new comments in ONE transaction. A reply first locks its thread's root
        row, so concurrent replies to one thread are serialised: orders stay unique,
        nested counts exact, and no row is ever committed with thread_id=0.
        Re-saving an existing comment changes only its own row. The stored HTML of the
        text follows the text whenever the text is saved."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.comment_html = render_text(self.comment)
        elif "comment" in update_fields:
            self.comment_html = render_text(self.comment)
            kwargs["update_fields"] = {*update_fields, "comment_html"}
        if self.pk is not None and not kwargs.get("force_insert"):
            return super(XtdComment, self).save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            if self.parent_id and self.parent_id != self.pk:
                self._place_reply()
                super(XtdComment, self).save(*args, **kwargs)
                self._count_in_ancestors()
            else:
                super(XtdComment, self).save(*args, **kwargs)
                self.thread_id = self.parent_id = self.pk
                self.level, self.order = 0, 1
                self._number_thread()

    def _number_thread(self):
        """Give a new top-level comment the next number of its object. Posts to one object
        are serialised by locking the object's row first (as replies lock their thread's
        root), so two comments posted at the same moment never share a number."""
        model = self.content_type.model_class()
        if model is not None:
            list(model._default_manager.select_for_update().filter(pk=self.object_pk).values_list("pk"))
        numbered = ThreadedComment.norel_objects.filter(
            content_type_id=self.content_type_id, object_pk=self.object_pk, number__isnull=False
        )
        self.number = (numbered.aggregate(m=Max("number"))["m"] or 0) + 1
        ThreadedComment.norel_objects.filter(pk=self.pk).update(
            thread_id=self.pk, parent_id=self.pk, level=0, order=1, number=self.number
        )

    def _place_reply(self):
        threads = XtdComment.norel_objects
        parent = threads.only("thread_id").get(pk=self.parent_id)
        # The lock every writer to this thread waits for: from here on the thread's rows
        # are ours until commit.
        list(threads.select_for_update().filter(pk=parent.thread_id).values_list("pk"))
        parent = threads.get(pk=self.parent_id)  # fresh, under the lock
        from .policy import max_depth_for

        if parent.level >= max_depth_for(self.content_type):
            raise MaxThreadLevelExceededException(self)
        self.thread_id = parent.thread_id
        self.level = parent.level + 1
        thread = threads.filter(thread_id=parent.thread_id)
        after = thread.filter(level__lte=parent.level, order__gt=parent.order)
        min_order = after.aggregate(m=Min("order"))["m"]
        if min_order is not None:
            thread.filter(order__gte=min_order).update(order=F("order") + 1)
            self.order = min_order
        else:
            self.order = (thread.aggregate(m=Max("order"))["m"] or 0) + 1
        self._parent = parent

    def _count_in_ancestors(self):
        threads = XtdComment.norel_objects
        parent = self._parent
        ancestor_ids = [parent.pk]
        while parent.parent_id != parent.pk:
            parent = threads.only("pk", "parent_id").get(pk=parent.parent_id)
            ancestor_ids.append(parent.pk)
        threads.filter(pk__in=ancestor_ids).update(nested_count=F("nested_count") + 1)

    # -- editing and removal ---------------------------------------------------
    def edit(self, text, is_secret, by_user=None, held_reason=""):
        """Keep the previous version, then change the text; with `held_reason` the
        comment also waits for approval again (comments.posting decides that)."""
        with transaction.atomic():
            CommentRevision.objects.create(
                comment=self,
                text=self.comment,
                was_secret=self.is_secret,
                edited_by=by_user if by_user and by_user.is_authenticated else None,
            )
            self.comment = text
            self.is_secret = is_secret
            self.edited_at = timezone.now()
            fields = ["comment", "is_secret", "edited_at"]
            if held_reason:
                self.is_public = False
                self.held_reason = held_reason
                fields += ["is_public", "held_reason"]
            self.save(update_fields=fields)

    @property
    def is_held(self):
        return not self.is_public and not self.is_removed

    def soft_delete(self, by_user=None, by_moderator=None):
        """Remove (never destroy). `by_moderator` defaults to "someone other than the
        writer removed it" when a member did it."""
        member = by_user if by_user and by_user.is_authenticated else None
        if by_moderator is None:
            by_moderator = member is not None and member.pk != self.user_id
        self.is_removed = True
        self.removed_at = timezone.now()
        self.removed_by = member
        self.removed_by_moderator = bool(by_moderator)
        self.save(update_fields=["is_removed", "removed_at", "removed_by", "removed_by_moderator"])


class CommentRevision(models.Model):
    """A previous version of an edited comment (for moderators and the admin)."""

    comment = models.ForeignKey(
        ThreadedComment,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("comment"),
    )
    text = models.TextField(_("previous text"))
    was_secret = models.BooleanField(_("was secret"), default=False)
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)
    edited_by = member_link(_("edited by"))

    class Meta:
        ordering = ("-replaced_at", "-pk")
        verbose_name = _("previous version")
        verbose_name_plural = _("previous versions")

    def __str__(self):
        return f"#{self.comment_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class Guestbook(models.Model):
    """The one guestbook (방명록) of the site: a plain object that comments attach to."""

    title = models.CharField(_("title"), max_length=100, default=DEFAULT_GUESTBOOK_TITLE)

    class Meta:
        verbose_name = _("guestbook")
        verbose_name_plural = _("guestbook")

    def __str__(self):
        # The name it was made with is the site's word for it, in the reader's language
        # (an English page would otherwise link to "방명록"); a name the operator gave stays.
        return gettext("Guestbook") if self.title == DEFAULT_GUESTBOOK_TITLE else self.title

    @classmethod
    def get(cls):
        return cls.objects.get_or_create(pk=1)[0]

    def get_absolute_url(self):
        return reverse("comments:guestbook")


# -- reports and moderation -------------------------------------------------------------
class CommentReport(models.Model):
    """One reader's report (신고) of one comment. Members report once per comment by
    account; guests once per comment per browser (signed cookie) and per address (a
    salted hash: the address itself is never stored)."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abuse or insults")
        PRIVACY = "privacy", _("Personal information exposed")
        OBSCENE = "obscene", _("Obscene content")
        COPYRIGHT = "copyright", _("Copyright infringement")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed (comment kept)")
        RESOLVED = "resolved", _("resolved (comment removed)")

    comment = models.ForeignKey(
        ThreadedComment,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("comment"),
    )
    user = member_link(_("reporter"))
    browser_key = models.CharField(_("browser key"), max_length=64, blank=True)
    address_hash = models.CharField(_("address hash"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    detail = models.CharField(_("details"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"],
                condition=models.Q(user__isnull=False),
                name="report_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["comment", "browser_key"],
                condition=models.Q(user__isnull=True) & ~models.Q(browser_key=""),
                name="report_once_per_browser",
            ),
            models.UniqueConstraint(
                fields=["comment", "address_hash"],
                condition=models.Q(user__isnull=True) & ~models.Q(address_hash=""),
                name="report_once_per_guest_address",
            ),
        ]

    def __str__(self):
        return f"#{self.comment_id}: {self.get_reason_display()}"


class ModerationAction(models.Model):
    """The audit log: who did what to which comment, when and why. Rows outlive the
    comments they name (purged comments keep their number and an excerpt)."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("hidden after reports")
        REMOVE = "remove", _("removed")
        RESTORE = "restore", _("restored")
        KEEP = "keep", _("kept (reports dismissed)")
        APPROVE = "approve", _("approved")
        REJECT = "reject", _("rejected")
        BLOCK = "block", _("writer blocked")
        PURGE = "purge", _("purged")

    actor = member_link(_("by"))
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Kind.choices)
    comment = models.ForeignKey(
        ThreadedComment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("comment"),
    )
    comment_number = models.BigIntegerField(_("comment number"), null=True, blank=True)
    content_type_id_ref = models.IntegerField(_("content type"), null=True, blank=True)
    object_pk = models.CharField(_("object"), max_length=64, blank=True)
    excerpt = models.CharField(_("excerpt"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        who = self.actor_name or "-"
        return f"{self.created_at:%Y-%m-%d %H:%M} {who} {self.action} #{self.comment_number}"

    @classmethod
    def record(cls, action, comment, actor=None, reason=""):
        member = actor if actor is not None and actor.is_authenticated else None
        return cls.objects.create(
            actor=member,
            actor_name=(member.get_username() if member else ""),
            action=action,
            comment=comment if comment.pk else None,
            comment_number=comment.pk,
            content_type_id_ref=comment.content_type_id,
            object_pk=comment.object_pk,
            excerpt=(comment.comment or "")[:200],
            reason=(reason or "")[:500],
        )


class BlockedWriter(models.Model):
    """A writer whose next comments are held for approval: a member account, or a guest
    known by nickname and address hash (either one matches)."""

    user = member_link(_("member"), on_delete=models.CASCADE)
    user_name = models.CharField(_("guest nickname"), max_length=50, blank=True)
    address_hash = models.CharField(_("guest address hash"), max_length=64, blank=True, db_index=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_by = member_link(_("blocked by"))
    created_at = models.DateTimeField(_("blocked at"), default=timezone.now)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("blocked writer")
        verbose_name_plural = _("blocked writers")

    def __str__(self):
        if self.user_id:
            return str(self.user)
        return f"{self.user_name} ({self.address_hash[:8]})"


class HoldSettings(models.Model):
    """Pre-moderation rules (one row, edited in the admin)."""

    hold_all = models.BooleanField(
        _("approve every comment"),
        default=False,
        help_text=_("Every new comment waits for a moderator's approval."),
    )
    max_links = models.PositiveIntegerField(
        _("most links allowed"),
        default=2,
        help_text=_("A comment with more links than this is held."),
    )
    blocked_words = models.TextField(
        _("blocked words"),
        blank=True,
        help_text=_(
            "One per line. Matched ignoring case, spaces, zero-width characters and "
            "full-width letters (NFKC)."
        ),
    )

    class Meta:
        verbose_name = _("hold rules")
        verbose_name_plural = _("hold rules")

    def __str__(self):
        return str(_("hold rules"))

    @classmethod
    def get(cls):
        return cls.objects.get_or_create(pk=1)[0]

    def word_list(self):
        return [word.strip() for word in self.blocked_words.splitlines() if word.strip()]


class NotificationAddress(models.Model):
    """An email address reply notifications may be sent to once its owner confirmed it.

    Anyone can type any address into a comment form: without this, "email me about replies"
    let a stranger have the site mail chosen text (the reply it quotes) to any address. The
    first mail to an address asks to confirm it and quotes nothing (comments/addresses.py)."""

    email = models.CharField(_("email address"), max_length=254, unique=True)  # lower-cased
    asked_at = models.DateTimeField(_("confirmation asked"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification address")
        verbose_name_plural = _("notification addresses")

    def __str__(self):
        return self.email
