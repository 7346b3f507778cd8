"""Transfers are never updated, with one exception: erasing a person's data blanks the
description they wrote (`privacy.erase`). The database allows an UPDATE of a transfer only when
it sets `description` to '' and changes nothing else, on PostgreSQL and SQLite alike."""

from django.db import migrations

# Every column of timebank_transfer but `description` (SQLite lists them; PostgreSQL compares rows).
KEPT = [
    "id",
    "public_id",
    "territory_id",
    "kind",
    "payer_id",
    "payee_id",
    "minutes",
    "happened_on",
    "category_id",
    "reason",
    "reverses_id",
    "idempotency_key",
    "created_by_id",
    "entered_by_id",
    "created_at",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION timebank_transfer_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF TG_OP = 'UPDATE' AND NEW.description = '' "
            "   AND (to_jsonb(NEW) - 'description') = (to_jsonb(OLD) - 'description') THEN RETURN NEW; END IF; "
            "RAISE EXCEPTION 'timebank_transfer rows are never updated or deleted'; END; $$;"
        )
    elif vendor == "sqlite":
        unchanged = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in KEPT)
        schema_editor.execute("DROP TRIGGER IF EXISTS timebank_transfer_no_update;")
        schema_editor.execute(
            "CREATE TRIGGER timebank_transfer_no_update BEFORE UPDATE ON timebank_transfer "
            f"WHEN NOT (NEW.description = '' AND {unchanged}) "
            "BEGIN SELECT RAISE(ABORT, 'timebank_transfer rows are never updated'); END;"
        )


class Migration(migrations.Migration):
    dependencies = [("timebank", "0004_ledger_rules_in_both_databases")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
