"""{% render_comments obj %}: the whole comment area of any registered object."""

from django import template

from .. import moderation, roles
from ..forms import CommentForm
from ..render import render_comment_list
from ..text import render_text
from ..thread import build_section
from ..viewer import viewer_for

register = template.Library()


def requested_page(request):
    try:
        return int(request.GET.get("cpage", ""))
    except (TypeError, ValueError):
        return None


@register.inclusion_tag("comments/_section.html", takes_context=True)
def render_comments(context, obj):
    request = context["request"]
    viewer = viewer_for(request)
    section = build_section(obj, viewer, page=requested_page(request))
    form = CommentForm(obj, user=request.user) if section.is_open else None
    return {
        "section": section,
        "comment_list": render_comment_list(section),
        "form": form,
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "page_url": request.path,
    }


@register.inclusion_tag("comments/_moderation_nav.html", takes_context=True)
def moderation_nav(context):
    """The header's link to the moderation queue with the number of open items: nothing
    (and no query) for readers; for moderators and staff a count kept in the shared cache
    for a few seconds (two index-only counts when it runs out)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    role = roles.cached_role(user)
    if not role:
        return {"show": False}
    return {"show": True, "count": moderation.cached_open_item_count(user, everything=role == "all")}


@register.filter
def comment_html(text):
    """A comment's text as the page shows it (escaped, links with rel=nofollow ugc)."""
    return render_text(text)


@register.filter
def writer_name(comment):
    user = getattr(comment, "user", None)
    if comment.user_id and user is not None:
        return user.display_name
    return comment.user_name
