"""{% render_comments obj %}: the whole comment area of any registered object."""

from django import template

from ..forms import CommentForm
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
        "form": form,
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "page_url": request.path,
    }
