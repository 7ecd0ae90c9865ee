"""The Jinja2 environment of the `jinja2` template engine (config.settings TEMPLATES).

Django's own templates render every page; Jinja2 renders only the hot spots where a
template runs once per item of a long list (the comment list of a post page: a hundred
`{% include %}`s cost most of that page in Django's engine, while Jinja2 compiles a
template to Python), and Django's widget templates of the comment form
(django.forms.renderers.Jinja2, comments/forms.py). Templates written for it read like
Django's:

- `{{ _("Text") }}` translates with Django's catalogues (the reader's language);
- `{% set edit_url = url_pattern("app:edit", "pk") %}` once, then `{{ edit_url(obj.pk) }}`
  per item, is `{% url "app:edit" pk=obj.pk %}` (reversed once per process, core.urlcache);
- `{{ value|date("c") }}` is Django's `date` filter, in the current time zone;
- output is escaped exactly like Django's templates escape (django.utils.html.escape), so
  a page looks the same whichever engine wrote a part of it.
"""

from html import escape

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, ngettext
from jinja2 import Environment
from markupsafe import Markup

from .templatetags.datetimes import machine_time
from .urlcache import url_maker


def escape_like_django(value):
    """Jinja's autoescape would write ' and " as &#39; and &#34;; Django writes &#x27; and
    &quot;. Values are escaped here the Django way (django.utils.html.escape is
    html.escape(str(value)), without its lazy-string wrapper) and then pass Jinja's escape as
    safe."""
    if value is None or type(value) is int or hasattr(value, "__html__"):
        return value  # ints need no escaping (Jinja's own escape writes them out)
    return Markup(escape(str(value)))


def translate(message):
    """`{% translate %}`: the message in the reader's language, escaped like Django's."""
    return Markup(escape(gettext(message)))


def ntranslate(singular, plural, number):
    return Markup(escape(ngettext(singular, plural, number)))


class UrlPattern:
    """`url_pattern("comments:edit", "comment_id")(12)` == reverse("comments:edit",
    kwargs={"comment_id": 12}): set once per template render, called once per item."""

    __slots__ = ("prefix", "suffix")

    def __init__(self, viewname, kwarg):
        self.prefix, self.suffix = url_maker(viewname, kwarg)

    def __call__(self, value):
        return f"{self.prefix}{value}{self.suffix}"


def date(value, fmt):
    """Django's `date` filter in the current time zone (the two formats of the comment list
    written out: they are per comment)."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if fmt == "c":
        return local.isoformat()
    if fmt == "Y.m.d H:i":
        return f"{local.year:04d}.{local.month:02d}.{local.day:02d} {local.hour:02d}:{local.minute:02d}"
    return date_format(local, fmt)


def environment(**options):
    options["extensions"] = [*options.get("extensions", ()), "jinja2.ext.i18n"]
    options.setdefault("finalize", escape_like_django)
    env = Environment(**options)
    env.install_gettext_callables(translate, ntranslate, newstyle=False)
    env.globals["url_pattern"] = UrlPattern
    env.filters["date"] = date
    env.filters["machine_time"] = machine_time  # <time datetime>: to the second, as in Django templates
    return env
