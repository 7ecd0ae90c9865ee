"""The comment list of a page, rendered in Python.

Why not a template: the list was `{% include "comments/_comment.html" %}` once per
comment, and with a hundred comments that include was most of the time of the whole post
page (about 40 variable lookups, filters and {% url %} tags per comment). Every decision
is already made in Python (thread.describe() sets the flags of each Node); what is left
here is markup, filled in with f-strings. The markup is the one the template produced,
byte for byte (tests/comments/test_render.py compares both), so pages, styles, scripts
and browser tests see no difference.

Escaping: every value from a comment or a member (name, homepage, avatar URL, permalink)
goes through `esc` (the standard library's html.escape(quote=True), exactly what
django.utils.html.escape does, without the SafeString wrapper). The text is the stored
comment_html, escaped and linked with rel="nofollow ugc noopener" when it was saved
(comments.text.render_text). Translated labels are escaped once per list.
"""

from html import escape as esc

from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

from core.urlcache import url_maker

ACTIONS = ("report", "edit", "delete", "reply", "password", "history")


class Labels:
    """The translated, escaped labels of the list, looked up once per list (the language
    is per request)."""

    def __init__(self):
        self.number = esc(gettext("Comment number"))
        self.author = esc(gettext("Author"))
        self.secret = esc(gettext("Secret comment"))
        self.edited = esc(gettext("(edited)"))
        self.held = esc(gettext("Shown after approval."))
        self.secret_text = esc(gettext("This is a secret comment."))
        self.enter_password = esc(gettext("Enter password"))
        self.report = esc(gettext("Report"))
        self.link = esc(gettext("Comment link"))
        self.edit = esc(gettext("Edit"))
        self.delete = esc(gettext("Delete"))
        self.reply = esc(gettext("Reply"))
        self.placeholder = {
            "hidden": esc(gettext("This comment is hidden after several reports.")),
            "moderated": esc(gettext("This comment was removed by a moderator.")),
            "removed": esc(gettext("This comment was deleted.")),
        }


def render_comment_list(section):
    """The <li> items of `section.nodes` (threads and their replies), as safe HTML."""
    labels = Labels()
    urls = {name: url_maker(f"comments:{name}", "comment_id") for name in ACTIONS}
    permalink = esc(f"{section.base_url}{section.page_query}") + "#comment-"
    out = []
    for node in section.nodes:
        _render(node, out, labels, urls, permalink)
    return mark_safe("".join(out))


def _date(value):
    """`value|date:'c'` and `value|date:"Y.m.d H:i"` of the template (local time)."""
    local = timezone.localtime(value)
    return (
        local.isoformat(),
        f"{local.year:04d}.{local.month:02d}.{local.day:02d} {local.hour:02d}:{local.minute:02d}",
    )


def _url(urls, name, pk):
    prefix, suffix = urls[name]
    return f"{prefix}{pk}{suffix}"


def _render(node, out, t, urls, permalink):
    c = node.comment
    pk = c.pk
    classes = "comment"
    if c.level:
        classes += " comment--reply"
    if node.is_placeholder:
        classes += f" comment--removed comment--{node.placeholder}"
    if node.is_held:
        classes += " comment--held"
    if c.is_secret:
        classes += " comment--secret"
    if node.is_owner:
        classes += " comment--owner"
    out.append(f'\n<li class="{classes}" id="comment-{pk}">\n  <article class="comment__box">\n  ')
    if node.is_placeholder:
        number = f'<span class="comment__number">{node.number}</span>' if node.number else ""
        out.append(
            f'\n    {number}\n    <p class="comment__placeholder">'
            f"{t.placeholder.get(node.placeholder, t.placeholder['removed'])}</p>\n  "
        )
    else:
        name = esc(node.name)
        number = (
            f'<span class="comment__number" title="{t.number}">{node.number}</span>' if node.number else ""
        )
        if node.homepage:
            name_html = f'<a href="{esc(node.homepage)}" rel="nofollow ugc noopener">{name}</a>'
        else:
            name_html = name
        badge = f'<span class="comment__badge">{t.author}</span>' if node.is_owner else ""
        lock = (
            f'<span class="comment__lock" title="{t.secret}"><span class="visually-hidden">'
            f"{t.secret}</span></span>"
            if c.is_secret
            else ""
        )
        iso, shown = _date(c.submit_date)
        if not c.edited_at:
            edited = ""
        elif node.show_history:
            edited = f'<a class="comment__edited" href="{_url(urls, "history", pk)}">{t.edited}</a>'
        else:
            edited = f'<span class="comment__edited">{t.edited}</span>'
        held = f'<p class="comment__held" role="note">{t.held}</p>' if node.is_held else ""
        if node.secret_hidden:
            unlock = (
                f' <a class="comment__unlock" href="{_url(urls, "password", pk)}?action=view"'
                f' rel="nofollow">{t.enter_password}</a>'
                if node.needs_password
                else ""
            )
            text = (
                f'\n        <p class="comment__text comment__text--secret">{t.secret_text}'
                f"{unlock}</p>\n      "
            )
        else:
            text = f'\n        <p class="comment__text">{node.text_html}</p>\n      '
        report = (
            f'<li><a class="js-report" href="{_url(urls, "report", pk)}" rel="nofollow">{t.report}</a></li>'
            if node.can_report
            else ""
        )
        edit = (
            f'<li><a class="js-edit" href="{_url(urls, "edit", pk)}" rel="nofollow">{t.edit}</a></li>'
            if node.show_edit
            else ""
        )
        delete = (
            f'<li><a href="{_url(urls, "delete", pk)}" rel="nofollow">{t.delete}</a></li>'
            if node.show_delete
            else ""
        )
        reply = (
            f'<li><a class="js-reply" href="{_url(urls, "reply", pk)}" rel="nofollow" '
            f'data-reply-to="{node.reply_to_id}" data-name="{name}">{t.reply}</a></li>'
            if node.can_reply
            else ""
        )
        out.append(
            f'\n    <img class="avatar comment__avatar" src="{esc(node.avatar_url)}" alt="" '
            f'width="40" height="40" loading="lazy" decoding="async">\n'
            f'    <div class="comment__main">\n'
            f'      <header class="comment__meta">\n'
            f"        {number}\n"
            f'        <strong class="comment__name">{name_html}</strong>\n'
            f"        {badge}\n"
            f"        {lock}\n"
            f'        <time class="comment__time" datetime="{iso}">{shown}</time>\n'
            f"        {edited}\n"
            f"      </header>\n"
            f"      {held}\n"
            f"      {text}\n"
            f'      <ul class="comment__actions">\n'
            f"        {report}\n"
            f'        <li><a class="js-permalink" href="{permalink}{pk}">{t.link}</a></li>\n'
            f"        {edit}\n"
            f"        {delete}\n"
            f"        {reply}\n"
            f"      </ul>\n"
            f"    </div>\n  "
        )
    out.append("\n  </article>\n  ")
    if node.children:
        out.append('\n    <ol class="comment-list comment-list--replies">\n      ')
        for child in node.children:
            _render(child, out, t, urls, permalink)
        out.append("\n    </ol>\n  ")
    out.append("\n</li>\n")


# -- form widgets -------------------------------------------------------------------------
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "password", "email", "url", "hidden", "checkbox", "number")
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
ERROR_LIST_TEMPLATES = frozenset(
    ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")
)


def _attr_value(value):
    """`{{ value|stringformat:'s' }}` with autoescape."""
    text = f"{value}"
    return text if isinstance(value, SafeData) else esc(text)


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_attr_value(name)}")
        else:
            parts.append(f' {_attr_value(name)}="{_attr_value(value)}"')
    return "".join(parts)


class CommentFormRenderer(DjangoTemplates):
    """Django's form renderer, with the widgets of the comment form (inputs, checkboxes,
    the textarea) written out in Python: the same markup as Django's widget templates
    (input.html, textarea.html, attrs.html), without a template render per field, which
    was most of the cost of the form on every post page; an empty error list is "" as
    in errors/list/ul.html. Anything else (error messages, other widgets) is rendered by
    the templates as usual. One instance per process (its template engine is built once,
    like Django's default renderer)."""

    def render(self, template_name, context, request=None):
        if template_name in ERROR_LIST_TEMPLATES and not context.get("errors"):
            return ""  # `{% if errors %}…{% endif %}`: a field without errors
        widget = context.get("widget")
        if widget is None or widget.get("template_name") != template_name:
            return super().render(template_name, context, request=request)
        if template_name in INPUT_TEMPLATES:
            value = widget["value"]
            value_attr = "" if value is None else f' value="{_attr_value(value)}"'
            return (
                f'<input type="{_attr_value(widget["type"])}" '
                f'name="{_attr_value(widget["name"])}"{value_attr}'
                f"{_attrs(widget['attrs'])}>"
            )
        if template_name == TEXTAREA_TEMPLATE:
            value = widget["value"]
            return (
                f'<textarea name="{_attr_value(widget["name"])}"'
                f"{_attrs(widget['attrs'])}>\n"
                f"{conditional_escape(value) if value else ''}</textarea>"
            ).strip()
        return super().render(template_name, context, request=request)


COMMENT_FORM_RENDERER = CommentFormRenderer()
