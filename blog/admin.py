import difflib

from csp.constants import SELF
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag as TaggitTag

from accounts.admin import UserAdmin
from core.admin import NulSafeChangelistMixin

from . import editor
from .authors import ROLES, set_role
from .models import Category, Post, PostImage, PostRevision, Tag

# The admin index is the author's desk (templates/admin/desk.html, blog.templatetags.desk).
admin.site.index_template = "admin/desk.html"

# One tag list: ours (blog.Tag, Korean slugs), not taggit's unused model beside it.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


class PostImageInline(admin.StackedInline):
    model = PostImage
    extra = 0
    fields = ("image", "alt", "caption", "markdown_code")
    readonly_fields = ("markdown_code",)

    @admin.display(description=_("Markdown to paste into the body"))
    def markdown_code(self, obj):
        if not obj.pk:
            return _("Save the post to get the code.")
        return format_html("<code>{}</code>", obj.markdown)


SCHEDULED = "scheduled"
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class PostAdminForm(forms.ModelForm):
    """발행 / 예약 발행 / 초안 as one labelled choice with one labelled date-time field
    (the admin's split date and time inputs have no labels), a version check against
    another tab's save, and a cover picked from the images already uploaded."""

    status = forms.ChoiceField(
        label=_("How to publish"),
        choices=[
            (Post.Status.PUBLISHED, _("Publish")),
            (SCHEDULED, _("Schedule")),
            (Post.Status.DRAFT, _("Draft")),
        ],
        widget=forms.RadioSelect(attrs={"class": "publish-choice"}),
        initial=Post.Status.DRAFT,
    )
    published_at = forms.DateTimeField(
        label=_("Publish time"),
        required=False,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=_("When scheduled, the post becomes public at this time. Empty: now."),
    )
    cover_upload = forms.TypedChoiceField(
        label=_("Cover from uploaded images"), required=False, coerce=int, empty_value=None, choices=()
    )
    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Post
        fields = (
            "title",
            "body",
            "status",
            "published_at",
            "cover_image",
            "cover_alt",
            "category",
            "tags",
            "slug",
            "excerpt",
            "comments_enabled",
            "author",
        )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "body" in self.fields:
            self.fields["body"].help_text = _(
                "Markdown. A YouTube or Vimeo link alone on a line becomes a video player. Drag, paste "
                "or add images; the preview shows the post as readers will see it."
            )
        post = self.instance if self.instance.pk else None
        if post is not None:
            if post.is_scheduled:
                self.initial["status"] = SCHEDULED
            self.initial["edit_version"] = post.updated_at.isoformat()
        images = PostImage.objects.filter(post=post) if post else PostImage.objects.none()
        if user is not None:
            images = images | PostImage.objects.filter(post__isnull=True, uploaded_by=user)
        self.fields["cover_upload"].choices = [("", "—")] + [
            (image.pk, image.alt or image.image.name.rsplit("/", 1)[-1])
            for image in images.order_by("-pk")[:50]
        ]
        self.cover_images = {image.pk: image for image in images}

    def clean_edit_version(self):
        value = self.cleaned_data.get("edit_version")
        post = self.instance
        if post.pk and value:
            saved = Post.objects.filter(pk=post.pk).values_list("updated_at", flat=True).first()
            if saved and saved.isoformat() != value:
                raise forms.ValidationError(
                    gettext(
                        "Someone saved this post at %(time)s in another tab or window. Copy your text, "
                        "reload the page and apply your changes again."
                    )
                    % {"time": date_format(timezone.localtime(saved), "H:i")}
                )
        return value

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        when = cleaned.get("published_at")
        now = timezone.now()
        if status == SCHEDULED:
            if when is None or when <= now:
                self.add_error(
                    "published_at", gettext("Choose a publish time in the future to schedule the post.")
                )
        elif status == Post.Status.PUBLISHED:
            keep = self.instance.pk and self.instance.is_published and when and when <= now
            if not keep and (when is None or when > now):
                cleaned["published_at"] = now
        elif when is None:
            cleaned["published_at"] = self.instance.published_at if self.instance.pk else now
        if cleaned.get("cover_upload") and cleaned["cover_upload"] not in self.cover_images:
            self.add_error("cover_upload", gettext("Choose one of your uploaded images."))
        return cleaned

    def _post_clean(self):
        if self.cleaned_data.get("status") == SCHEDULED:
            self.cleaned_data["status"] = Post.Status.PUBLISHED
        super()._post_clean()


@admin.register(Post)
class PostAdmin(NulSafeChangelistMixin, admin.ModelAdmin):
    form = PostAdminForm
    list_display = ("title", "author", "category", "status", "published_at", "state")
    list_filter = ("status", "category")
    search_fields = ("title", "body")
    date_hierarchy = "published_at"
    inlines = [PostImageInline]
    readonly_fields = ("revision_list",)
    fieldsets = (
        (None, {"fields": ("title", "body")}),
        (_("Publishing"), {"fields": ("status", "published_at", "edit_version")}),
        (_("Cover"), {"fields": ("cover_upload", "cover_image", "cover_alt")}),
        (_("Classification"), {"fields": ("category", "tags")}),
        (_("More"), {"fields": ("slug", "excerpt", "comments_enabled", "author")}),
    )

    class Media:
        css = {"all": ("css/editor.css",)}
        js = ("js/editor.js",)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.revisions.exists():
            fieldsets.append((_("Revisions"), {"fields": ("revision_list",)}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class FormWithUser(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return FormWithUser

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.is_published:
            return _("Visible")
        if obj.is_scheduled:
            return _("Scheduled")
        return _("Draft")

    @admin.display(description=_("Earlier versions"))
    def revision_list(self, obj):
        rows = [
            format_html(
                '<li><a href="{}">{}</a> · {}</li>',
                reverse("admin:blog_post_revision", args=[obj.pk, revision.pk]),
                date_format(timezone.localtime(revision.saved_at), "Y.m.d H:i"),
                revision.title,
            )
            for revision in obj.revisions.all()[:20]
        ]
        return format_html('<ul class="revision-list">{}</ul>', format_html("".join(rows)))

    def get_view_on_site_url(self, obj=None):
        # Relative: opens on whatever host the author is using (no Sites domain involved).
        # The saved slug: a form sent back with errors may hold an empty one.
        if obj is None or not obj.pk:
            return None
        slug = Post.objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
        return reverse("blog:post", kwargs={"slug": slug}) if slug else None

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("author", "category")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(author=request.user)

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may credit a post to someone else.
        fields = ("revision_list",)
        return fields if request.user.is_superuser else (*fields, "author")

    def save_model(self, request, obj, form, change):
        if (not change and not request.user.is_superuser) or (not change and not obj.author_id):
            obj.author = request.user
        if change:
            before = Post.objects.filter(pk=obj.pk).values("title", "body", "status").first()
            if (
                before
                and before["status"] == Post.Status.PUBLISHED
                and (before["title"], before["body"]) != (obj.title, obj.body)
            ):
                PostRevision.objects.create(
                    post=obj, title=before["title"], body=before["body"], saved_by=request.user
                )
        cover = form.cleaned_data.get("cover_upload")
        if cover:
            image = form.cover_images[cover]
            # A copy, cleaned and sized again by Post.save as a cover (through the storage
            # API: the files may live in object storage).
            with image.image.open("rb") as source:
                obj.cover_image = ContentFile(source.read(), name=image.image.name.rsplit("/", 1)[-1])
            if not obj.cover_alt.strip():
                obj.cover_alt = image.alt
        super().save_model(request, obj, form, change)
        editor.claim_images(obj, request.user)
        editor.discard_drafts(request.user, obj)
        if not change:
            editor.discard_drafts(request.user, None)
        if obj.is_published:
            messages.success(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext("The post is live."),
                    obj.get_absolute_url(),
                    gettext("View the post"),
                ),
            )
        elif obj.is_scheduled:
            messages.success(
                request,
                gettext("The post will be published at %(time)s.")
                % {"time": date_format(timezone.localtime(obj.published_at), "Y.m.d H:i")},
            )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        initial.setdefault("published_at", timezone.localtime().replace(second=0, microsecond=0))
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        draft = editor.draft_for(request.user, obj) if not form.is_bound else None
        if draft is not None:
            # Bring back what the editor autosaved (a closed tab, a crashed browser).
            form.initial["title"], form.initial["body"] = draft.title, draft.body
            context["restored_at"] = editor.local_time(draft.updated_at)
        current = editor.EditorDraft.objects.filter(user=request.user, post=obj).first()
        context["editor_config"] = {
            "preview": reverse("admin:blog_post_preview"),
            "frame": reverse("admin:blog_post_preview_frame"),
            "upload": reverse("admin:blog_post_upload"),
            "autosave": reverse("admin:blog_post_autosave"),
            "post": obj.pk if obj else "",
            "version": current.version if current else 0,
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        # The live preview is a frame of our own (blog/editor_preview.html) on this page only;
        # everywhere else the policy allows frames from the video players alone.
        response._csp_update = {"frame-src": [SELF]}
        return response

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("preview/", wrap(editor.preview), name="blog_post_preview"),
            path("preview-frame/", wrap(editor.preview_frame), name="blog_post_preview_frame"),
            path("upload/", wrap(editor.upload), name="blog_post_upload"),
            path("autosave/", wrap(editor.autosave), name="blog_post_autosave"),
            path(
                "<int:post_id>/revisions/<int:revision_id>/",
                wrap(self.revision_view),
                name="blog_post_revision",
            ),
            *super().get_urls(),
        ]

    def revision_view(self, request, post_id, revision_id):
        """Compare a revision with the current text; POST restores it (the current text
        becomes a revision itself, so restoring can be undone)."""
        post, revision = editor.revision_for(request, post_id, revision_id)
        if post is None or not self.has_change_permission(request, post):
            raise PermissionDenied
        if request.method == "POST":
            if (post.title, post.body) != (revision.title, revision.body):
                PostRevision.objects.create(
                    post=post, title=post.title, body=post.body, saved_by=request.user
                )
            post.title, post.body = revision.title, revision.body
            post.save()
            messages.success(request, gettext("The earlier version is restored."))
            return redirect("admin:blog_post_change", post.pk)
        diff = [
            {"kind": {"+": "added", "-": "removed"}.get(line[:1], "same"), "text": line[2:]}
            for line in difflib.ndiff(revision.body.splitlines(), post.body.splitlines())
            if not line.startswith("?")
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "post": post,
            "revision": revision,
            "diff": diff,
            "title_changed": revision.title != post.title,
            "title": gettext("Earlier version of “%(title)s”") % {"title": post.title},
        }
        return TemplateResponse(request, "admin/blog/post/revision.html", context)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {}

    def get_view_on_site_url(self, obj=None):
        return obj.get_absolute_url() if obj is not None and obj.pk else None


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)

    def get_view_on_site_url(self, obj=None):
        return obj.get_absolute_url() if obj is not None and obj.pk else None


# -- members: a superuser adds an author on one screen -------------------------------------
class AddMemberForm(UserAdmin.add_form):
    role = forms.ChoiceField(
        label=_("Role"), choices=ROLES, initial="author", widget=forms.RadioSelect, required=True
    )

    class Meta(UserAdmin.add_form.Meta):
        model = get_user_model()
        fields = ("username", "nickname", "email")


class MemberAdmin(UserAdmin):
    add_form = AddMemberForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "nickname", "email", "password1", "password2", "role"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and "role" in form.cleaned_data:
            set_role(obj, form.cleaned_data["role"])


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, MemberAdmin)
