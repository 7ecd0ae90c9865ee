"""PostgreSQL only: a trigram GIN index over Post.search_text with its spaces removed, the
expression blog/search.py matches query words against (spacing does not matter in Korean
search), so that search keeps using an index. SQLite runs this migration as a no-op."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS blog_post_search_squashed_trgm ON blog_post "
    "USING gin ((replace(search_text, ' ', '')) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS blog_post_search_squashed_trgm"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("blog", "0008_video_facades")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
