"""The comment list of a page: templates/comments/_comments.jinja, rendered by the jinja2
engine (core/jinja.py explains why that one template is not a Django template)."""

from django.template import engines
from django.utils.safestring import mark_safe

TEMPLATE = "comments/_comments.jinja"


def render_comment_list(section):
    """The <li> items of `section.nodes` (threads and their replies), as safe HTML."""
    template = engines["jinja2"].get_template(TEMPLATE)
    return mark_safe(template.render({"section": section}))
