"""Back up the seeded database, restore into an empty one, and compare every table's row count."""

import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kotaku import backup


def _source_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from introspection
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the same kind as the one under test, as a URL; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg2

    settings_dict = connection.settings_dict
    name = f"kotaku_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or "localhost",
        port=settings_dict["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = settings_dict["USER"] or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "localhost"
    yield f"postgres://{user}{password}@{host}:{settings_dict['PORT'] or 5432}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_keeps_every_row(tmp_path, empty_target):
    call_command("load_seed", verbosity=0)
    source = _source_counts()
    assert source["sites_slumlocation"] == 7

    dump = tmp_path / "kotaku.backup"
    call_command("backup_db", "--output", str(dump), stdout=StringIO())
    assert dump.stat().st_size > 0

    target = backup.parse_url(empty_target)
    assert sum(backup.row_counts(target).values()) == 0
    out = StringIO()
    call_command("restore_db", str(dump), "--target-url", empty_target, "--yes", stdout=out)

    assert backup.row_counts(target) == source
    assert "Dipulihkan" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_without_confirmation_and_changes_nothing(tmp_path, empty_target):
    call_command("load_seed", verbosity=0)
    dump = tmp_path / "kotaku.backup"
    call_command("backup_db", "--output", str(dump), stdout=StringIO())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_db", str(dump), "--target-url", empty_target)
    assert sum(backup.row_counts(backup.parse_url(empty_target)).values()) == 0


def test_restore_of_a_missing_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("restore_db", str(tmp_path / "nope.backup"), "--yes", "--target-url", "sqlite:///x.sqlite3")
