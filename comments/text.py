"""A comment's text as HTML. Rendered once when the comment is saved (stored in
ThreadedComment.comment_html) rather than on every page view: urlize is slow, and the
result depends only on the text. Changing the rules here needs a data migration that
re-renders the stored column (see migrations/0007_comment_html.py)."""

from django.utils.html import urlize
from django.utils.safestring import mark_safe

LINK_REL = 'rel="nofollow ugc noopener"'


def render_text(text):
    """Escaped text, line breaks kept, bare URLs linked with rel="nofollow ugc noopener"."""
    html = urlize(text or "", nofollow=True, autoescape=True)
    html = html.replace('rel="nofollow"', LINK_REL)
    html = html.replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)
