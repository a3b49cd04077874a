"""Streaming CSV and XLSX exports of any API list, in bounded memory.

Columns come from the serializer's *declared* fields (not from the first row), so an empty
export still has its header and every row has the same columns: a nested serializer becomes
dotted columns (``location.name``), a list becomes one column joined with ``"; "`` (list items
that are objects are written as JSON), a JSON field becomes its JSON text.

Exactness: decimals (rupiah, hectares) are written as their decimal text in CSV, e.g.
``19762620000.00``. In XLSX a decimal is a number cell when it has at most 15 significant digits
(so the double Excel keeps reads back as the same decimal) and a text cell otherwise. Dates and
datetimes stay ISO 8601 text in both formats.

Spreadsheet formulas: in CSV a text value starting with ``= + - @``, a tab or a carriage return
is prefixed with ``'`` (OWASP CSV injection, ASVS 5.0 1.2.10); in XLSX text is always written as a
text cell, which a spreadsheet never evaluates, so the value is kept as it is.
"""

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_SEPARATOR = "; "
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_EXACT_DIGITS = 15
CSV_FLUSH_BYTES = 64 * 1024

# Set by the jobs app (``jobs.apps``), which sits above core: ``(view, request, export_format)``
# -> the 202 response of a queued export job. None until the jobs app is ready.
start_async_export = None
# Inside a background export job: a callable ``(done, total)`` told how far the export got.
export_progress: ContextVar = ContextVar("export_progress", default=None)


# Column kinds, from the serializer field class.
KIND_TEXT = "text"
KIND_DECIMAL = "decimal"
KIND_INTEGER = "integer"
KIND_NUMBER = "number"
KIND_BOOLEAN = "boolean"
KIND_LIST = "list"
KIND_JSON = "json"
KIND_ANY = "any"


@dataclass(frozen=True)
class Column:
    name: str
    path: tuple[str, ...]
    kind: str


def _kind(field) -> str:
    if isinstance(field, serializers.DecimalField):
        return KIND_DECIMAL
    if isinstance(field, serializers.IntegerField):
        return KIND_INTEGER
    if isinstance(field, serializers.FloatField):
        return KIND_NUMBER
    if isinstance(field, serializers.BooleanField):
        return KIND_BOOLEAN
    if isinstance(field, serializers.ListSerializer | serializers.ListField | serializers.ManyRelatedField):
        return KIND_LIST
    if isinstance(field, serializers.JSONField | serializers.DictField | serializers.HStoreField):
        return KIND_JSON
    if isinstance(field, serializers.SerializerMethodField):
        return KIND_ANY
    return KIND_TEXT


def columns_for(serializer, prefix: tuple[str, ...] = ()) -> list[Column]:
    """The export columns of a serializer instance, nested serializers flattened to dotted names."""
    columns = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        path = (*prefix, name)
        if isinstance(field, serializers.BaseSerializer) and not isinstance(field, serializers.ListSerializer):
            columns.extend(columns_for(field, path))
        else:
            columns.append(Column(name=".".join(path), path=path, kind=_kind(field)))
    return columns


def _lookup(data, path):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def cell_value(data: dict, column: Column):
    """The typed value of one column of one serialized row (``None`` for empty)."""
    value = _lookup(data, column.path)
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_json(item) if isinstance(item, dict | list) else str(item) for item in value)
    if isinstance(value, dict):
        return _json(value)
    if column.kind == KIND_JSON and not isinstance(value, str):
        return _json(value)
    if column.kind == KIND_DECIMAL:
        return Decimal(str(value))
    return value


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int | float):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _xlsx_cell(sheet, value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        digits = value.as_tuple()
        if len(digits.digits) > XLSX_EXACT_DIGITS:
            return _xlsx_text(sheet, str(value))
        cell = WriteOnlyCell(sheet, value=value)
        places = max(0, -digits.exponent)
        cell.number_format = "0." + "0" * places if places else "0"
        return cell
    if isinstance(value, bool | int | float):
        return value
    return _xlsx_text(sheet, str(value))


def _xlsx_text(sheet, text: str):
    # XML 1.0 cannot carry most control characters; they are the only thing an XLSX export drops.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    return cell


def in_stable_order(queryset):
    """The queryset in its own order, then by primary key: rows that tie on ``?ordering=`` come
    in the same order in every export (and in the CSV PostgreSQL writes, ``core.exports_pg``)."""
    query = queryset.query
    ordering = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    meta = queryset.model._meta
    if any(isinstance(item, str) and item.lstrip("-") in ("pk", meta.pk.name, meta.pk.attname) for item in ordering):
        return queryset
    return queryset.order_by(*ordering, "pk")


def serialized_rows(queryset, serializer, *, chunk_size: int) -> Iterator[dict]:
    """Serialize each row with one serializer instance, fetching ``chunk_size`` rows at a time.

    ``iterator(chunk_size=...)`` keeps memory flat (a server-side cursor on PostgreSQL) and still
    runs the queryset's ``prefetch_related`` once per chunk.
    """
    report = export_progress.get()
    total = queryset.count() if report is not None else 0
    rows = queryset.iterator(chunk_size=chunk_size) if hasattr(queryset, "iterator") else iter(queryset)
    for done, instance in enumerate(rows, start=1):
        yield serializer.to_representation(instance)
        if report is not None and (done % chunk_size == 0 or done == total):
            report(done, total)


class _Echo:
    def write(self, value):
        return value


def csv_chunks(rows: Iterable[dict], columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    pending = [writer.writerow([column.name for column in columns])]
    size = 0
    for data in rows:
        line = writer.writerow([_csv_text(cell_value(data, column)) for column in columns])
        pending.append(line)
        size += len(line)
        if size >= CSV_FLUSH_BYTES:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def xlsx_file(rows: Iterable[dict], columns: list[Column], *, title: str):
    """Write the rows to an XLSX file on disk (write-only mode) and return it, rewound."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "data")
    sheet.append([column.name for column in columns])
    for data in rows:
        sheet.append([_xlsx_cell(sheet, cell_value(data, column)) for column in columns])
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    workbook.save(target)
    target.seek(0)
    return target


def export_filename(basename: str, extension: str) -> str:
    return f"{basename}-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(rows: Iterable[dict], columns: list[Column], *, basename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_chunks(rows, columns), content_type=f"{CSV_MEDIA_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(basename, "csv")}"'
    return response


def xlsx_response(rows: Iterable[dict], columns: list[Column], *, basename: str) -> FileResponse:
    response = FileResponse(
        xlsx_file(rows, columns, title=basename),
        as_attachment=True,
        filename=export_filename(basename, "xlsx"),
        content_type=XLSX_MEDIA_TYPE,
    )
    response.block_size = CSV_FLUSH_BYTES
    return response


class ExportRenderer(BaseRenderer):
    """Declares an export format to content negotiation and the schema.

    ``core.viewsets.ExportMixin.list`` answers these formats itself with a streamed file; the
    renderer is never asked to render (errors are answered as JSON).
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("Exports are written by ExportMixin.list, not by a renderer.")


class CSVRenderer(ExportRenderer):
    media_type = CSV_MEDIA_TYPE
    format = "csv"
    charset = "utf-8"


class XLSXRenderer(ExportRenderer):
    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"
