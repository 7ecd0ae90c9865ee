"""Our comment model: xtd's threaded comment plus guest passwords, secret comments,
edit history and a safe (locked, single-transaction) way to insert replies."""

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.db.models import F, Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_comments.models import Comment
from django_comments_xtd.models import MaxThreadLevelExceededException, XtdComment

# Column limits of django_comments' Comment: forms must never accept more than these.
USER_NAME_MAX = Comment._meta.get_field("user_name").max_length  # 50
USER_EMAIL_MAX = Comment._meta.get_field("user_email").max_length  # 254
USER_URL_MAX = Comment._meta.get_field("user_url").max_length  # 200


class ThreadedComment(XtdComment):
    """A comment on any content type, threaded by xtd's columns (thread_id, parent_id,
    level, order, nested_count)."""

    guest_password = models.CharField(_("guest password (hash)"), max_length=128, blank=True)
    is_secret = models.BooleanField(_("secret comment"), default=False)
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("removed by"),
    )

    class Meta:
        verbose_name = pgettext_lazy("comment model", "comment")
        verbose_name_plural = pgettext_lazy("comment model", "comments")

    def __str__(self):
        return f"#{self.pk} {self.user_name}: {self.comment[:40]}"

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
        Re-saving an existing comment changes only its own row."""
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
                XtdComment.norel_objects.filter(pk=self.pk).update(
                    thread_id=self.pk, parent_id=self.pk, level=0, order=1
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
    def edit(self, text, is_secret, by_user=None, ip_address=None):
        """Keep the previous version, then change the text."""
        with transaction.atomic():
            CommentRevision.objects.create(
                comment=self, text=self.comment, was_secret=self.is_secret,
                edited_by=by_user if by_user and by_user.is_authenticated else None,
                ip_address=ip_address,
            )
            self.comment = text
            self.is_secret = is_secret
            self.edited_at = timezone.now()
            self.save(update_fields=["comment", "is_secret", "edited_at"])

    def soft_delete(self, by_user=None):
        self.is_removed = True
        self.removed_at = timezone.now()
        self.removed_by = by_user if by_user and by_user.is_authenticated else None
        self.save(update_fields=["is_removed", "removed_at", "removed_by"])


class CommentRevision(models.Model):
    """A previous version of an edited comment (for moderators and the admin)."""

    comment = models.ForeignKey(
        ThreadedComment, on_delete=models.CASCADE, related_name="revisions",
        verbose_name=_("comment"),
    )
    text = models.TextField(_("previous text"))
    was_secret = models.BooleanField(_("was secret"), default=False)
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("edited by"),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ("-replaced_at", "-pk")
        verbose_name = _("previous version")
        verbose_name_plural = _("previous versions")

    def __str__(self):
        return f"#{self.comment_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class Guestbook(models.Model):
    """The one guestbook (방명록) of the site: a plain object that comments attach to."""

    title = models.CharField(_("title"), max_length=100, default="방명록")

    class Meta:
        verbose_name = _("guestbook")
        verbose_name_plural = _("guestbook")

    def __str__(self):
        return self.title

    @classmethod
    def get(cls):
        return cls.objects.get_or_create(pk=1)[0]

    def get_absolute_url(self):
        return reverse("guestbook")
