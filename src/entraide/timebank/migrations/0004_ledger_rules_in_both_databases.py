"""The database writes a transfer's two entries and both balances, and the same rules hold on
PostgreSQL and SQLite:

- inserting a transfer writes its two entries (-minutes on the payer, +minutes on the payee) and
  adds them to both balances, in the same statement (trigger `timebank_transfer_entries`);
- any other entry is refused: an entry is its transfer's payer side or payee side
  (`timebank_entry_matches`), and `(transfer, account)` is unique, so a transfer has exactly its
  two entries;
- entries and transfers are never updated or deleted (PostgreSQL: `*_immutable`, migration 0002;
  SQLite: `*_no_update`, and now `*_no_delete`; the `flush` command lifts the latter while it
  empties the database, as PostgreSQL's TRUNCATE does).

This replaces PostgreSQL's deferred "entries sum to zero" trigger, which let a transfer without
entries, or with entries on other accounts, commit.

On SQLite, altering the transfer or entry table rebuilds it and drops its triggers: a later
migration that does so must create them again (see 0003).
"""

from django.db import migrations, models

ENTRY_MATCHES = (
    "SELECT 1 FROM timebank_transfer t WHERE t.id = NEW.transfer_id AND ("
    "(NEW.account_id = t.payer_id AND NEW.amount_minutes = -t.minutes) OR "
    "(NEW.account_id = t.payee_id AND NEW.amount_minutes = t.minutes))"
)
WRITE_ENTRIES = (
    "INSERT INTO timebank_entry (transfer_id, account_id, amount_minutes) "
    "VALUES (NEW.id, NEW.payer_id, -NEW.minutes), (NEW.id, NEW.payee_id, NEW.minutes); "
    "UPDATE timebank_account SET balance_minutes = balance_minutes "
    "+ CASE WHEN id = NEW.payer_id THEN -NEW.minutes ELSE NEW.minutes END "
    "WHERE id IN (NEW.payer_id, NEW.payee_id);"
)
ENTRY_MESSAGE = "an entry is its transfer''s payer side or payee side"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS timebank_entry_balanced ON timebank_entry;")
        schema_editor.execute("DROP FUNCTION IF EXISTS timebank_transfer_balanced();")
        schema_editor.execute(
            "CREATE FUNCTION timebank_transfer_write_entries() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {WRITE_ENTRIES} RETURN NULL; END; $$;"
        )
        schema_editor.execute(
            "CREATE TRIGGER timebank_transfer_entries AFTER INSERT ON timebank_transfer "
            "FOR EACH ROW EXECUTE FUNCTION timebank_transfer_write_entries();"
        )
        schema_editor.execute(
            "CREATE FUNCTION timebank_entry_matches_transfer() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF NOT EXISTS ({ENTRY_MATCHES}) THEN RAISE EXCEPTION USING MESSAGE = '{ENTRY_MESSAGE}', "
            "ERRCODE = 'check_violation'; END IF; "
            "RETURN NEW; END; $$;"
        )
        schema_editor.execute(
            "CREATE TRIGGER timebank_entry_matches BEFORE INSERT ON timebank_entry "
            "FOR EACH ROW EXECUTE FUNCTION timebank_entry_matches_transfer();"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER timebank_transfer_entries AFTER INSERT ON timebank_transfer BEGIN {WRITE_ENTRIES} END;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER timebank_entry_matches BEFORE INSERT ON timebank_entry WHEN NOT EXISTS "
            f"({ENTRY_MATCHES}) BEGIN SELECT RAISE(ABORT, '{ENTRY_MESSAGE}'); END;"
        )
        for table in ("timebank_entry", "timebank_transfer"):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are never deleted'); END;"
            )


def backwards(apps, schema_editor):
    raise NotImplementedError("The ledger's triggers are not taken back: restore a backup instead.")


class Migration(migrations.Migration):

    dependencies = [("timebank", "0003_fewer_indexes")]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('account_opened', 'Account opened'), ('transfer', 'Transfer recorded'), ('claim_recorded', 'Help recorded'), ('claim_confirmed', 'Help confirmed'), ('claim_auto_confirmed', 'Help confirmed automatically'), ('claim_disputed', 'Help disputed'), ('claim_rejected', 'Help rejected'), ('claim_reminded', 'Reminder sent'), ('claim_cancelled', 'Help cancelled'), ('limit_exception', "Limit passed by a referent's exception"), ('erased', 'Personal data erased'), ('frozen', 'Account frozen'), ('unfrozen', 'Account unfrozen'), ('settings', 'Settings changed')], max_length=24, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='claim',
            name='status',
            field=models.CharField(choices=[('pending', 'Awaiting confirmation'), ('confirmed', 'Confirmed'), ('disputed', 'Disputed'), ('rejected', 'Rejected by the referent'), ('cancelled', 'Cancelled')], default='pending', max_length=10, verbose_name='status'),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
