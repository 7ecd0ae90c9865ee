"""Our comment views. None of xtd's or django_comments' views is reachable: every page a
reader sees is rendered from our templates, in the reader's language."""

import re
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_comments import signals
from django_comments_xtd.models import MaxThreadLevelExceededException

from core.throttle import Throttle, address_hash
from core.views import too_many_attempts

from . import moderation, notify
from . import viewer as viewer_mod
from .forms import CommentForm, EditForm, PasswordForm, ReportForm
from .models import Guestbook, ThreadedComment
from .policy import max_depth_for, policy_for
from .thread import comment_anchor_url, describe, render_text

PASSWORD_TRIES = 5
PASSWORD_WINDOW = 10 * 60
DUPLICATE_WINDOW = 10 * 60
ADDRESS_PURPOSE = "comments"
REPORTER_COOKIE = "comments_reporter"
REPORTER_COOKIE_SALT = "comments.reporter"
REPORTER_COOKIE_AGE = 365 * 24 * 60 * 60

# Wrong guest passwords per comment and address.
PASSWORD_THROTTLE = Throttle("comment-password", PASSWORD_TRIES, PASSWORD_WINDOW)


def post_throttle():
    """New comments per client address (COMMENTS_POSTS_PER_MINUTE, default 5 a minute)."""
    return Throttle("comment-post", int(getattr(settings, "COMMENTS_POSTS_PER_MINUTE", 5)), 60)


def report_throttle():
    """Reports per client address (COMMENTS_REPORTS_PER_HOUR, default 20 an hour)."""
    return Throttle("comment-report", int(getattr(settings, "COMMENTS_REPORTS_PER_HOUR", 20)), 60 * 60)


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


def resolve_target(content_type, object_pk):
    """The commented object named by the form, or None for anything unexpected."""
    if not content_type or not object_pk or "\x00" in content_type + object_pk:
        return None
    try:
        model = apps.get_model(*content_type.split(".", 1))
        if policy_for(model) is None:
            return None
        return model._default_manager.get(pk=object_pk)
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


def load(request, comment_id):
    """(comment, object, node) for a comment shown on its page, or None."""
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
    return comment, obj, node


def back_to(comment):
    return HttpResponseRedirect(comment_anchor_url(comment) or "/")


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


# -- posting -------------------------------------------------------------------------
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
    address = address_hash(request, ADDRESS_PURPOSE)
    throttle = post_throttle()
    if throttle.is_exceeded(address):
        return too_many_attempts(
            request,
            _(
                "You are posting comments too quickly. Wait a minute, then send it "
                "again: your text is still in the form if you go back."
            ),
        )
    form = CommentForm(target, data=data, user=request.user)
    problem = form.security_problem()
    if problem in ("expired", "too_fast"):
        keep = {k: data.get(k, "") for k in ("name", "email", "url", "comment", "reply_to")}
        keep["is_secret"] = bool(data.get("is_secret"))
        fresh = CommentForm(target, initial=keep, user=request.user)
        if problem == "too_fast":
            notice = _(
                "That was quicker than anyone can type. Your text is kept below: check it and send it again."
            )
        else:
            notice = _("The form had expired. Your text is kept below: check it and send it again.")
        return form_page(request, target, fresh, status=400, notice=notice)
    if problem:
        return message(
            request,
            _("Comment not sent"),
            _(
                "The comment form was changed or filled in by a program. Reload the page "
                "and write your comment again."
            ),
        )
    pol = policy_for(target)
    if not pol.is_open(target):
        return message(
            request,
            _("Comments are closed"),
            _("Comments are closed for this page, so your comment was not saved."),
            status=403,
            obj=target,
        )
    if not form.is_valid():
        return form_page(request, target, form, status=400)
    comment = form.build_comment(request)
    comment.address_hash = address

    duplicate = find_duplicate(comment, form.cleaned_data.get("password", ""))
    if duplicate is not None:
        return back_to(duplicate)
    comment.held_reason = moderation.hold_reason(comment)
    if comment.held_reason:
        comment.is_public = False
    responses = signals.comment_will_be_posted.send(sender=ThreadedComment, comment=comment, request=request)
    if any(response is False for _receiver, response in responses):
        return message(request, _("Comment not sent"), _("This comment was not accepted."))
    try:
        comment.save()
    except MaxThreadLevelExceededException:
        form.add_error("reply_to", _("Replies cannot be nested any deeper here."))
        return form_page(request, target, form, status=400)
    except ThreadedComment.DoesNotExist:
        form.add_error("reply_to", _("The comment you are replying to does not exist (any more)."))
        return form_page(request, target, form, status=400)
    throttle.hit(address)
    if comment.user_id is None:
        viewer_mod.remember_posted(request, comment.pk)
    signals.comment_was_posted.send(sender=ThreadedComment, comment=comment, request=request)
    notify.comment_posted(comment)
    if comment.is_held:
        messages.info(request, _("Your comment is shown after approval."))
    return back_to(comment)


def find_duplicate(comment, raw_password=""):
    """A double click (same writer, place, text within minutes) gives back the first one.
    A guest is the same writer only with the same nickname, network and password: two
    readers behind one address who both write "감사합니다" keep their own comments."""
    since = timezone.now() - timezone.timedelta(seconds=DUPLICATE_WINDOW)
    same = ThreadedComment.norel_objects.filter(
        content_type=comment.content_type,
        object_pk=comment.object_pk,
        comment=comment.comment,
        submit_date__gte=since,
        is_removed=False,
    )
    if comment.parent_id:
        same = same.filter(parent_id=comment.parent_id, level__gt=0)
    else:
        same = same.filter(level=0)
    if comment.user_id:
        same = same.filter(user_id=comment.user_id)
    else:
        same = same.filter(user__isnull=True, user_name=comment.user_name, address_hash=comment.address_hash)
        return next((c for c in same.order_by("pk") if c.check_guest_password(raw_password)), None)
    return same.order_by("pk").first()


# -- reading -------------------------------------------------------------------------
def permalink(request, comment_id):
    comment = ThreadedComment.norel_objects.filter(pk=comment_id).first()
    obj = comment.content_object if comment is not None else None
    pol = policy_for(obj) if obj is not None else None
    if pol is None or not pol.visible_to(obj, request.user):
        return not_found(request)
    url = comment_anchor_url(comment)
    if url is None:
        return not_found(request)
    return HttpResponseRedirect(url)


@never_cache
def reply(request, comment_id):
    """The reply form on a page of its own: what 댓글쓰기 opens without JavaScript."""
    loaded = load(request, comment_id)
    if loaded is None or loaded[0].is_removed:
        return not_found(request)
    _comment, obj, node = loaded
    if not node.can_reply:
        return message(
            request,
            _("Comments are closed"),
            _("Comments are closed for this page."),
            status=403,
            obj=obj,
        )
    form = CommentForm(obj, initial={"reply_to": node.reply_to_id}, user=request.user)
    return form_page(request, obj, form, parent_node=node)


@never_cache
def guestbook(request):
    return render(request, "comments/guestbook.html", {"guestbook": Guestbook.get()})


# -- the writer's actions ------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def edit(request, comment_id):
    loaded = load(request, comment_id)
    if loaded is None or loaded[0].is_removed:
        return not_found(request)
    comment, obj, node = loaded
    if node.needs_password:
        return HttpResponseRedirect(reverse("comments:password", args=[comment.pk]) + "?action=edit")
    if not node.can_edit:
        return message(
            request,
            _("Not allowed"),
            _("Only the writer of a comment can change its text."),
            status=403,
            obj=obj,
        )
    form = EditForm(
        request.POST or None, initial={"comment": comment.comment, "is_secret": comment.is_secret}
    )
    if request.method == "POST" and form.is_valid():
        text, secret = form.cleaned_data["comment"], form.cleaned_data["is_secret"]
        if text != comment.comment or secret != comment.is_secret:
            comment.edit(text, secret, by_user=request.user)
            # An edit passes the same hold rules as a new comment: otherwise a published
            # "좋은 글" could become spam, or a blocked writer could keep rewriting.
            held_reason = moderation.hold_reason(comment)
            if held_reason:
                ThreadedComment.norel_objects.filter(pk=comment.pk).update(
                    is_public=False, held_reason=held_reason
                )
                messages.info(request, _("Your comment is shown after approval."))
        return back_to(comment)
    return render(
        request,
        "comments/edit.html",
        {"comment": comment, "node": node, "obj": obj, "form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def delete(request, comment_id):
    loaded = load(request, comment_id)
    if loaded is None or loaded[0].is_removed:
        return not_found(request)
    comment, obj, node = loaded
    if node.needs_password and not node.can_delete:
        return HttpResponseRedirect(reverse("comments:password", args=[comment.pk]) + "?action=delete")
    if not node.can_delete:
        return message(
            request,
            _("Not allowed"),
            _("You cannot delete this comment."),
            status=403,
            obj=obj,
        )
    if request.method == "POST":
        comment.soft_delete(by_user=request.user)
        viewer_mod.forget(request, comment.pk)
        return back_to(comment)
    return render(request, "comments/delete.html", {"comment": comment, "node": node, "obj": obj})


@never_cache
@require_http_methods(["GET", "POST"])
def password(request, comment_id):
    """A guest comment's password: unlocks edit, delete (done at once) or reading a
    secret comment. At most PASSWORD_TRIES wrong passwords per comment and client address
    in PASSWORD_WINDOW seconds, counted in the shared cache."""
    loaded = load(request, comment_id)
    if loaded is None or loaded[0].is_removed:
        return not_found(request)
    comment, obj, node = loaded
    action = request.POST.get("action") or request.GET.get("action") or "edit"
    if action not in {"edit", "delete", "view"}:
        action = "edit"
    if not comment.is_guest:
        return message(
            request,
            _("Not a guest comment"),
            _("This comment was written by a member: log in as that member to change it."),
            status=403,
            obj=obj,
        )
    address = address_hash(request, ADDRESS_PURPOSE)
    if PASSWORD_THROTTLE.is_exceeded(comment.pk, address):
        return message(
            request,
            _("Too many tries"),
            _("The password was wrong too many times. Try again in 10 minutes."),
            status=429,
            obj=obj,
        )
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if comment.check_guest_password(form.cleaned_data["password"]):
            if action == "delete":
                comment.soft_delete()
                viewer_mod.forget(request, comment.pk)
                return back_to(comment)
            viewer_mod.unlock(request, comment.pk)
            if action == "edit":
                return HttpResponseRedirect(reverse("comments:edit", args=[comment.pk]))
            return back_to(comment)
        PASSWORD_THROTTLE.hit(comment.pk, address)
        form.add_error("password", _("The password is wrong."))
    return render(
        request,
        "comments/password.html",
        {"comment": comment, "node": node, "obj": obj, "form": form, "action": action},
        status=400 if form.is_bound else 200,
    )


def reporter_key(request):
    """This browser's reporter key (signed cookie), or "" if it has none yet."""
    try:
        return request.get_signed_cookie(REPORTER_COOKIE, default="", salt=REPORTER_COOKIE_SALT)
    except Exception:
        return ""


@never_cache
@require_http_methods(["GET", "POST"])
def report(request, comment_id):
    """신고: members once per comment; guests once per comment per browser and address."""
    loaded = load(request, comment_id)
    if loaded is None or loaded[0].is_removed:
        return not_found(request)
    comment, obj, node = loaded
    if comment.is_hidden:
        return message(
            request,
            _("Already hidden"),
            _("This comment is already hidden and waits for a moderator."),
            status=409,
            obj=obj,
        )
    if not node.can_report:
        return message(
            request,
            _("Not possible"),
            _("You cannot report your own comment."),
            status=403,
            obj=obj,
        )
    user = request.user if request.user.is_authenticated else None
    key = reporter_key(request)
    address = address_hash(request, "comment-report")
    if moderation.already_reported(comment, user=user, browser_key=key, address_hash=address):
        return message(
            request,
            _("Already reported"),
            _("You have already reported this comment. Moderators will look at it."),
            status=409,
            obj=obj,
        )
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        throttle = report_throttle()
        if throttle.is_exceeded(address):
            return too_many_attempts(
                request, _("You have sent many reports in a short time. Try again later.")
            )
        if form.is_valid():
            new_key = key or secrets.token_urlsafe(24)
            try:
                moderation.add_report(
                    comment,
                    form.cleaned_data["reason"],
                    form.cleaned_data["detail"].strip(),
                    user=user,
                    browser_key=new_key,
                    address_hash=address,
                )
            except IntegrityError:
                return message(
                    request,
                    _("Already reported"),
                    _("You have already reported this comment. Moderators will look at it."),
                    status=409,
                    obj=obj,
                )
            throttle.hit(address)
            response = message(
                request,
                _("Thank you"),
                _("Your report was sent to the moderators."),
                status=200,
                obj=obj,
            )
            if user is None and not key:
                response.set_signed_cookie(
                    REPORTER_COOKIE,
                    new_key,
                    salt=REPORTER_COOKIE_SALT,
                    max_age=REPORTER_COOKIE_AGE,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response
    return render(
        request,
        "comments/report.html",
        {"comment": comment, "node": node, "obj": obj, "form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
def history(request, comment_id):
    loaded = load(request, comment_id)
    if loaded is None:
        return not_found(request)
    comment, obj, _node = loaded
    if not viewer_mod.viewer_for(request).is_moderator:
        return message(
            request,
            _("Not allowed"),
            _("Only moderators can see earlier versions."),
            status=403,
            obj=obj,
        )
    revisions = [{"revision": r, "text_html": render_text(r.text)} for r in comment.revisions.all()]
    return render(
        request,
        "comments/history.html",
        {
            "comment": comment,
            "obj": obj,
            "revisions": revisions,
            "current_html": render_text(comment.comment),
        },
    )


# -- reply notifications ---------------------------------------------------------------
@csrf_exempt  # the signed token is the authority; mail clients' one-click POST has no CSRF
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a page with one button. POST (that button, or a mail client's RFC 8058
    one-click): no more reply emails for that comment. Nothing happens on GET."""
    comment_id = notify.unsubscribe_comment_id(token)
    comment = ThreadedComment.norel_objects.filter(pk=comment_id).first() if comment_id else None
    if comment is None:
        return message(
            request,
            _("Link not valid"),
            _("This unsubscribe link is not valid. Copy the whole link from the email."),
            status=404,
        )
    done = False
    if request.method == "POST":
        ThreadedComment.norel_objects.filter(pk=comment.pk).update(followup=False)
        done = True
    return render(
        request,
        "comments/unsubscribe.html",
        {"comment": comment, "obj": comment.content_object, "done": done},
    )


# -- moderation ------------------------------------------------------------------------
def _done_message(action, count):
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


def moderation_access(request):
    """None if this user may open the queue, else the response to give."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if moderation.is_moderator(user) or (user.is_active and moderation.owns_anything(user)):
        return None
    return message(
        request,
        _("Not allowed"),
        _("Only moderators and the authors of posts can review comments."),
        status=403,
    )


def parse_request(post):
    """(action, [ids], error): one item button ("remove:12") or a bulk action with ticked ids."""
    one = post.get("item")
    if one:
        action, _sep, raw = one.partition(":")
        raw_ids = [raw]
    else:
        action, raw_ids = post.get("action", ""), post.getlist("ids")
    if action not in moderation.ACTIONS:
        return None, [], _("Choose one of the actions shown.")
    if not raw_ids:
        return action, [], _("Tick at least one comment first.")
    if len(raw_ids) > 500:
        return action, [], _("Too many comments at once: at most 500.")
    ids = []
    for raw in raw_ids:
        if not re.fullmatch(r"[0-9]{1,18}", str(raw)):  # ASCII only: "²".isdigit() is true
            return action, [], _("The list of comments was not understood. Reload the page.")
        ids.append(int(raw))
    return action, ids, None


@never_cache
@require_http_methods(["GET", "POST"])
def moderation_queue(request):
    denied = moderation_access(request)
    if denied is not None:
        return denied
    user = request.user
    if request.method == "POST":
        action, ids, error = parse_request(request.POST)
        if error:
            reported, held = moderation.queue_items(user)
            return render(
                request,
                "comments/moderation.html",
                {
                    "reported": reported,
                    "held": held,
                    "log": moderation.log_for(user),
                    "error": error,
                    "threshold": moderation.report_threshold(),
                },
                status=400,
            )
        reason = request.POST.get("reason", "").replace("\x00", "").strip()[:500]
        comments = list(ThreadedComment.objects.select_related("content_type").filter(pk__in=ids))
        if len(comments) != len(set(ids)):
            return message(
                request,
                _("Comment not found"),
                _("Some of these comments do not exist (any more). Reload the queue."),
                status=404,
            )
        if not all(moderation.may_moderate(user, c) for c in comments):
            return message(
                request, _("Not allowed"), _("You may only review comments on your own posts."), status=403
            )
        if not all(moderation.may_perform(user, action, c) for c in comments):
            return message(
                request,
                _("Not allowed"),
                _("Only moderators may block writers or restore removed comments."),
                status=403,
            )
        done = sum(1 for c in comments if moderation.perform(action, c, user, reason))
        skipped = len(comments) - done
        messages.success(request, _done_message(action, done))
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(n)d comment was skipped: that action does not apply to it.",
                    "%(n)d comments were skipped: that action does not apply to them.",
                    skipped,
                )
                % {"n": skipped},
            )
        return HttpResponseRedirect(reverse("comments:moderation"))
    reported, held = moderation.queue_items(user)
    return render(
        request,
        "comments/moderation.html",
        {
            "reported": reported,
            "held": held,
            "log": moderation.log_for(user),
            "threshold": moderation.report_threshold(),
            "may_block": moderation.is_moderator(user),
        },
    )
