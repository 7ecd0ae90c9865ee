"""PostgreSQL only: the pg_trgm extension and a trigram GIN index over Post.search_text.

Why trigrams rather than full-text search: see blog/search.py (PostgreSQL has no Korean
stemmer; trigrams match Hangul substrings, particles and all). pg_trgm is a trusted
extension (PostgreSQL 13+), so a database owner without superuser rights may create it.
SQLite has neither, and runs this migration as a no-op."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS blog_post_search_trgm ON blog_post "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS blog_post_search_trgm"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("blog", "0004_fill_reading_time_search_text")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
