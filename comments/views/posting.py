"""The comment form's POST and the reply form on a page of its own. What happens to the
comment is decided in comments.posting; here outcomes become responses."""

from urllib.parse import quote, unquote

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.text import CONTROL_CHARACTERS_RE

from .. import posting
from ..forms import CommentForm
from ..models import USER_NAME_MAX
from ..policy import policy_for
from .base import Refused, back_to, comment_page, message


def resolve_target(content_type, object_pk):
    """The commented object named by the form, or None for anything unexpected."""
    if not content_type or not object_pk or "\x00" in content_type + object_pk:
        return None
    try:
        model = apps.get_model(*content_type.split(".", 1))
        if policy_for(model) is None:
            return None
        return model._default_manager.get(pk=object_pk)
    except (OperationalError, InterfaceError):
        raise  # the database is unreachable: a 503 (core.views.server_error), not a bad form
    except (
        LookupError,
        TypeError,
        ValueError,
        ValidationError,
        ObjectDoesNotExist,
        AttributeError,
        DatabaseError,
    ):
        return None


def form_page(request, obj, form, parent_node=None, notice="", status=200):
    return render(
        request,
        "comments/form_page.html",
        {
            "obj": obj,
            "form": form,
            "parent": parent_node,
            "notice": notice,
            "is_open": policy_for(obj).is_open(obj),
        },
        status=status,
    )


def kept_form(request, target, problem):
    """The form again with the reader's text, after an expired or too quick form, or when
    the address posted too many comments this minute (a 429 that keeps the text too)."""
    data = request.POST
    keep = {k: data.get(k, "") for k in ("name", "email", "url", "comment", "reply_to")}
    keep["is_secret"] = bool(data.get("is_secret"))
    fresh = CommentForm(target, initial=keep, user=request.user)
    status = 400
    if problem == "too_fast":
        notice = _(
            "That was quicker than anyone can type. Your text is kept below: check it and send it again."
        )
    elif problem == "rate_limited":
        status = 429
        notice = _(
            "You are posting comments too quickly. Your text is kept below: wait a minute, "
            "then send it again."
        )
    else:
        notice = _("The form had expired. Your text is kept below: check it and send it again.")
    return form_page(request, target, fresh, status=status, notice=notice)


@require_POST
def post_comment(request):
    data = request.POST
    target = resolve_target(data.get("content_type", ""), data.get("object_pk", ""))
    if target is None:
        return message(
            request,
            _("Comment not sent"),
            _("This comment form does not belong to any page that takes comments."),
        )
    if posting.post_throttle().is_exceeded(posting.writer_address(request)):
        return kept_form(request, target, "rate_limited")
    form = CommentForm(target, data=data, user=request.user)
    problem = form.security_problem()
    if problem in ("expired", "too_fast"):
        return kept_form(request, target, problem)
    if problem:
        return message(
            request,
            _("Comment not sent"),
            _(
                "The comment form was changed or filled in by a program. Reload the page "
                "and write your comment again."
            ),
        )
    if not policy_for(target).is_open(target):
        return message(
            request,
            _("Comments are closed"),
            _("Comments are closed for this page, so your comment was not saved."),
            status=403,
            obj=target,
        )
    if not form.is_valid():
        return form_page(request, target, form, status=400)
    outcome = posting.submit(
        request, form.build_comment(request), password=form.cleaned_data.get("password", "")
    )
    if outcome.status == posting.REFUSED:
        return message(request, _("Comment not sent"), _("This comment was not accepted."))
    if outcome.status == posting.TOO_DEEP:
        form.add_error("reply_to", _("Replies cannot be nested any deeper here."))
        return form_page(request, target, form, status=400)
    if outcome.status == posting.PARENT_GONE:
        form.add_error("reply_to", _("The comment you are replying to does not exist (any more)."))
        return form_page(request, target, form, status=400)
    if outcome.status == posting.HELD:
        messages.info(request, _("Your comment is shown after approval."))
    response = back_to(outcome.comment)
    if outcome.comment.is_guest:
        # The nickname (never the password) for the reply page without JavaScript.
        response.set_cookie(
            NICKNAME_COOKIE,
            quote(outcome.comment.user_name),
            max_age=365 * 24 * 60 * 60,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


NICKNAME_COOKIE = "comment_nickname"


def remembered_nickname(request):
    name = unquote(request.COOKIES.get(NICKNAME_COOKIE, ""))[:USER_NAME_MAX]
    return "" if CONTROL_CHARACTERS_RE.search(name) else name


@comment_page()
def reply(request, shown):
    """The reply form on a page of its own: what 댓글쓰기 opens without JavaScript. A guest
    finds the nickname of their last comment filled in."""
    if not shown.node.can_reply:
        raise Refused(_("Comments are closed"), _("Comments are closed for this page."))
    initial = {"reply_to": shown.node.reply_to_id}
    if not request.user.is_authenticated:
        initial["name"] = remembered_nickname(request)
    form = CommentForm(shown.obj, initial=initial, user=request.user)
    return form_page(request, shown.obj, form, parent_node=shown.node)
