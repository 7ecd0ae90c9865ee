"""Migration operations for big tables.

`CREATE INDEX` locks a table against writes while it builds; on a blog with a million
comments that is minutes of failed comment posts. PostgreSQL's `CREATE INDEX CONCURRENTLY`
does not block writes but cannot run inside a transaction, so a migration using these
operations sets `atomic = False`. Other databases (SQLite in development and tests) build
the index the ordinary way."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db.migrations.operations import AddIndex, RemoveIndex, RunPython


class _ConcurrentlyOnPostgreSQL:
    """Mixed in before a `...Concurrently` operation: that operation on PostgreSQL, the
    ordinary one on other databases."""

    concurrently = ordinary = None

    def _operation(self, schema_editor):
        return self.concurrently if schema_editor.connection.vendor == "postgresql" else self.ordinary

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        operation = self._operation(schema_editor)
        return operation.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        operation = self._operation(schema_editor)
        return operation.database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddIndexOnline(_ConcurrentlyOnPostgreSQL, AddIndexConcurrently):
    concurrently, ordinary = AddIndexConcurrently, AddIndex


class RemoveIndexOnline(_ConcurrentlyOnPostgreSQL, RemoveIndexConcurrently):
    concurrently, ordinary = RemoveIndexConcurrently, RemoveIndex


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
