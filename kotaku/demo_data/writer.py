"""Fast, batched inserts of rows whose primary keys the generator chose itself.

Rows are plain tuples in a declared column order, so that the same generator feeds either
``bulk_create`` (every database; ``batch_size`` rows per INSERT) or, on PostgreSQL, ``COPY ... FROM
STDIN`` through psycopg2's ``copy_expert`` (about ten times faster for the big tables). Primary
keys are assigned here, from the table's current maximum, so that children can point at parents
without a round trip; ``finish()`` moves the PostgreSQL sequences past them.

Both ways bypass ``save()`` and signals, hence django-simple-history: synthetic rows have no
audit-history entries (see docs/benchmarks.md).
"""

import io
from datetime import date, datetime
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

from core import verification

COPY_FLUSH_ROWS = 20_000
BULK_BATCH_SIZE = 2_000


def _copy_escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy_value(value) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return _copy_escape(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot COPY a {type(value).__name__}")


def copy_supported() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        return hasattr(cursor.cursor, "copy_expert")


class TableWriter:
    """Collects rows for one table and writes them in batches.

    ``columns`` are attribute names (``location_id``); every other concrete field gets its model
    default (or ``now`` for ``auto_now``/``auto_now_add`` fields), so a COPY never leaves a NOT
    NULL column empty.
    """

    def __init__(self, model, columns: list[str], *, use_copy: bool, now: datetime):
        self.model = model
        self.use_copy = use_copy
        self.given = list(columns)
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(self.given) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no column(s) {sorted(unknown)}")
        self.extra_names = [name for name in fields if name not in self.given]
        self.extra_values = tuple(self._default(fields[name], now) for name in self.extra_names)
        self.db_columns = [fields[name].column for name in self.given + self.extra_names]
        self.pending: list[tuple] = []
        self.written = 0
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    @staticmethod
    def _default(field, now):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        if field.primary_key:
            raise ValueError(f"{field.model.__name__}: give the primary key column explicitly")
        if field.name == "verification":
            # Demo data stands for a running programme's checked records: they count in the figures.
            return verification.State.VERIFIED
        return field.get_default()

    def take_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def add(self, row: tuple) -> None:
        self.pending.append(row)
        if len(self.pending) >= (COPY_FLUSH_ROWS if self.use_copy else BULK_BATCH_SIZE * 5):
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        if self.use_copy:
            self._copy(self.pending)
        else:
            # The same extra columns as COPY writes (the verification state above, not the model's draft).
            names = self.given + self.extra_names
            objects = [self.model(**dict(zip(names, row + self.extra_values, strict=True))) for row in self.pending]
            self.model.objects.bulk_create(objects, batch_size=BULK_BATCH_SIZE)
        self.written += len(self.pending)
        self.pending = []

    def _copy(self, rows) -> None:
        extra = self.extra_values
        buffer = io.StringIO()
        write = buffer.write
        for row in rows:
            write("\t".join(map(_copy_value, row + extra)))
            write("\n")
        buffer.seek(0)
        quote = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(self.model._meta.db_table), ", ".join(quote(column) for column in self.db_columns)
        )
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(sql, buffer)


class Writers:
    """One ``TableWriter`` per model, flushed parents first."""

    def __init__(self, *, use_copy: bool, now: datetime):
        self.use_copy = use_copy
        self.now = now
        self.tables: dict[type[models.Model], TableWriter] = {}

    def table(self, model, columns: list[str]) -> TableWriter:
        if model not in self.tables:
            self.tables[model] = TableWriter(model, columns, use_copy=self.use_copy, now=self.now)
        return self.tables[model]

    def flush(self) -> None:
        for writer in self.tables.values():
            writer.flush()

    def finish(self) -> dict[str, int]:
        """Write what is left, move the sequences past the chosen keys, refresh planner statistics."""
        self.flush()
        models_written = list(self.tables)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(statement)
            for model in models_written:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return {model._meta.label: writer.written for model, writer in self.tables.items()}
