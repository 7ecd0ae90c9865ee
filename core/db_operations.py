"""Migration operations for big tables.

`CREATE INDEX` locks a table against writes while it builds; on a blog with a million
comments that is minutes of failed comment posts. PostgreSQL's `CREATE INDEX CONCURRENTLY`
does not block writes but cannot run inside a transaction, so a migration using these
operations sets `atomic = False`. Other databases (SQLite in development and tests) build
the index the ordinary way."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db.migrations.operations import AddIndex, RemoveIndex, RunPython


class AddIndexOnline(AddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class RemoveIndexOnline(RemoveIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return RemoveIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return RemoveIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


def raw_index_online(name, table, columns, where=""):
    """An index on a table this project does not own (django_comments' own table):
    CONCURRENTLY on PostgreSQL, plain elsewhere; both idempotent."""
    condition = f" WHERE {where}" if where else ""

    def create(apps, schema_editor):
        online = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
        schema_editor.execute(f"CREATE INDEX{online} IF NOT EXISTS {name} ON {table} ({columns}){condition}")

    def drop(apps, schema_editor):
        online = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
        schema_editor.execute(f"DROP INDEX{online} IF EXISTS {name}")

    return RunPython(create, drop)
