"""An index in the meeting list's order (newest first: year, then date, both with unknowns last).

Without it the first page of the national list sorts every meeting (docs/benchmarks.md). It is
created here rather than in ``Meta.indexes`` because the order needs ``DESC NULLS LAST`` on
PostgreSQL, which SQLite cannot write in an index; there a plain ``DESC`` already puts NULLs last.
"""

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


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0002_outcome_interventions")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
