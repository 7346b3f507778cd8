"""The database itself refuses to change or delete ledger rows, and (on PostgreSQL)
refuses to commit a transfer whose entries do not sum to zero."""

from django.db import migrations

TABLES = ["timebank_entry", "timebank_transfer"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are never updated'); END;"
            )
            # No DELETE trigger on SQLite: Django's test flush empties tables with DELETE.
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE FUNCTION {table}_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} rows are never updated or deleted'; END; $$;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_immutable();"
            )
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION timebank_transfer_balanced() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF (SELECT COALESCE(SUM(amount_minutes), 0) FROM timebank_entry "
            "    WHERE transfer_id = NEW.transfer_id) <> 0 THEN "
            "  RAISE EXCEPTION USING MESSAGE = 'entries of transfer ' || NEW.transfer_id || ' do not sum to zero'; "
            "END IF; RETURN NULL; END; $$;"
        )
        schema_editor.execute(
            "CREATE CONSTRAINT TRIGGER timebank_entry_balanced AFTER INSERT ON timebank_entry "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION timebank_transfer_balanced();"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_immutable();")
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS timebank_entry_balanced ON timebank_entry;")
        schema_editor.execute("DROP FUNCTION IF EXISTS timebank_transfer_balanced();")


class Migration(migrations.Migration):
    dependencies = [("timebank", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
