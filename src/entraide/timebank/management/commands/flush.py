"""Django's `flush`, able to empty the time bank's tables on SQLite too.

On SQLite, triggers refuse to delete ledger rows (migration 0004); PostgreSQL's flush uses
TRUNCATE, which row triggers do not see. To empty the whole database alike on both, this lifts
the two SQLite triggers for the flush and puts them back in the same transaction.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

TABLES = ("timebank_entry", "timebank_transfer")


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite" or not set(TABLES) <= set(connection.introspection.table_names()):
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            super().handle(**options)
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} rows are never deleted'); END;"
                )
