"""Who moderates: the people every other comments module asks about. Below both
`moderation` (which acts) and `notify` (which mails them), so neither imports the other
to find out who the moderators and the owners of an object are."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q

from .policy import policy_for

MODERATE_PERM = "django_comments.can_moderate"
ROLE_SECONDS = 5 * 60


def is_moderator(user):
    """Moderates every comment: an active superuser or holder of can_moderate."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(MODERATE_PERM))
    )


def owner_ids_of(obj):
    """The user ids that own a commented object (its policy's owner_ids), or an empty set."""
    pol = policy_for(obj) if obj is not None else None
    return set(pol.owner_ids(obj)) if pol else set()


def moderator_users():
    """Active users who moderate everything: superusers and holders of can_moderate."""
    perm = Permission.objects.filter(codename="can_moderate", content_type__app_label="django_comments")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(user_permissions__in=perm) | Q(groups__permissions__in=perm))
        .distinct()
    )


def cached_role(user):
    """ "all" (moderator), "own" (staff: may own posts) or "" — kept in the shared cache for
    a few minutes so that neither the header nor the comment area costs permission
    queries on every page."""
    if user is None or not user.is_authenticated:
        return ""
    key = f"comments:moderation-role:{user.pk}"
    role = cache.get(key)
    if role is None:
        if is_moderator(user):
            role = "all"
        elif user.is_staff and user.is_active:
            role = "own"
        else:
            role = ""
        cache.set(key, role, ROLE_SECONDS)
    return role
