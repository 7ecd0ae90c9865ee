"""{% render_comments obj %}: the whole comment area of any registered object."""

from django import template
from django.utils.safestring import mark_safe

from .. import moderation, roles
from ..forms import CommentForm
from ..render import render_comment_list, shared_section, shares_section
from ..thread import build_section
from ..viewer import viewer_for

register = template.Library()


def requested_page(request):
    try:
        return int(request.GET.get("cpage", ""))
    except (TypeError, ValueError):
        return None


SECTION_TEMPLATE = "comments/_section.html"
SHARED_PAGES = 1000  # comment pages kept in the shared cache (a junk ?cpage= is rendered)


@register.simple_tag(takes_context=True)
def render_comments(context, obj):
    """The comment section: the one every anonymous reader shares, from the shared cache
    (comments.render.shared_section), or this reader's own."""
    request = context["request"]
    viewer = viewer_for(request)
    page = requested_page(request)

    def render():
        section = build_section(obj, viewer, page=page)
        form = CommentForm(obj, user=request.user) if section.is_open else None
        values = {
            "section": section,
            "comment_list": render_comment_list(section),
            "form": form,
            "request": request,
            "user": request.user,
            "csrf_token": context.get("csrf_token"),
            "page_url": request.path,
        }
        return context.template.engine.get_template(SECTION_TEMPLATE).render(context.new(values))

    if shares_section(request, viewer) and (page is None or 1 <= page <= SHARED_PAGES):
        return shared_section(request, obj, page, render)
    return mark_safe(render())


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
