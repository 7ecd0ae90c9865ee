"""How comments behave on posts: the post's author owns them; comments are open when the
post is published and its "comments open" box is ticked (and, with
COMMENTS_CLOSE_AFTER_DAYS, not older than that)."""

from comments import policy

from .models import Post


def register():
    policy.register(
        Post,
        owner_ids=lambda post: {post.author_id},
        comments_open=lambda post: post.comments_enabled and post.is_published,
        opened_at=lambda post: post.published_at,
        is_visible=lambda post, user: post.is_visible_to(user),
        owned_pks=lambda user: Post.objects.filter(author_id=user.pk).values_list("pk", flat=True),
    )
