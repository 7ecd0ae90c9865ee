"""Migrations must be safe on a live database with big tables and readers on it.

Fails for a migration of ours that
- adds a NOT NULL column without a default to a table that already exists (PostgreSQL rewrites
  or rejects it; the app servers still running the old code write rows without it), or
- builds an index on an existing table without CONCURRENTLY (AddIndex, an indexed AddField such
  as a ForeignKey, a unique AddConstraint, RunSQL "CREATE INDEX"): that locks the table against
  writes for as long as the build takes. Use AddIndexConcurrently in a migration with
  `atomic = False` (PostgreSQL), or split the change.

Migrations written before this check ran on every database already and are listed in BASELINE;
a new migration is never added there (a table created in the same migration is fine).
"""

import inspect
import re
import sys

import pytest
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = {"core", "accounts", "blog", "comments"}

CREATE_INDEX = re.compile(r"\bCREATE\s+(UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)", re.IGNORECASE)


def _has_default(field):
    return field.has_default() or getattr(field, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED


def problems(migration):
    """What would lock or break a big live table in this migration."""
    created = {op.name.lower() for op in migration.operations if isinstance(op, migrations.CreateModel)}
    found = []
    for op in migration.operations:
        model = getattr(op, "model_name", "") or ""
        existing = model.lower() not in created
        if isinstance(op, migrations.AddField) and existing:
            field = op.field
            if not field.many_to_many and not field.null and not _has_default(field):
                found.append(f"{op.describe()}: NOT NULL without a default on an existing table")
            if (field.db_index or field.unique) and not field.many_to_many:
                found.append(f"{op.describe()}: builds an index without CONCURRENTLY")
        elif isinstance(op, AddIndexConcurrently):
            if getattr(migration, "atomic", True):
                found.append(f"{op.describe()}: AddIndexConcurrently needs `atomic = False`")
        elif isinstance(op, migrations.AddIndex) and existing:
            found.append(f"{op.describe()}: use AddIndexConcurrently (non-atomic migration)")
        elif isinstance(op, migrations.AddConstraint) and existing:
            if isinstance(op.constraint, models.UniqueConstraint):
                found.append(f"{op.describe()}: a unique constraint builds an index without CONCURRENTLY")
        elif isinstance(op, migrations.RunSQL):
            sql = op.sql if isinstance(op.sql, str) else " ".join(map(str, op.sql))
            if CREATE_INDEX.search(sql):
                found.append(f"{op.describe()}: CREATE INDEX without CONCURRENTLY")
    # SQL run from RunPython (or built elsewhere in the module) is only visible in the source.
    module = sys.modules.get(type(migration).__module__)
    in_a_migration_file = module is not None and ".migrations." in module.__name__
    already = any("CREATE INDEX without" in f for f in found)
    if in_a_migration_file and not already and CREATE_INDEX.search(inspect.getsource(module)):
        found.append("CREATE INDEX without CONCURRENTLY in the migration's SQL")
    return found


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: migration for key, migration in loader.disk_migrations.items() if key[0] in PROJECT_APPS}


BASELINE = {
    ("blog", "0005_search_trigram_index"),
    ("blog", "0007_editor_desk"),  # landed just before this check (a ForeignKey's index on postimage)
    ("blog", "0009_search_squashed_trigram_index"),  # likewise (CREATE INDEX on blog_post)
    ("comments", "0003_guest_secret_revisions_guestbook"),
    ("comments", "0005_reports_moderation"),
    ("comments", "0007_comment_html"),
}


@pytest.mark.parametrize("key", sorted(project_migrations()), ids="{0[0]}.{0[1]}".format)
def test_migration_is_safe_on_a_live_database(key):
    migration = project_migrations()[key]
    found = problems(migration)
    if key in BASELINE:
        assert found, f"{key} is safe now: take it out of BASELINE"
        return
    assert not found, f"{key[0]}.{key[1]} is unsafe on a live database:\n" + "\n".join(found)


def migration(*operations, atomic=True):
    class Migration(migrations.Migration):
        pass

    Migration.operations = list(operations)
    Migration.atomic = atomic
    return Migration("0099_test", "blog")


def test_the_check_fails_on_not_null_without_default():
    assert problems(migration(migrations.AddField("post", "views", models.IntegerField())))
    assert not problems(migration(migrations.AddField("post", "views", models.IntegerField(default=0))))
    assert not problems(migration(migrations.AddField("post", "views", models.IntegerField(db_default=0))))
    assert not problems(migration(migrations.AddField("post", "note", models.TextField(null=True))))
    # A new table is empty: anything goes there.
    new_table = migrations.CreateModel("Fresh", [("id", models.BigAutoField(primary_key=True))])
    assert not problems(migration(new_table, migrations.AddField("fresh", "n", models.IntegerField())))


def test_the_check_fails_on_an_index_without_concurrently():
    index = models.Index(fields=["title"], name="post_title_idx")
    assert problems(migration(migrations.AddIndex("post", index)))
    assert problems(migration(AddIndexConcurrently("post", index)))  # still atomic
    assert not problems(migration(AddIndexConcurrently("post", index), atomic=False))
    assert problems(migration(migrations.RunSQL("CREATE INDEX x ON blog_post (title)")))
    assert not problems(migration(migrations.RunSQL("CREATE INDEX CONCURRENTLY x ON blog_post (title)")))
    assert problems(
        migration(migrations.AddField("post", "n", models.IntegerField(null=True, db_index=True)))
    )
    unique = models.UniqueConstraint(fields=["slug"], name="post_slug_uniq")
    assert problems(migration(migrations.AddConstraint("post", unique)))
