"""On PostgreSQL, a trigram GIN index on `Post.search_text` for the board's search.

The search is a substring match (`search_text LIKE '% velo%'`, see
`entraide.core.search.matches`), which a B-tree cannot serve; pg_trgm's GIN
operator class can. SQLite has no such index: there the migration does nothing.
"""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL only, and silently does nothing elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("board", "0004_exchange_note_entered_by")]

    operations = [
        PostgreSQLOnly(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
                "CREATE INDEX IF NOT EXISTS post_search_trgm ON board_post USING gin (search_text gin_trgm_ops);",
            ],
            # The extension stays: other apps' indexes may use it.
            reverse_sql=["DROP INDEX IF EXISTS post_search_trgm;"],
        )
    ]
