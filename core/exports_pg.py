"""CSV exports that PostgreSQL writes itself with ``COPY (SELECT ...) TO STDOUT``: byte for byte
the file ``core.exports`` writes from the serializer, for a small part of the CPU (the serializer
spends about half a millisecond of Python per intervention, over 30 times a bare COPY's whole
cost per row: bench/results/export-pg-national.json).

A view set opts in through ``get_export_copy()`` (``core.viewsets``), which returns a
``CopyExport``: a SELECT whose columns are the export's columns, in order, built from the
fragments below, one per way ``core.exports`` writes a value:

- ``text``: empty for NULL and for ``''``; ``'`` before text starting with ``= + - @``, a tab or a
  carriage return (CSV injection, as ``exports._csv_text``);
- ``decimal``: the decimal text at the serializer field's places (``19762620000.00``);
- ``boolean``: ``true`` / ``false``; ``date``: ISO 8601;
- ``datetime``: as DRF renders it, in the current time zone (``2024-03-05T10:11:12.500000+07:00``,
  no fraction when it is zero, ``Z`` for UTC), which ``copy_csv_file`` sets for the COPY;
- ``choice_label``: a choice's label in the active language (``get_FOO_display``);
- ``json_object`` / ``json_list``: a list of objects as ``json.dumps(item, ensure_ascii=False,
  sort_keys=True)`` joined with ``"; "``.

Integers need no fragment (COPY writes them as ``str(int)`` does). The SELECT must end with
``ROW_END``. No fragment can prove it matches the serializer: each module that builds a
``CopyExport`` has a PostgreSQL test comparing both files byte for byte, and that test is the
guard whenever a serializer, ``core.exports`` or the SQL changes.

PostgreSQL's CSV differs from ``csv.writer``'s in two ways, both handled here:

- it writes a non-NULL empty string as ``""`` (to tell it from NULL), csv.writer writes nothing:
  ``text`` turns ``''`` into NULL;
- it ends rows with ``\\n``, csv.writer with ``\\r\\n``: ``ROW_END`` is a last column holding a lone
  carriage return, which COPY writes as ``,"\\r"\\n``, and ``_RowEnds`` replaces that with
  ``\\r\\n``. The sequence occurs nowhere else: inside a quoted value every ``"`` is doubled, so a
  ``"`` between ``\\r`` and ``\\n`` can only be the closing quote of a row's last value.
"""

import csv
import io
import tempfile
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections, transaction
from django.http import FileResponse
from django.utils import timezone

from core import exports

ROW_END = "E'\\r'"
_SQL_CHARACTERS = {"\t": "E'\\t'", "\r": "E'\\r'"}
FORMULA_START = "(" + ", ".join(_SQL_CHARACTERS.get(c, f"'{c}'") for c in exports.FORMULA_PREFIXES) + ")"
_COPY_ROW_END = b',"\r"\n'
_CSV_ROW_END = b"\r\n"


@dataclass(frozen=True)
class CopyExport:
    """``select``: complete SQL (no parameters left), its columns named ``column_names`` then
    ``ROW_END``; ``using``: the database alias to run it on."""

    select: str
    column_names: tuple[str, ...]
    using: str


def supported(using: str) -> bool:
    """Whether ``using`` can run a COPY export: PostgreSQL through psycopg2 (``copy_expert``),
    with the current time zone known by name (a ``zoneinfo`` zone, as ``TIME_ZONE`` gives)."""
    if connections[using].vendor != "postgresql" or _zone_name() is None:
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3


def _zone_name() -> str | None:
    return getattr(timezone.get_current_timezone(), "key", None)


def literal(value, *, using: str) -> str:
    """``value`` as an SQL literal (COPY takes no parameters)."""
    return connections[using].ops.compose_sql("%s", [value])


def rows_of(queryset, column: str) -> str:
    """A condition selecting the rows of ``queryset`` (filtered and scoped by the view set) by
    ``column``: ``column IN (<its primary keys, parameters inlined>)``."""
    keys = queryset.order_by().values("pk")
    try:
        sql, params = keys.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # .none(), or a filter that cannot match
        return "false"
    return f"{column} IN ({connections[queryset.db].ops.compose_sql(sql, params)})"


def order_by(queryset, alias: str) -> str | None:
    """The queryset's ORDER BY on its model's own columns (table aliased ``alias``), or None when
    it orders by anything else (a relation, an annotation, an expression)."""
    meta = queryset.model._meta
    terms = []
    for item in queryset.query.order_by:
        if not isinstance(item, str):
            return None
        name = item.removeprefix("-")
        try:
            field = meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.is_relation:
            return None
        terms.append(f'{alias}."{field.column}" {"DESC" if item.startswith("-") else "ASC"}')
    return ", ".join(terms) or None


def text(expr: str) -> str:
    return f"CASE WHEN left({expr}, 1) IN {FORMULA_START} THEN '''' || {expr} ELSE NULLIF({expr}, '') END"


def decimal(expr: str, places: int) -> str:
    # round() only sets the scale: the values already have these places (stored or summed at
    # them, or rounded to whole rupiah before), so no half-way rounding rule comes into play.
    return f"round({expr}, {places})"


def boolean(expr: str) -> str:
    return f"CASE WHEN {expr} THEN 'true' WHEN NOT {expr} THEN 'false' END"


def date(expr: str) -> str:
    return f"to_char({expr}, 'YYYY-MM-DD')"


def datetime(expr: str) -> str:
    """ISO 8601 in the session time zone, which ``copy_csv_file`` sets to the current one."""
    iso = f"to_char({expr}, 'YYYY-MM-DD\"T\"HH24:MI:SS.USTZH:TZM')"
    return f"replace(replace({iso}, '.000000', ''), '+00:00', 'Z')"


def choice_label(expr: str, choices, *, using: str) -> str:
    """``get_FOO_display()``: the label in the active language, the stored value if unknown."""
    whens = " ".join(
        f"WHEN {literal(str(value), using=using)} THEN {literal(str(label), using=using)}" for value, label in choices
    )
    return f"CASE {expr} {whens} ELSE {expr} END"


JSON_TEXT = "text"
JSON_NUMBER = "number"
JSON_BOOLEAN = "boolean"


def json_object(items: dict[str, tuple[str, str]]) -> str:
    """``{key: (json kind, expr)}`` as ``json.dumps(..., ensure_ascii=False, sort_keys=True)``
    writes it. Decimals are JSON text (DRF renders them as strings)."""
    parts = []
    for index, key in enumerate(sorted(items)):
        kind, expr = items[key]
        if kind == JSON_TEXT:
            value = f"COALESCE(to_json(({expr})::text)::text, 'null')"
        elif kind == JSON_BOOLEAN:
            value = f"CASE WHEN {expr} THEN 'true' WHEN NOT {expr} THEN 'false' ELSE 'null' END"
        else:
            value = f"COALESCE(({expr})::text, 'null')"
        separator = "{" if index == 0 else ", "
        parts.append(f"'{separator}\"{key}\": ' || {value}")
    return "(" + " || ".join(parts) + " || '}')" if parts else "'{}'"


def json_list(item: str, *, order_by: str) -> str:
    """An aggregate: the items joined with ``"; "`` in ``order_by`` order (NULL when there are none)."""
    return f"string_agg({item}, '{exports.LIST_SEPARATOR}' ORDER BY {order_by})"


class _RowEnds:
    """A binary file wrapper for ``copy_expert`` that ends rows as csv.writer does (see above)."""

    def __init__(self, target):
        self.target = target
        self.pending = b""

    def write(self, data: bytes) -> None:
        data = self.pending + data
        cut = data.rfind(b"\n") + 1
        self.pending = data[cut:]
        self.target.write(data[:cut].replace(_COPY_ROW_END, _CSV_ROW_END))

    def close(self) -> None:
        if self.pending:
            raise ValueError("COPY ended in the middle of a row")


def copy_csv_file(copy: CopyExport, column_names: list[str]):
    """Run the COPY into a temporary file (rewound) after a csv.writer header.

    Why a file and not a generator fed by the COPY as it runs: psycopg2's ``copy_expert`` pushes
    every row into a file object and returns only at the end, so streaming while it runs needs a
    second thread sharing the request's connection, and a client that disconnects mid-download
    then leaves that connection in the middle of a COPY. Here the COPY runs inside the request's
    transaction on its own connection, through Django's cursor (logged like any query), and the
    connection is free again before the first byte is sent; memory stays flat (rows go to disk).
    The price: the first byte comes only when the whole file is written (as for XLSX), and the
    temporary disk space of one CSV file: about 9 s and 305 MB for every intervention at national
    scale (bench/results/export-pg-national.json), where the serializer took minutes.
    """
    target = tempfile.TemporaryFile(suffix=".csv")  # noqa: SIM115 (FileResponse closes it)
    try:
        header = io.StringIO()
        csv.writer(header).writerow(column_names)
        target.write(header.getvalue().encode("utf-8"))
        sink = _RowEnds(target)
        connection = connections[copy.using]
        with transaction.atomic(using=copy.using), connection.cursor() as cursor:
            # set_config(..., true) lasts until the transaction (or savepoint) ends; set back at once.
            cursor.execute("SELECT current_setting('TimeZone'), set_config('TimeZone', %s, true)", [_zone_name()])
            previous = cursor.fetchone()[0]
            cursor.copy_expert(f"COPY ({copy.select}) TO STDOUT WITH (FORMAT csv)", sink)
            cursor.execute("SELECT set_config('TimeZone', %s, true)", [previous])
        sink.close()
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target


def copy_csv_response(copy: CopyExport, column_names: list[str], *, basename: str) -> FileResponse:
    response = FileResponse(
        copy_csv_file(copy, column_names),
        as_attachment=True,
        filename=exports.export_filename(basename, "csv"),
        content_type=f"{exports.CSV_MEDIA_TYPE}; charset=utf-8",
    )
    response.block_size = exports.CSV_FLUSH_BYTES
    return response
