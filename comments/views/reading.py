"""Pages that only read: a comment's permalink, the guestbook, and the one-button page
that stops reply emails."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import notify
from ..models import Guestbook, ThreadedComment
from ..policy import policy_for
from ..thread import comment_anchor_url
from .base import mail_link_page, not_found


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


def guestbook(request):
    # A public page (core/public.py): cacheable for anonymous readers, private otherwise.
    return render(request, "comments/guestbook.html", {"guestbook": Guestbook.get()})


@csrf_exempt  # the signed token is the authority; mail clients' one-click POST has no CSRF
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a page with one button. POST (that button, or a mail client's RFC 8058
    one-click): no more reply emails for that comment. Nothing happens on GET."""
    comment_id = notify.unsubscribe_comment_id(token)
    comment = ThreadedComment.norel_objects.filter(pk=comment_id).first() if comment_id else None
    return mail_link_page(
        request,
        comment,
        _("This unsubscribe link is not valid. Copy the whole link from the email."),
        notify.stop_replies,
        "comments/unsubscribe.html",
        {"comment": comment, "obj": comment.content_object if comment else None},
    )
