"""The writing desk's endpoints behind the post editor (static/js/editor.js), mounted
under /admin/blog/post/ by PostAdmin.get_urls and wrapped in admin_view (staff login,
CSRF, never cached).

- preview: Markdown → the same render_body() the published page is saved with.
- upload: one image, cleaned by core.images through PostImage.save, answered as JSON.
- autosave: the text goes to EditorDraft (never to the post), with a version check.
- preview_frame: an empty post page with the public stylesheet for the preview iframe.
"""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from .models import EditorDraft, Post, PostImage
from .rendering import render_body

MAX_TEXT = 200_000  # characters of Markdown the preview and autosave accept


def _error(message, status=400):
    return JsonResponse({"error": message}, status=status)


def may_write(user):
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("blog.add_post") or user.has_perm("blog.change_post"))
    )


def _post_for(request, value):
    """The post named by a form value, if `request.user` may edit it; None for a new post.
    Raises PermissionError (→ 403) for someone else's post or a bad id."""
    if not value:
        return None
    if not str(value).isdigit() or len(str(value)) > 12:
        raise PermissionError
    post = Post.objects.filter(pk=int(value)).first()
    if post is None or not post.is_editable_by(request.user) or not request.user.has_perm("blog.change_post"):
        raise PermissionError
    return post


def local_time(moment):
    return date_format(timezone.localtime(moment), "H:i")


@require_POST
def preview(request):
    if not may_write(request.user):
        return _error(_("You may not write posts."), 403)
    body = request.POST.get("body", "")
    if len(body) > MAX_TEXT:
        return _error(_("The text is too long to preview."))
    return JsonResponse({"html": render_body(body)})


@csp_replace({"frame-ancestors": [SELF]})
@xframe_options_sameorigin
def preview_frame(request):
    """Framed by the post editor of this same site only (CSP frame-ancestors and X-Frame-Options)."""
    if not may_write(request.user):
        return _error(_("You may not write posts."), 403)
    return render(request, "blog/editor_preview.html")


@require_POST
def upload(request):
    """One image from the editor (drag and drop, paste or the file chooser). Only staff who
    may add images, and for an existing post only those who may edit that post."""
    user = request.user
    if not (may_write(user) and user.has_perm("blog.add_postimage")):
        return _error(_("You may not upload images."), 403)
    try:
        post = _post_for(request, request.POST.get("post"))
    except PermissionError:
        return _error(_("You may not upload images to this post."), 403)
    uploaded = request.FILES.get("image")
    if uploaded is None:
        return _error(_("Choose an image to upload."))
    alt = (request.POST.get("alt") or "").strip()[:200] or uploaded.name.rsplit(".", 1)[0][:200]
    image = PostImage(post=post, uploaded_by=user, alt=alt, image=uploaded)
    try:
        image.full_clean(exclude=["post", "uploaded_by"])
        image.save()
    except ValidationError as error:
        messages = error.message_dict.get("image") or error.messages
        return _error(" ".join(str(message) for message in messages))
    return JsonResponse(
        {
            "id": image.pk,
            "url": image.image.url,
            "width": image.width,
            "height": image.height,
            "alt": image.alt,
            "markdown": image.markdown,
        },
        status=201,
    )


@require_POST
def autosave(request):
    """Keep the editor's text on the server. `version` is the draft version the tab last
    saw (0: none); a tab behind another tab's autosave gets 409 instead of overwriting."""
    if not may_write(request.user):
        return _error(_("You may not write posts."), 403)
    try:
        post = _post_for(request, request.POST.get("post"))
    except PermissionError:
        return _error(_("You may not edit this post."), 403)
    title = request.POST.get("title", "")[:200]
    body = request.POST.get("body", "")
    if len(body) > MAX_TEXT:
        return _error(_("The text is too long to save."))
    version = request.POST.get("version", "0")
    version = int(version) if version.isdigit() and len(version) <= 9 else -1
    drafts = EditorDraft.objects.filter(user=request.user, post=post)
    conflict = _("This post was changed in another tab or window. Reload to see the latest text.")
    if version == 0:
        if drafts.exists():
            return _error(conflict, 409)
        draft = EditorDraft.objects.create(user=request.user, post=post, title=title, body=body)
    else:
        updated = drafts.filter(version=version).update(
            title=title, body=body, version=version + 1, updated_at=timezone.now()
        )
        if not updated:
            return _error(conflict, 409)
        draft = drafts.get()
    when = local_time(draft.updated_at)
    return JsonResponse(
        {"version": draft.version, "saved_at": when, "message": _("Saved %(time)s") % {"time": when}}
    )


def draft_for(user, post):
    """The autosaved text to restore into the editor: the user's draft for this post (or for
    a new post) when it is newer than the post's last save."""
    draft = EditorDraft.objects.filter(user=user, post=post).first()
    if draft is None:
        return None
    if post is not None and draft.updated_at <= post.updated_at:
        return None
    return draft


def discard_drafts(user, post):
    EditorDraft.objects.filter(user=user, post=post).delete()


def claim_images(post, user):
    """Attach to `post` the images `user` uploaded before it existed that its body uses."""
    for image in PostImage.objects.filter(post__isnull=True, uploaded_by=user):
        if image.image and image.image.url in post.body:
            image.post = post
            image.save(update_fields=["post"])


def revision_for(request, post_id, revision_id):
    post = get_object_or_404(Post, pk=post_id)
    if not post.is_editable_by(request.user):
        return None, None
    return post, get_object_or_404(post.revisions, pk=revision_id)
