"""No two held bookings of one item overlap, buffer included: an exclusion constraint on
PostgreSQL (btree_gist lets `item_id WITH =` join the range). A no-op on SQLite, where the
services serialise every approval (transactions are IMMEDIATE and take the item's row first)."""

from django.db import migrations

NAME = "lending_booking_no_overlap"
CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE lending_booking ADD CONSTRAINT {NAME} EXCLUDE USING gist (
    item_id WITH =,
    tstzrange(starts_at, blocked_until, '[)') WITH &&
) WHERE (status IN ('approved', 'checked_out', 'overdue'));
"""
DROP = f"ALTER TABLE lending_booking DROP CONSTRAINT IF EXISTS {NAME};"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("lending", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
