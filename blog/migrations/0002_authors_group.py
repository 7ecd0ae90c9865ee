"""The "Authors" group: staff members in it write and manage their own posts in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR_PERMISSIONS = [
    ("blog", "post", ["add", "change", "delete", "view"]),
    ("blog", "postimage", ["add", "change", "delete", "view"]),
    ("blog", "category", ["view"]),
    ("blog", "tag", ["add", "view"]),
]


def create_authors_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Authors")
    for app_label, model, actions in AUTHOR_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_authors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Authors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_authors_group, remove_authors_group)]
