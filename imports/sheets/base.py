"""What every sheet shares: its columns, its header, one row's cells, and the import context."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from imports import cells
from imports.cells import CellError
from imports.lookups import Lookups
from imports.reading import Row, column_letter
from imports.report import Report
from imports.spool import Spool

INFO_PREFIX = "info_"
CHUNK_ROWS = 1000


def chunk_rows() -> int:
    """Rows read, checked and written per batch, and so between two progress ticks
    (``IMPORTS_CHUNK_ROWS``; tests lower it to see a small file move)."""
    return int(getattr(settings, "IMPORTS_CHUNK_ROWS", CHUNK_ROWS))


@dataclass(frozen=True)
class Column:
    """A column of a sheet. ``required``: must be filled for a new record; ``field``: the model
    field (or service argument) it feeds, used to put a service's error on the right column."""

    name: str
    description: str
    required: bool = False
    format: str = ""
    field: str = ""


def header_name(value) -> str:
    return "_".join(str(value or "").strip().lower().replace("-", " ").split())


class Header:
    """Where each known column sits in a sheet's header row, and what is wrong with the row."""

    def __init__(self, cells_in_row: list[str], known: set[str]):
        self.index: dict[str, int] = {}
        self.problems: list[tuple[str, str]] = []
        for position, raw in enumerate(cells_in_row):
            name = header_name(raw)
            if not name or name.startswith(INFO_PREFIX):
                continue
            if name not in known:
                self.problems.append((column_letter(position), _("Kolom “%(name)s” tidak dikenal.") % {"name": raw}))
            elif name in self.index:
                self.problems.append((column_letter(position), _("Kolom “%(name)s” muncul dua kali.") % {"name": raw}))
            else:
                self.index[name] = position

    def has(self, name: str) -> bool:
        return name in self.index

    def value(self, values: tuple, name: str):
        position = self.index.get(name)
        if position is None or position >= len(values):
            return None
        return values[position]

    def letter(self, name: str) -> str:
        position = self.index.get(name)
        return column_letter(position) if position is not None else ""


@dataclass
class Context:
    """State of one import: who imports, caches, the spooled rows, the report, each sheet's header."""

    actor: object
    lookups: Lookups
    spool: Spool
    report: Report
    headers: dict[str, Header] = field(default_factory=dict)
    write: bool = False
    progress: object = None

    def has_sheet(self, name: str) -> bool:
        return name in self.headers

    def has(self, sheet: str, column: str) -> bool:
        header = self.headers.get(sheet)
        return header is not None and header.has(column)

    def error(self, sheet: str, row: int | None, column: str, message) -> None:
        header = self.headers.get(sheet)
        letter = header.letter(column) if header is not None and column else ""
        self.report.error(sheet, row, column, str(message), letter=letter)

    def tick(self, sheet: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(sheet, done, total, self.write)


class RowCells:
    """One row's cells, parsed column by column; a bad cell is reported and remembered."""

    def __init__(self, ctx: Context, sheet: str, row: Row):
        self.ctx = ctx
        self.sheet = sheet
        self.row = row
        self.header = ctx.headers[sheet]
        self.failed = False

    def has(self, name: str) -> bool:
        return self.header.has(name)

    def raw(self, name: str):
        return self.header.value(self.row.values, name)

    def empty(self, name: str) -> bool:
        return cells.is_empty(self.raw(name))

    def error(self, name: str, message) -> None:
        self.failed = True
        self.ctx.error(self.sheet, self.row.number, name, message)

    def get(self, name: str, parse, *args, **kwargs):
        """``parse(raw, ...)`` of the column (``None`` when the column is absent or the cell bad)."""
        if not self.has(name):
            return None
        try:
            return parse(self.raw(name), *args, **kwargs)
        except CellError as error:
            self.error(name, error.message)
            return None

    def find(self, name: str, choices, *, what: str):
        """The record a code cell names (``None`` for an empty or absent cell)."""
        if not self.has(name) or self.empty(name):
            return None
        try:
            return choices.find(self.raw(name), what=what)
        except CellError as error:
            self.error(name, error.message)
            return None


def validation_messages(error: ValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as ``{field or "__all__": [messages]}``."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"__all__": error.messages}


def report_validation(ctx: Context, sheet: str, row: int, error: ValidationError, columns: dict[str, str]) -> None:
    """Put each message of ``error`` on the column that feeds its field (or on the row)."""
    for name, messages in validation_messages(error).items():
        column = columns.get(name, "")
        for message in messages:
            ctx.error(sheet, row, column, message)


def display(value) -> str:
    """How a value appears in a change list (``old → new``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def chunks(ctx: Context, sheet: str):
    total = ctx.spool.count(sheet)
    done = 0
    for chunk in ctx.spool.chunks(sheet, chunk_rows()):
        yield chunk
        done += len(chunk)
        ctx.tick(sheet, done, total)
