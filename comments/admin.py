from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_comments.admin import CommentsAdmin

from .models import CommentRevision, Guestbook, ThreadedComment


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    can_delete = False
    fields = ("replaced_at", "edited_by", "ip_address", "was_secret", "text")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ThreadedComment)
class ThreadedCommentAdmin(CommentsAdmin):
    list_display = ("cid", "name", "content_type", "object_pk", "level", "is_secret",
                    "submit_date", "edited_at", "is_public", "is_removed")
    list_display_links = ("cid",)
    list_filter = ("content_type", "is_public", "is_removed", "is_secret")
    list_select_related = ("user", "content_type")
    ordering = ("-submit_date",)
    inlines = [RevisionInline]
    fieldsets = (
        (None, {"fields": ("content_type", "object_pk", "site")}),
        (_("Content"), {"fields": ("user", "user_name", "user_email", "user_url", "comment",
                                   "is_secret")}),
        (_("Thread"), {"fields": ("thread_id", "parent_id", "level", "order", "nested_count")}),
        (_("Metadata"), {"fields": ("submit_date", "edited_at", "ip_address", "is_public",
                                    "is_removed", "removed_at", "removed_by")}),
    )
    readonly_fields = ("thread_id", "parent_id", "level", "order", "nested_count", "edited_at",
                       "removed_at", "removed_by", "content_type", "object_pk", "site")

    @admin.display(description=_("comment"), ordering="pk")
    def cid(self, obj):
        return f"#{obj.pk}"


@admin.register(Guestbook)
class GuestbookAdmin(admin.ModelAdmin):
    list_display = ("title",)
