"""The moderation queue (/moderation/): reported and held comments with their buttons,
bulk actions and the log, for moderators (everything) and for the authors of posts (their
own posts' comments). The page is built by one function, `queue_page`, whatever led to it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template import engines
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import moderation
from ..forms import ModerationForm
from .base import message


def done_message(action, count):
    texts = {
        "remove": ngettext("%(n)d comment removed.", "%(n)d comments removed.", count),
        "keep": ngettext(
            "%(n)d comment kept; its reports were dismissed.",
            "%(n)d comments kept; their reports were dismissed.",
            count,
        ),
        "approve": ngettext("%(n)d comment approved.", "%(n)d comments approved.", count),
        "reject": ngettext("%(n)d comment rejected.", "%(n)d comments rejected.", count),
        "block": ngettext(
            "%(n)d writer blocked: their next comments are held.",
            "%(n)d writers blocked: their next comments are held.",
            count,
        ),
        "restore": ngettext("%(n)d comment restored.", "%(n)d comments restored.", count),
    }
    return texts[action] % {"n": count}


REFUSALS = {
    "missing": (
        _("Comment not found"),
        _("Some of these comments do not exist (any more). Reload the queue."),
        404,
    ),
    "not_owner": (_("Not allowed"), _("You may only review comments on your own posts."), 403),
    "moderators_only": (
        _("Not allowed"),
        _("Only moderators may block writers or restore removed comments."),
        403,
    ),
    "no_access": (
        _("Not allowed"),
        _("Only moderators and the authors of posts can review comments."),
        403,
    ),
}


def refusal(request, reason):
    title, text, status = REFUSALS[reason]
    return message(request, title, text, status=status)


def moderation_access(request):
    """None if this user may open the queue, else the response to give."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if moderation.is_moderator(user) or (user.is_active and moderation.owns_anything(user)):
        return None
    return refusal(request, "no_access")


def items_html(items, kind, may_block):
    """The <li> items of one list of the queue, by the jinja2 engine (see the template)."""
    if not items:
        return ""
    template = engines["jinja2"].get_template("comments/_moderation_items.jinja")
    return mark_safe(template.render({"items": items, "kind": kind, "may_block": may_block}))


def queue_page(request, error="", status=200):
    """The queue as this user sees it (the one place its context is built)."""
    user = request.user
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    queue = moderation.queue_items(user, page=number)
    may_block = moderation.is_moderator(user)
    return render(
        request,
        "comments/moderation.html",
        {
            "queue": queue,
            "reported": queue.reported,
            "held": queue.held,
            "reported_html": items_html(queue.reported, "reported", may_block),
            "held_html": items_html(queue.held, "held", may_block),
            "log": moderation.log_for(user),
            "threshold": moderation.report_threshold(),
            "may_block": may_block,
            "error": error,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def moderation_queue(request):
    denied = moderation_access(request)
    if denied is not None:
        return denied
    if request.method != "POST":
        return queue_page(request)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return queue_page(request, error=form.non_field_errors()[0], status=400)
    data = form.cleaned_data
    applied = moderation.apply(request.user, data["action"], data["ids"], data["reason"])
    if applied.refused:
        return refusal(request, applied.refused)
    messages.success(request, done_message(applied.action, applied.done))
    if applied.skipped:
        messages.warning(
            request,
            ngettext(
                "%(n)d comment was skipped: that action does not apply to it.",
                "%(n)d comments were skipped: that action does not apply to them.",
                applied.skipped,
            )
            % {"n": applied.skipped},
        )
    return HttpResponseRedirect(reverse("comments:moderation"))
