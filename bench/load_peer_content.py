"""Load ../shared/bench/peer-content.json (the content WordPress was measured with) into the
blog: one post per comment count, the same comment trees, authors, dates and texts.

Run by bench/run.py inside a Django process; idempotent per slug."""

import json
import re
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from blog.models import Category, Post
from comments.models import ThreadedComment
from comments.policy import max_depth_for


def _markdown_from_wordpress(html):
    """WordPress block markup to Markdown-compatible HTML: drop the block comments only."""
    return re.sub(r"<!--\s*/?wp:[^>]*-->", "", html).strip()


def _utc(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


@transaction.atomic
def load(path):
    with open(path, encoding="utf-8") as source:
        data = json.load(source)
    User = get_user_model()
    author, _ = User.objects.get_or_create(
        username="bench-author", defaults={"nickname": "커피 블로거", "is_staff": True}
    )
    category, _ = Category.objects.get_or_create(name="일상")
    body = _markdown_from_wordpress(data["body_html"])
    guest_hash = make_password("bench-guest-password")  # one hash: hashing 600 times is slow
    content_type = ContentType.objects.get_for_model(Post)
    posts = {}
    for spec in data["posts"]:
        slug = spec["slug"]
        post = Post.objects.filter(slug=slug).first()
        if post is None:
            post = Post(
                slug=slug,
                title=spec["title"],
                author=author,
                category=category,
                body=body,
                status=Post.Status.PUBLISHED,
                published_at=_utc(spec["date_gmt"]),
            )
            post.save()
            post.tags.set(data["tags"])
            _load_comments(post, spec["comments"], content_type, author, guest_hash)
        posts[len(spec["comments"])] = post
    return posts


def _load_comments(post, comments, content_type, author, guest_hash):
    deepest = max_depth_for(content_type)
    saved, peer_parents = {}, {}  # peer id -> our comment; peer id -> peer parent id
    for item in comments:
        parent_peer = item["parent"]
        # Our threads may be shallower than WordPress's: attach deeper replies to the
        # deepest allowed ancestor, as the reply form would.
        while parent_peer and saved[parent_peer].level >= deepest:
            parent_peer = peer_parents[parent_peer]
        parent = saved.get(parent_peer)
        by_author = item["by_post_author"]
        comment = ThreadedComment(
            content_type=content_type,
            object_pk=str(post.pk),
            site_id=1,
            user=author if by_author else None,
            user_name=author.nickname if by_author else item["author"],
            user_email=item["email"],
            comment=item["content"],
            submit_date=_utc(item["date_gmt"]),
            is_public=True,
            guest_password="" if by_author else guest_hash,
            parent_id=parent.pk if parent else 0,
        )
        comment.save()
        saved[item["id"]], peer_parents[item["id"]] = comment, parent_peer
