"""Who owns a commented object, whether its comments are open, how deep replies nest.

`comments` never imports the apps whose objects are commented: each app registers its
model here (blog registers Post from blog/comment_policy.py)::

    from comments import policy
    policy.register(Post, owner_ids=lambda post: {post.author_id},
                    comments_open=lambda post: post.comments_enabled,
                    opened_at=lambda post: post.published_at)

An unregistered model cannot be commented on.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

_registry = {}


@dataclass(frozen=True)
class CommentPolicy:
    model: type
    owner_ids: Callable  # obj -> set of user ids shown with the owner badge, may delete all
    comments_open: Callable  # obj -> bool
    opened_at: Callable | None = None  # obj -> datetime for COMMENTS_CLOSE_AFTER_DAYS
    is_visible: Callable | None = None  # (obj, user) -> bool: may this user see obj at all?
    max_depth: int | None = None  # deepest reply level (0 = no replies); None = setting
    close_after_days: int | None = None  # None = settings.COMMENTS_CLOSE_AFTER_DAYS
    # user -> queryset (or list) of pks of the objects this user owns: lets owners use the
    # moderation queue for their own objects. None: only moderators review these comments.
    owned_pks: Callable | None = None

    def visible_to(self, obj, user):
        """Comment pages of an object its page would 404 on (a draft) must 404 too."""
        return self.is_visible is None or bool(self.is_visible(obj, user))

    def is_open(self, obj):
        if not self.comments_open(obj):
            return False
        days = self.close_after_days
        if days is None:
            days = getattr(settings, "COMMENTS_CLOSE_AFTER_DAYS", None)
        if days and self.opened_at is not None:
            opened = self.opened_at(obj)
            if opened and timezone.now() - opened > timedelta(days=days):
                return False
        return True


def register(
    model,
    owner_ids,
    comments_open=lambda obj: True,
    opened_at=None,
    max_depth=None,
    close_after_days=None,
    owned_pks=None,
    is_visible=None,
):
    _registry[model] = CommentPolicy(
        model=model,
        owner_ids=owner_ids,
        comments_open=comments_open,
        opened_at=opened_at,
        max_depth=max_depth,
        close_after_days=close_after_days,
        owned_pks=owned_pks,
        is_visible=is_visible,
    )


def registered_policies():
    return list(_registry.values())


def unregister(model):
    _registry.pop(model, None)


def policy_for(model_or_obj):
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _registry.get(model._meta.concrete_model)


def is_registered(model_or_obj):
    return policy_for(model_or_obj) is not None


def max_depth_for(content_type):
    """Deepest allowed level (0-based, as xtd's `level`): the policy's max_depth, else
    COMMENTS_XTD_MAX_THREAD_LEVEL_BY_APP_MODEL["app.model"], else
    COMMENTS_XTD_MAX_THREAD_LEVEL. Read at call time (xtd caches its own copy at import)."""
    model = content_type.model_class()
    policy = _registry.get(model) if model else None
    if policy and policy.max_depth is not None:
        return policy.max_depth
    by_model = getattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL_BY_APP_MODEL", {})
    key = f"{content_type.app_label}.{content_type.model}"
    if key in by_model:
        return by_model[key]
    return getattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL", 3)
