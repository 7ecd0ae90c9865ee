import re

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_comments.admin import CommentsAdmin

from core.admin import NulSafeChangelistMixin

from . import moderation
from .models import (
    BlockedWriter,
    CommentReport,
    CommentRevision,
    Guestbook,
    HoldSettings,
    ModerationAction,
    ThreadedComment,
)


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    can_delete = False
    fields = ("replaced_at", "edited_by", "was_secret", "text")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    can_delete = False
    fields = ("created_at", "reason", "detail", "user", "status")
    readonly_fields = ("created_at", "reason", "detail", "user")

    def has_add_permission(self, request, obj=None):
        return False


class ModerationStateFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("reported", _("reported (open reports)")),
            ("hidden", _("hidden after reports")),
            ("removed", _("removed")),
            ("held", _("held for approval")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "reported":
            return queryset.filter(open_report_count__gt=0)
        if value == "hidden":
            return queryset.filter(is_hidden=True, is_removed=False)
        if value == "removed":
            return queryset.filter(is_removed=True)
        if value == "held":
            return queryset.filter(is_public=False, is_removed=False)
        return queryset


def _run(modeladmin, request, queryset, action):
    done = 0
    for comment in queryset:
        if moderation.may_moderate(request.user, comment) and moderation.perform(
            action, comment, request.user, reason="admin"
        ):
            done += 1
    modeladmin.message_user(
        request,
        ngettext("%(n)d comment changed.", "%(n)d comments changed.", done) % {"n": done},
        messages.SUCCESS if done else messages.WARNING,
    )


@admin.action(description=_("Remove selected comments (soft, keeps replies)"))
def remove_comments(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "remove")


@admin.action(description=_("Restore selected removed comments"))
def restore_comments(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "restore")


@admin.action(description=_("Approve selected held comments"))
def approve_comments(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "approve")


@admin.register(ThreadedComment)
class ThreadedCommentAdmin(NulSafeChangelistMixin, CommentsAdmin):
    list_display = (
        "cid",
        "name",
        "content_type",
        "object_pk",
        "level",
        "is_secret",
        "submit_date",
        "edited_at",
        "report_count",
        "is_hidden",
        "is_public",
        "is_removed",
    )
    list_display_links = ("cid",)
    list_filter = (ModerationStateFilter, "content_type", "is_public", "is_removed", "is_hidden", "is_secret")
    actions = [remove_comments, restore_comments, approve_comments]
    list_select_related = ("user", "content_type")
    ordering = ("-submit_date",)
    inlines = [ReportInline, RevisionInline]
    fieldsets = (
        (None, {"fields": ("content_type", "object_pk", "site")}),
        (_("Content"), {"fields": ("user", "user_name", "user_email", "user_url", "comment", "is_secret")}),
        (_("Thread"), {"fields": ("thread_id", "parent_id", "level", "order", "nested_count")}),
        (
            _("Metadata"),
            {
                "fields": (
                    "submit_date",
                    "edited_at",
                    "is_public",
                    "is_removed",
                    "removed_at",
                    "removed_by",
                    "removed_by_moderator",
                    "is_hidden",
                    "hidden_at",
                    "held_reason",
                )
            },
        ),
    )
    readonly_fields = (
        "thread_id",
        "parent_id",
        "level",
        "order",
        "nested_count",
        "edited_at",
        "removed_at",
        "removed_by",
        "content_type",
        "object_pk",
        "site",
        "removed_by_moderator",
        "hidden_at",
        "held_reason",
        "is_removed",
        "is_public",
        "is_hidden",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_report_count=Count(
                    "reports", filter=Q(reports__status=CommentReport.Status.OPEN), distinct=True
                )
            )
        )

    def get_object(self, request, object_id, from_field=None):
        # The id as the database can hold it (as comments.urls' converter): a 30-digit id
        # is "not found" (the admin's redirect with its message), not an OverflowError.
        if from_field is None and not re.fullmatch(r"[0-9]{1,18}", str(object_id)):
            return None
        return super().get_object(request, object_id, from_field)

    def get_actions(self, request):
        # Only our actions (they write the moderation log); no hard delete from the list:
        # removal is soft and purge_removed_comments deletes old removed comments.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not moderation.is_moderator(request.user):
            for name in ("remove_comments", "restore_comments", "approve_comments"):
                actions.pop(name, None)
        return actions

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def report_count(self, obj):
        return obj.open_report_count

    @admin.display(description=_("comment"), ordering="pk")
    def cid(self, obj):
        return f"#{obj.pk}"


@admin.register(Guestbook)
class GuestbookAdmin(NulSafeChangelistMixin, admin.ModelAdmin):
    list_display = ("title",)


@admin.register(CommentReport)
class CommentReportAdmin(NulSafeChangelistMixin, admin.ModelAdmin):
    list_display = ("comment", "reason", "status", "user", "created_at")
    list_filter = ("status", "reason")
    list_select_related = ("comment", "user")
    readonly_fields = ("comment", "user", "browser_key", "address_hash", "reason", "detail", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(NulSafeChangelistMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor_name", "action", "comment_number", "excerpt", "reason")
    list_filter = ("action",)
    search_fields = ("actor_name", "excerpt", "reason")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BlockedWriter)
class BlockedWriterAdmin(NulSafeChangelistMixin, admin.ModelAdmin):
    list_display = ("__str__", "user", "user_name", "reason", "created_by", "created_at")
    raw_id_fields = ("user",)
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(HoldSettings)
class HoldSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "hold_all", "max_links")

    def has_add_permission(self, request):
        return not HoldSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
