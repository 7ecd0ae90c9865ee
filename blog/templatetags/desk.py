"""The author's desk on the admin index: their drafts and scheduled posts, the latest
comments on their posts, what waits in moderation for them, 공감 and visitor counts."""

from django import template
from django.db.models import Sum
from django.utils import timezone

from comments.models import ThreadedComment
from comments.moderation import attach_objects, open_item_count, owned_comments_q
from comments.roles import is_moderator

from .. import visits
from ..models import Post

register = template.Library()

DESK_ROWS = 8


@register.simple_tag
def author_desk(user):
    if not (user.is_authenticated and user.is_staff and user.has_perm("blog.add_post")):
        return None
    now = timezone.now()
    mine = Post.objects.filter(author=user)
    drafts = list(mine.filter(status=Post.Status.DRAFT).order_by("-updated_at")[:DESK_ROWS])
    scheduled = list(
        mine.filter(status=Post.Status.PUBLISHED, published_at__gt=now).order_by("published_at")[:DESK_ROWS]
    )
    published = list(mine.published().order_by("-published_at")[:DESK_ROWS])
    comments = list(
        ThreadedComment.objects.filter(
            owned_comments_q(user), is_public=True, is_removed=False, is_hidden=False
        )
        .select_related("user")
        .order_by("-submit_date")[:5]
    )
    attach_objects(comments)
    visits.safe_flush()
    counts = visits.stats([post.pk for post in published])
    for post in published:
        post.visits = counts[post.pk]
    return {
        "drafts": drafts,
        "scheduled": scheduled,
        "published": published,
        "comments": comments,
        "waiting": open_item_count(user, everything=is_moderator(user)),
        "likes": mine.aggregate(total=Sum("like_count"))["total"] or 0,
        "visits": counts["blog"],
    }
