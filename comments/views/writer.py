"""What readers do to one comment: its writer edits or deletes it (a guest after the
password), anyone else reports it, moderators read its earlier versions."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.throttle import Throttle, address_hash
from core.views import too_many_attempts

from .. import moderation, posting
from .. import viewer as viewer_mod
from ..forms import EditForm, PasswordForm, ReportForm
from ..text import render_text
from .base import Refused, back_to, comment_page, message

PASSWORD_TRIES = 5
PASSWORD_WINDOW = 10 * 60
REPORTER_COOKIE = "comments_reporter"
REPORTER_COOKIE_SALT = "comments.reporter"
REPORTER_COOKIE_AGE = 365 * 24 * 60 * 60

# Wrong guest passwords per comment and address.
PASSWORD_THROTTLE = Throttle("comment-password", PASSWORD_TRIES, PASSWORD_WINDOW)
# Guest password checks per address across all comments, right or wrong: each costs about
# 0.2 s of CPU, and one address must not try five passwords on every comment of the site.
PASSWORD_ADDRESS_CHECKS = 20
PASSWORD_ADDRESS_THROTTLE = Throttle("comment-password-address", PASSWORD_ADDRESS_CHECKS, PASSWORD_WINDOW)


def report_throttle():
    """Reports per client address (COMMENTS_REPORTS_PER_HOUR, default 20 an hour)."""
    return Throttle("comment-report", int(getattr(settings, "COMMENTS_REPORTS_PER_HOUR", 20)), 60 * 60)


def to_password(comment, action):
    return HttpResponseRedirect(reverse("comments:password", args=[comment.pk]) + f"?action={action}")


@comment_page(methods=["GET", "POST"])
def edit(request, shown):
    comment, obj, node = shown
    if node.needs_password:
        return to_password(comment, "edit")
    if not node.can_edit:
        raise Refused(_("Not allowed"), _("Only the writer of a comment can change its text."))
    form = EditForm(
        request.POST or None, initial={"comment": comment.comment, "is_secret": comment.is_secret}
    )
    if request.method == "POST" and form.is_valid():
        change = posting.Edit(form.cleaned_data["comment"], form.cleaned_data["is_secret"])
        outcome = posting.submit(request, comment, edit=change)
        if outcome.status == posting.HELD:
            messages.info(request, _("Your comment is shown after approval."))
        return back_to(comment)
    return render(
        request,
        "comments/edit.html",
        {"comment": comment, "node": node, "obj": obj, "form": form},
        status=400 if form.is_bound else 200,
    )


@comment_page(methods=["GET", "POST"])
def delete(request, shown):
    comment, obj, node = shown
    if node.needs_password and not node.can_delete:
        return to_password(comment, "delete")
    if not node.can_delete:
        raise Refused(_("Not allowed"), _("You cannot delete this comment."))
    if request.method == "POST":
        comment.soft_delete(by_user=request.user)
        viewer_mod.forget(request, comment.pk)
        return back_to(comment)
    return render(request, "comments/delete.html", {"comment": comment, "node": node, "obj": obj})


@comment_page(methods=["GET", "POST"])
def password(request, shown):
    """A guest comment's password: unlocks edit, delete (done at once) or reading a
    secret comment. At most PASSWORD_TRIES wrong passwords per comment and client address
    in PASSWORD_WINDOW seconds, and PASSWORD_ADDRESS_CHECKS checks per address over all
    comments, counted in the shared cache (in process memory while it is down)."""
    comment, obj, node = shown
    action = request.POST.get("action") or request.GET.get("action") or "edit"
    if action not in {"edit", "delete", "view"}:
        action = "edit"
    if not comment.is_guest:
        raise Refused(
            _("Not a guest comment"),
            _("This comment was written by a member: log in as that member to change it."),
        )
    address = address_hash(request, posting.ADDRESS_PURPOSE)
    if PASSWORD_THROTTLE.is_exceeded(comment.pk, address):
        raise Refused(
            _("Too many tries"), _("The password was wrong too many times. Try again in 10 minutes."), 429
        )
    if PASSWORD_ADDRESS_THROTTLE.is_exceeded(address):
        raise Refused(
            _("Too many tries"),
            _("Too many passwords were tried from your network. Try again in 10 minutes."),
            429,
        )
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        PASSWORD_ADDRESS_THROTTLE.hit(address)
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


def already_reported():
    return Refused(
        _("Already reported"), _("You have already reported this comment. Moderators will look at it."), 409
    )


@comment_page(methods=["GET", "POST"])
def report(request, shown):
    """신고: members once per comment; guests once per comment per browser and address."""
    comment, obj, node = shown
    if comment.is_hidden:
        raise Refused(
            _("Already hidden"), _("This comment is already hidden and waits for a moderator."), 409
        )
    if not node.can_report:
        raise Refused(_("Not possible"), _("You cannot report your own comment."))
    user = request.user if request.user.is_authenticated else None
    key = reporter_key(request)
    address = address_hash(request, "comment-report")
    if moderation.already_reported(comment, user=user, browser_key=key, address_hash=address):
        raise already_reported()
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
                raise already_reported() from None
            throttle.hit(address)
            response = message(
                request, _("Thank you"), _("Your report was sent to the moderators."), status=200, obj=obj
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


@comment_page(removed_ok=True)
def history(request, shown):
    comment, obj, _node = shown
    if not viewer_mod.viewer_for(request).is_moderator:
        raise Refused(_("Not allowed"), _("Only moderators can see earlier versions."))
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
