"""Roles a superuser gives a member in one step: an author writes posts (staff, in the
"Authors" group), a moderator reviews comments (the "Moderators" group). The groups keep
their English names in the database (code and migrations refer to them); people see them
in Korean (글쓴이/관리자, core.apps)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

ROLES = [
    ("author", _("Author: writes and publishes posts")),
    ("moderator", _("Moderator: reviews comments")),
    ("member", _("Member: no access to the admin")),
]
GROUPS = {"author": gettext_noop("Authors"), "moderator": gettext_noop("Moderators")}


def set_role(user, role):
    with transaction.atomic():
        user.is_staff = role in GROUPS
        user.save(update_fields=["is_staff"])
        user.groups.remove(*Group.objects.filter(name__in=GROUPS.values()))
        if role in GROUPS:
            user.groups.add(Group.objects.get(name=GROUPS[role]))
