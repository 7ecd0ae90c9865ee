"""A member's comments in 내 정보 내려받기 and 회원 탈퇴 (accounts/personal_data.py calls these;
registered from CommentsConfig.ready(), so accounts never imports comments)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import personal_data

from . import addresses
from .models import CommentRevision, ModerationAction, NotificationAddress, ThreadedComment
from .notify import absolute

COLUMNS = {
    "id": _("number"),
    "submitted_at": _("written at"),
    "on": _("on"),
    "url": _("address"),
    "text": pgettext_lazy("exported comment", "text"),
    "is_secret": _("secret comment"),
    "is_removed": _("removed"),
}


def export(user):
    rows = []
    comments = (
        ThreadedComment.norel_objects.filter(user=user)
        .select_related("content_type")
        .order_by("submit_date", "pk")
    )
    for comment in comments:
        target = comment.content_object
        rows.append(
            {
                "id": comment.pk,
                "submitted_at": comment.submit_date.isoformat(),
                "on": str(target) if target is not None else "",
                "url": absolute(comment.get_absolute_url()),
                "text": comment.comment,
                "is_secret": comment.is_secret,
                "is_removed": comment.is_removed,
            }
        )
    return rows


def erase(user, keep_comments):
    """Secret comments always go, the rest too unless `keep_comments`: "going" means the
    site's removal (the placeholder keeps replies in place and counts exact) with the text
    and every trace of the writer blanked, and previous versions deleted. Kept comments stay
    under the erased name with nothing that leads back to the person."""
    mine = ThreadedComment.norel_objects.filter(user=user)
    going = mine if not keep_comments else mine.filter(is_secret=True)
    going_ids = list(going.values_list("pk", flat=True))
    all_ids = list(mine.values_list("pk", flat=True))
    now = timezone.now()
    anonymous = {
        "user": None,
        "user_name": personal_data.erased_name(),
        "user_email": "",
        "user_url": "",
        "ip_address": None,
        "address_hash": "",
        "guest_password": "",
        "followup": False,  # reply notifications end with the account
    }
    ThreadedComment.norel_objects.filter(pk__in=going_ids).update(
        **anonymous, comment="", comment_html="", is_removed=True, removed_at=now
    )
    ThreadedComment.norel_objects.filter(pk__in=all_ids).update(**anonymous)
    CommentRevision.objects.filter(comment_id__in=going_ids).delete()
    CommentRevision.objects.filter(edited_by=user).update(edited_by=None)
    # The moderation log keeps what was done, not who the writer or moderator was.
    ModerationAction.objects.filter(actor=user).update(actor=None, actor_name="")
    ModerationAction.objects.filter(comment_number__in=all_ids).update(excerpt="")
    # The member's address leaves the list of confirmed notification addresses.
    if user.email:
        NotificationAddress.objects.filter(email=addresses.normalise(user.email)).delete()
    # Reports the member filed stay (they counted towards hiding), without the reporter.
    # Blocks of the member's account go with the account (on_delete=CASCADE).


def register():
    personal_data.register("comments", export=export, erase=erase, columns=COLUMNS)
