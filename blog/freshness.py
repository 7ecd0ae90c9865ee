"""One version number for "what readers see of posts", so that everything derived from
the set of published posts (sidebar counts, previous/next, related posts, list counts,
sitemap parts, cached pages) can be cached under it and is never served stale.

The version changes when
- a post, category or tag is saved or deleted, or a post's tags change (signals below,
  after the transaction commits, so no reader caches rows that were about to change);
- a scheduled post reaches its publish time: the version remembers the next scheduled
  publish time and is renewed by the first request after it (no save happens then);
- a member changes what is shown with their posts and comments (name, avatar, homepage,
  bio):
  rare, and shown on any number of pages, so every page is renewed.
An entry is kept with the version it was computed under and is recomputed (and
overwritten) by the first reader under a newer one.
"""

import hashlib
import re
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Category, Post, Tag, TaggedPost

KEY = "blog:posts-version"
SAFE_KEY = re.compile(r"[\w:.-]{1,100}", re.ASCII)


def posts_version(prefetched=None):
    """A short string that changes whenever the published posts may look different.
    `prefetched`: cache values already fetched by the caller (core/public.py asks for
    `posts_version.cache_keys` together with the page itself)."""
    state = prefetched.get(KEY) if prefetched is not None and KEY in prefetched else cache.get(KEY)
    if state is None or (state[1] is not None and time.time() >= state[1]):
        state = _renew()
    return state[0]


posts_version.cache_keys = (KEY,)


def _renew():
    upcoming = (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    state = (format(time.time_ns(), "x"), upcoming.timestamp() if upcoming else None)
    cache.set(KEY, state, None)
    return state


def posts_changed():
    """Call after any change readers could see in a post list or a post's surroundings.
    Renewed at once (this request sees its own change) and again after commit (a reader
    who cached the old rows in between is not served them afterwards)."""
    cache.delete(KEY)
    transaction.on_commit(lambda: cache.delete(KEY))


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
@receiver(m2m_changed, sender=TaggedPost)
def _content_changed(sender, **kwargs):
    posts_changed()


# What a member's posts and comments show of them (accounts.User.display_name, avatar_url,
# the homepage linked from a comment, the bio under "Posted by" and on the author page).
SHOWN_USER_FIELDS = {"username", "nickname", "avatar", "homepage", "bio"}


@receiver(post_save, sender=get_user_model())
def _member_changed(sender, created, update_fields=None, **kwargs):
    # A new member has written nothing yet; a login only saves last_login.
    if not created and (update_fields is None or SHOWN_USER_FIELDS & set(update_fields)):
        posts_changed()


def _part_key(name):
    if not SAFE_KEY.fullmatch(name):
        name = hashlib.sha256(name.encode()).hexdigest()[:32]
    return f"blog:part:{name}"


def forget(name):
    """Drop what `cached(name, …)` keeps, for a change that does not change the posts
    version (a 공감 count): the next reader computes it again. At once and again after
    commit, as posts_changed() does."""
    key = _part_key(name)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def shared_post_name(slug):
    """The name under which anonymous readers share a published post's row (`cached`)."""
    return f"post:{slug}"


def cached(name, compute, timeout=24 * 60 * 60):
    """`compute()` cached under this posts version (a value, never a queryset; None is
    computed again). The entry and the version are fetched in one round trip: the entry
    is kept with the version it was computed under and counts only under that version."""
    key = _part_key(name)
    found = cache.get_many([KEY, key])
    version = posts_version(found)
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    if value is not None:
        cache.set(key, (version, value), timeout)
    return value
