from django.conf import settings
from django.db import migrations, models

from core.db_operations import AddIndexOnline, RemoveIndexOnline


class Migration(migrations.Migration):
    """Indexes for lists at 100,000 posts: (status, published_at, id) serves every list,
    archive range and previous/next row comparison in order; category and author lists
    get their own. Built CONCURRENTLY on PostgreSQL (core/db_operations.py)."""

    atomic = False

    dependencies = [
        ("blog", "0009_search_squashed_trigram_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexOnline(
            model_name="post",
            index=models.Index(fields=["status", "published_at", "id"], name="blog_post_status_pub_id"),
        ),
        RemoveIndexOnline(model_name="post", name="blog_post_status_615533_idx"),
        AddIndexOnline(
            model_name="post",
            index=models.Index(fields=["category", "published_at", "id"], name="blog_post_category_pub_id"),
        ),
        AddIndexOnline(
            model_name="post",
            index=models.Index(fields=["author", "published_at", "id"], name="blog_post_author_pub_id"),
        ),
    ]
