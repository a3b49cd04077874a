"""The meeting list's newest-first index, again: on SQLite, 0004's new columns rebuilt the meeting
table, and a table rebuild drops the indexes Django's state does not know (0003 made this one with
raw SQL). ``IF NOT EXISTS`` leaves PostgreSQL, where the index survived, as it is."""

from django.db import migrations

NAME = "meeting_newest_first"
COLUMNS = {
    "postgresql": "year DESC NULLS LAST, date DESC NULLS LAST, id DESC",
    "sqlite": "year DESC, date DESC, id DESC",
}


def create(apps, schema_editor):
    columns = COLUMNS.get(schema_editor.connection.vendor)
    if columns:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON collaboration_meeting ({columns})")


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0004_verification_state")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
