"""A fixed number for every top-level comment (ThreadedComment.number), backfilled in
posting order per commented object, removed comments included: from now on a number never
moves when an earlier comment is removed."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def number_threads(apps, schema_editor):
    comment_model = apps.get_model("comments", "ThreadedComment")
    roots = comment_model.objects.filter(parent_id=F("pk")).order_by(
        "content_type_id", "object_pk", "submit_date", "pk"
    )
    changed, key, number = [], None, 0
    for comment in roots.iterator(chunk_size=2000):
        if (comment.content_type_id, comment.object_pk) != key:
            key, number = (comment.content_type_id, comment.object_pk), 0
        number += 1
        comment.number = number
        changed.append(comment)
        if len(changed) >= 1000:
            comment_model.objects.bulk_update(changed, ["number"])
            changed = []
    comment_model.objects.bulk_update(changed, ["number"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_remove_revision_ip_address"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="threadedcomment",
            name="number",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="number"),
        ),
        migrations.RunPython(number_threads, migrations.RunPython.noop),
    ]
