"""공감 (likes): one per member, one per browser for guests.

A guest's browser gets a random id in a signed cookie the first time it likes a post. The
database stores only keyed SHA-256 hashes (HMAC keyed by SECRET_KEY): `visitor_key` of that
id, and `address_hash` of the address the like came from. A browser that arrives without
the cookie (cleared, or refusing cookies) gets a fresh id, so the address hash caps how
many guest likes one address may give one post (GUEST_LIKES_PER_ADDRESS, generous because
Korean mobile carriers put many readers behind one address).

Post.like_count is a denormalised counter changed with F() in the same transaction as the
PostLike row: PostgreSQL locks the post row for the UPDATE, so concurrent clicks queue up
instead of overwriting each other, and the unique constraints refuse a second like from
the same member or browser even when both clicks arrive at once.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from core.throttle import address_hash

from . import freshness
from .models import Post, PostLike

VISITOR_COOKIE = "blog_visitor"
VISITOR_COOKIE_SALT = "blog.likes.visitor"
VISITOR_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
GUEST_LIKES_PER_ADDRESS = getattr(settings, "BLOG_GUEST_LIKES_PER_ADDRESS", 10)


def _keyed_hash(purpose, value):
    # HMAC-SHA256 with a key derived from SECRET_KEY and `purpose`: a salted SHA-256 that
    # nobody without the secret can reverse by trying all IPv4 addresses.
    return salted_hmac(f"blog.likes.{purpose}", value, algorithm="sha256").hexdigest()


class Liker:
    """Who is liking: a member, or a guest's browser (which may not have an id yet)."""

    def __init__(self, request):
        self.request = request
        self.user = request.user if request.user.is_authenticated else None
        self.token = None
        self.is_new_visitor = False
        if self.user is None:
            try:
                self.token = request.get_signed_cookie(
                    VISITOR_COOKIE, salt=VISITOR_COOKIE_SALT, max_age=VISITOR_COOKIE_MAX_AGE
                )
            except (KeyError, signing.BadSignature):
                self.token = None

    @property
    def is_known(self):
        return self.user is not None or self.token is not None

    def ensure_visitor(self):
        """Give a guest without an id one (set on the response by remember())."""
        if self.user is None and self.token is None:
            self.token = secrets.token_urlsafe(24)
            self.is_new_visitor = True

    @property
    def visitor_key(self):
        return _keyed_hash("visitor", self.token) if self.token else None

    def lookup(self):
        if self.user is not None:
            return {"user": self.user}
        return {"user": None, "visitor_key": self.visitor_key}

    def remember(self, response):
        if self.is_new_visitor:
            response.set_signed_cookie(
                VISITOR_COOKIE,
                self.token,
                salt=VISITOR_COOKIE_SALT,
                max_age=VISITOR_COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=self.request.is_secure(),
            )
        return response


def has_liked(post, liker):
    """One query when the reader is known, none for a first-time guest."""
    if not liker.is_known:
        return False
    return PostLike.objects.filter(post=post, **liker.lookup()).exists()


class TooManyGuestLikes(Exception):
    pass


def _count_changed(post, step):
    Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + step)
    # Anonymous readers' shared copy of the post row shows the new count at once (a page in
    # the page cache keeps the old one for at most PAGE_CACHE_SECONDS).
    freshness.forget(freshness.shared_post_name(post.slug))


def set_like(post, liker, liked):
    """Make the reader's like on `post` be `liked` (True or False); return
    (liked, like_count) as stored afterwards. Idempotent: liking twice is one like."""
    if liked:
        liker.ensure_visitor()
    elif not liker.is_known:
        return False, Post.objects.values_list("like_count", flat=True).get(pk=post.pk)
    with transaction.atomic():
        if liked:
            addr = address_hash(liker.request, "like") if liker.user is None else ""
            # A soft cap (two racing requests may both pass it): enough to stop a script
            # that throws its cookie away after every click.
            if liker.is_new_visitor and (
                PostLike.objects.filter(post=post, user=None, address_hash=addr).count()
                >= GUEST_LIKES_PER_ADDRESS
            ):
                raise TooManyGuestLikes
            try:
                with transaction.atomic():  # a savepoint: a duplicate must not end the outer one
                    PostLike.objects.create(post=post, address_hash=addr, **liker.lookup())
            except IntegrityError:
                pass  # already liked, perhaps by a click a moment ago
            else:
                _count_changed(post, +1)
        else:
            deleted, _ = PostLike.objects.filter(post=post, **liker.lookup()).delete()
            if deleted:
                _count_changed(post, -1)
        count = Post.objects.values_list("like_count", flat=True).get(pk=post.pk)
        is_liked = PostLike.objects.filter(post=post, **liker.lookup()).exists()
    return is_liked, count
