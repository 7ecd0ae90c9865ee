"""What every comment view shares: the message page, loading the comment a URL names as
its page shows it (or a 404), and refusals raised as exceptions."""

from functools import wraps
from typing import NamedTuple

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import viewer as viewer_mod
from ..models import ThreadedComment
from ..policy import max_depth_for, policy_for
from ..thread import Node, comment_anchor_url, describe


def message(request, title, text, status=400, obj=None):
    return render(
        request,
        "comments/message.html",
        {"title": title, "text": text, "obj": obj},
        status=status,
    )


def not_found(request):
    return message(
        request,
        _("Comment not found"),
        _("This comment does not exist or is no longer shown."),
        status=404,
    )


class Refused(Exception):
    """Raised inside a view to answer with the message page (`title`, `text`, `status`),
    linked back to the commented object when there is one."""

    def __init__(self, title, text, status=403, obj=None):
        super().__init__(text)
        self.title, self.text, self.status, self.obj = title, text, status, obj


class Shown(NamedTuple):
    """A comment as its page shows it to this reader: the comment, its object and the
    node (display data and permissions, comments.thread.describe)."""

    comment: ThreadedComment
    obj: object
    node: Node


def load(request, comment_id):
    """The public comment `comment_id` as this reader's page shows it, or None when it
    does not exist, is held, or belongs to an object this reader may not see."""
    comment = (
        ThreadedComment.objects.select_related("user", "content_type")
        .filter(pk=comment_id, is_public=True)
        .first()
    )
    if comment is None:
        return None
    obj = comment.content_object
    pol = policy_for(obj) if obj is not None else None
    if pol is None or not pol.visible_to(obj, request.user):
        return None
    node = describe(
        comment,
        viewer_mod.viewer_for(request),
        set(pol.owner_ids(obj)),
        pol.is_open(obj),
        max_depth_for(comment.content_type),
    )
    return Shown(comment, obj, node)


def comment_page(methods=None, removed_ok=False):
    """The preamble of every page about one comment: never cached, only `methods`, the
    comment loaded as its page shows it (a 404 page if it is not shown, or removed unless
    `removed_ok`). The view is called as view(request, shown) and may raise Refused."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, comment_id):
            shown = load(request, comment_id)
            if shown is None or (shown.comment.is_removed and not removed_ok):
                return not_found(request)
            try:
                return view(request, shown)
            except Refused as refused:
                return message(
                    request, refused.title, refused.text, status=refused.status, obj=refused.obj or shown.obj
                )

        return never_cache(require_http_methods(methods)(wrapper) if methods else wrapper)

    return decorate


def mail_link_page(request, found, invalid_text, act, template, context):
    """The page a link in an email opens (`found`: what its token names, or None): GET shows
    one button, so mail scanners that open every link change nothing; POST (the button, or a
    mail client's one-click) does `act(found)`."""
    if found is None:
        return message(request, _("Link not valid"), invalid_text, status=404)
    done = request.method == "POST"
    if done:
        act(found)
    return render(request, template, {**context, "done": done})


def back_to(comment):
    return HttpResponseRedirect(comment_anchor_url(comment) or "/")
