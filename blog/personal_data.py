"""A member's 공감 (likes) in 내 정보 내려받기; they go with the account on 회원 탈퇴
(PostLike.user is on_delete=CASCADE). Registered from BlogConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data
from comments.notify import absolute

from .models import PostLike

COLUMNS = {"post": _("post"), "url": _("address"), "liked_at": _("liked at")}


def export(user):
    likes = PostLike.objects.filter(user=user).select_related("post").order_by("created_at", "pk")
    return [
        {
            "post": like.post.title,
            "url": absolute(like.post.get_absolute_url()),
            "liked_at": like.created_at.isoformat(),
        }
        for like in likes
    ]


def register():
    personal_data.register("likes", export=export, columns=COLUMNS)
