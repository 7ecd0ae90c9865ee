from django.db import migrations

from core.db_operations import raw_index_online


class Migration(migrations.Migration):
    """Indexes on django_comments' own table (a third-party model, hence raw SQL):
    - an object's comments newest first (comments feeds, counts for a list page):
      (content_type_id, object_pk, submit_date);
    - the moderation queue's held comments: a partial index, so the header's open-items
      count reads only the few rows waiting for review instead of scanning every comment.
    Built CONCURRENTLY on PostgreSQL (core/db_operations.py)."""

    atomic = False

    dependencies = [("comments", "0010_comment_number")]

    operations = [
        raw_index_online(
            "comments_object_submit_date", "django_comments", "content_type_id, object_pk, submit_date"
        ),
        raw_index_online(
            "comments_held", "django_comments", "submit_date", where="is_public = false AND is_removed = false"
        ),
        raw_index_online("comments_report_open", "comments_commentreport", "comment_id", where="status = 'open'"),
    ]
