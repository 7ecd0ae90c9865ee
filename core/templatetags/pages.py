"""`{% page_title %}`: a page's name a second time, for its heading.

A page of its own (templates/_page.html) names itself once, in its `page_title` block, which
fills <title>; its layout prints the same name in the <h1> with this tag. Django lets a block
stand once in a template, so the tag renders the page's own `page_title` block again (the
most derived one, as `{% block %}` would, with the same context)."""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def page_title(context):
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block("page_title") if block_context else None
    return block.render(context) if block else ""
