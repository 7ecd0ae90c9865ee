"""Moderators may review reports, read the moderation log, block writers and change the
hold rules in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    "view_commentreport", "change_commentreport",
    "view_moderationaction",
    "view_blockedwriter", "add_blockedwriter", "change_blockedwriter", "delete_blockedwriter",
    "view_holdsettings", "change_holdsettings",
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="comments", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_reports_moderation")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
