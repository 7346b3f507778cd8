"""Drop three single-column indexes that composite indexes already cover (fewer index writes per
transfer). On SQLite, altering a field rebuilds the table and drops its triggers: put them back."""

import django.db.models.deletion
from django.db import migrations, models

TABLES = ["timebank_entry", "timebank_transfer"]


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are never updated'); END;"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0001_initial"),
        ("timebank", "0002_ledger_triggers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="entry",
            name="account",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="timebank.account",
            ),
        ),
        migrations.AlterField(
            model_name="entry",
            name="transfer",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="timebank.transfer",
            ),
        ),
        migrations.AlterField(
            model_name="transfer",
            name="territory",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territories.territory",
            ),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop, elidable=False),
    ]
