from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import NulSafeChangelistMixin

from .models import Category, Post, PostImage, Tag


class PostImageInline(admin.StackedInline):
    model = PostImage
    extra = 1
    fields = ("image", "alt", "caption", "markdown_code")
    readonly_fields = ("markdown_code",)

    @admin.display(description=_("Markdown to paste into the body"))
    def markdown_code(self, obj):
        if not obj.pk:
            return _("Save the post to get the code.")
        return format_html("<code>{}</code>", obj.markdown)


@admin.register(Post)
class PostAdmin(NulSafeChangelistMixin, admin.ModelAdmin):
    list_display = ("title", "author", "category", "status", "published_at", "state")
    list_filter = ("status", "category")
    search_fields = ("title", "body")
    date_hierarchy = "published_at"
    inlines = [PostImageInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "body", "excerpt")}),
        (_("Cover"), {"fields": ("cover_image", "cover_alt")}),
        (_("Classification"), {"fields": ("category", "tags")}),
        (_("Publishing"), {"fields": ("status", "published_at", "comments_enabled", "author")}),
    )

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.is_published:
            return _("Visible")
        if obj.is_scheduled:
            return _("Scheduled")
        return _("Draft")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("author", "category")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(author=request.user)

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may credit a post to someone else.
        return () if request.user.is_superuser else ("author",)

    def save_model(self, request, obj, form, change):
        if (not change and not request.user.is_superuser) or (not change and not obj.author_id):
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        return initial

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and obj.author_id == request.user.pk

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and obj.author_id == request.user.pk

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and obj.author_id == request.user.pk


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
