from django.conf import settings
from django.db import migrations, models

from core.db_operations import AddIndexOnline, RemoveIndexOnline


class Migration(migrations.Migration):
    """(status, published_at, id) gains updated_at as its last column, so that the sitemap
    index reads each part's lastmod from the index alone (blog/sitemaps.post_parts). Built
    under a new name before the old one is dropped, both CONCURRENTLY on PostgreSQL: the
    lists are never without their index."""

    atomic = False

    dependencies = [
        ("blog", "0010_post_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexOnline(
            model_name="post",
            index=models.Index(fields=["status", "published_at", "id", "updated_at"], name="blog_post_status_pub_upd"),
        ),
        RemoveIndexOnline(model_name="post", name="blog_post_status_pub_id"),
    ]
