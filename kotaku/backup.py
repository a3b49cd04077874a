"""Online backups and restores of the configured database.

PostgreSQL: ``pg_dump --format=custom`` / ``pg_restore --clean --if-exists``. SQLite: the online
backup API (``sqlite3.Connection.backup``), which copies a consistent snapshot while the app runs.
"""

import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

import environ


class BackupError(Exception):
    pass


def _vendor(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Mesin basis data tidak didukung: {engine}")


def parse_url(url: str) -> dict:
    return environ.Env.db_url_config(url)


def _pg_url(db: dict) -> str:
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = db.get("PORT") or 5432
    return f"postgresql://{auth}{host}:{port}/{db['NAME']}"


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise BackupError(f"{tool} tidak ditemukan; pasang paket postgresql-client.")
    return found


def backup(db: dict, output: Path, *, sqlite_connection=None) -> Path:
    """Write a backup of ``db`` to ``output``. ``sqlite_connection`` lets a caller back up an open
    (e.g. in-memory) SQLite connection instead of opening the file."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if _vendor(db) == "sqlite":
        source = sqlite_connection or sqlite3.connect(db["NAME"])
        target = sqlite3.connect(output)
        try:
            source.backup(target)
        finally:
            target.close()
            if sqlite_connection is None:
                source.close()
        return output
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [_require("pg_dump"), "--format=custom", "--no-owner", "--file", str(output), _pg_url(db)],
        check=True,
        capture_output=True,
    )
    return output


def restore(db: dict, source: Path) -> None:
    """Replace the contents of ``db`` with the backup at ``source``."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Berkas cadangan tidak ada: {source}")
    if _vendor(db) == "sqlite":
        backup_conn = sqlite3.connect(source)
        target = sqlite3.connect(db["NAME"])
        try:
            backup_conn.backup(target)
        finally:
            target.close()
            backup_conn.close()
        return
    result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            _require("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            _pg_url(db),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or "pg_restore gagal")


def row_counts(db: dict) -> dict[str, int]:
    """Rows per table, read straight from the database (not through Django's connection)."""
    if _vendor(db) == "sqlite":
        conn = sqlite3.connect(db["NAME"])
        try:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        finally:
            conn.close()
    import psycopg2

    conn = psycopg2.connect(_pg_url(db))
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        conn.close()
