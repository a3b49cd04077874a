"""Parsed rows kept on disk while a file is imported, so memory stays flat whatever its size.

An import reads the file once and writes every parsed row here (a throw-away SQLite file in a
temporary folder, through the standard ``sqlite3`` module, unrelated to the project database).
Validation and writing then walk the rows back in chunks, and child rows (funding lines,
measurements, progress reports) are fetched by their parent's key through an index.
"""

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path


def _encode(value):
    if isinstance(value, Decimal):
        return {"$d": str(value)}
    if isinstance(value, date):
        return {"$t": value.isoformat()}
    raise TypeError(f"Cannot spool {type(value).__name__}")


def _decode(obj: dict):
    if "$d" in obj:
        return Decimal(obj["$d"])
    if "$t" in obj:
        return date.fromisoformat(obj["$t"])
    return obj


def dumps(data: dict) -> str:
    return json.dumps(data, default=_encode, separators=(",", ":"))


def loads(text: str) -> dict:
    return json.loads(text, object_hook=_decode)


class Spool:
    """``add`` rows of a sheet (with an optional parent key), read them back in order or by key,
    and remember keys seen during a pass (``mark``/``marked``)."""

    def __init__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="kotaku-import-")
        self._db = sqlite3.connect(Path(self._folder.name) / "spool.sqlite3")
        self._db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE rows (sheet TEXT, number INTEGER, key TEXT, data TEXT);
            CREATE INDEX rows_by_key ON rows (sheet, key, number);
            CREATE INDEX rows_by_number ON rows (sheet, number);
            CREATE TABLE marks (sheet TEXT, key TEXT, number INTEGER, PRIMARY KEY (sheet, key));
            """
        )
        self._pending: list[tuple] = []

    def close(self) -> None:
        self._db.close()
        self._folder.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def add(self, sheet: str, number: int, data: dict, *, key: str = "") -> None:
        self._pending.append((sheet, number, key, dumps(data)))
        if len(self._pending) >= 1000:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?)", self._pending)
            self._pending = []

    def count(self, sheet: str) -> int:
        self.flush()
        return self._db.execute("SELECT COUNT(*) FROM rows WHERE sheet = ?", (sheet,)).fetchone()[0]

    def chunks(self, sheet: str, size: int) -> Iterator[list[tuple[int, dict]]]:
        """The sheet's rows in file order, ``size`` at a time (keyset pagination on the row number)."""
        self.flush()
        last = 0
        while True:
            batch = self._db.execute(
                "SELECT number, data FROM rows WHERE sheet = ? AND number > ? ORDER BY number LIMIT ?",
                (sheet, last, size),
            ).fetchall()
            if not batch:
                return
            yield [(number, loads(data)) for number, data in batch]
            last = batch[-1][0]

    def by_key(self, sheet: str, key: str) -> list[tuple[int, dict]]:
        self.flush()
        rows = self._db.execute(
            "SELECT number, data FROM rows WHERE sheet = ? AND key = ? ORDER BY number", (sheet, key)
        ).fetchall()
        return [(number, loads(data)) for number, data in rows]

    def keys_not_marked(self, sheet: str, mark_sheet: str) -> Iterator[tuple[int, str]]:
        """Rows of ``sheet`` whose key no ``mark`` of ``mark_sheet`` carries, in file order."""
        self.flush()
        yield from self._db.execute(
            "SELECT number, key FROM rows WHERE sheet = ? AND key NOT IN "
            "(SELECT key FROM marks WHERE sheet = ?) ORDER BY number",
            (sheet, mark_sheet),
        )

    def mark(self, sheet: str, key: str, number: int) -> int | None:
        """Remember ``key`` for ``sheet``; return the row that marked it first when it was already there."""
        found = self._db.execute("SELECT number FROM marks WHERE sheet = ? AND key = ?", (sheet, key)).fetchone()
        if found is not None:
            return found[0]
        self._db.execute("INSERT INTO marks VALUES (?, ?, ?)", (sheet, key, number))
        return None

    def marked(self, sheet: str, key: str) -> bool:
        return self._db.execute("SELECT 1 FROM marks WHERE sheet = ? AND key = ?", (sheet, key)).fetchone() is not None

    def clear_marks(self) -> None:
        self._db.execute("DELETE FROM marks")
