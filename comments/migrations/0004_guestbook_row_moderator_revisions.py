"""The guestbook's one row, and moderators may read earlier versions of edited comments."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Guestbook = apps.get_model("comments", "Guestbook")
    Guestbook.objects.get_or_create(pk=1, defaults={"title": "방명록"})
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="comments",
                                   codename__in=["view_commentrevision"])
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_guest_secret_revisions_guestbook")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
