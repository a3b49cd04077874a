"""Run an import: read the file once, validate every row, then write through the domain services.

1. **Read.** Each known sheet is streamed (openpyxl ``read_only``) in chunks; every cell is parsed
   and every code resolved; parsed rows go to a disk spool (``imports.spool``). Cell errors are
   reported with their sheet, row and column.
2. **Validate.** Each row is checked against the database as it is now: which record it names,
   the user's write scope (``sites.scoping``), the models' own validation and the services'
   cross-table rules; the result is the plan (created / updated with field changes / unchanged).
   Nothing is written.
3. **Write** (only when step 2 found no error). In one transaction, the plan is carried out
   row by row through the same services the forms use (``interventions.services``,
   ``sites.services``), which validate again, check versions and record the audit history. An
   error there, or a dry run, rolls the whole transaction back.
"""

from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from imports.lookups import Lookups
from imports.reading import CSV, FileRejected, Source
from imports.report import Report
from imports.sheets.assessments import AssessmentSheet, MeasurementSheet
from imports.sheets.base import Context, Header, chunk_rows, header_name
from imports.sheets.interventions import FundingLineSheet, InterventionSheet
from imports.sheets.progress import ProgressSheet
from imports.spool import Spool

SHEETS = (InterventionSheet(), FundingLineSheet(), ProgressSheet(), AssessmentSheet(), MeasurementSheet())
BY_NAME = {sheet.name: sheet for sheet in SHEETS}
PARENTS = ("intervensi", "kemajuan", "penilaian")
INSTRUCTIONS = "petunjuk"
DEFAULT_MAX_ROWS = 200_000


def max_rows() -> int:
    return int(getattr(settings, "IMPORTS_MAX_ROWS", DEFAULT_MAX_ROWS))


@contextmanager
def audited_as(actor):
    """Name ``actor`` in the audit history of every write, as ``HistoryRequestMiddleware`` does for a
    web request, so a change made by ``manage.py import_xlsx`` is attributed like one made by a form."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=actor)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous


class _RollBack(Exception):
    """Raised inside the write transaction to undo it (a dry run, or an error while writing)."""


class Importer:
    def __init__(self, *, actor, source: Source, spool: Spool, original_name: str = "", progress=None):
        self.source = source
        self.original_name = original_name
        self.ctx = Context(actor=actor, lookups=Lookups(), spool=spool, report=Report(), progress=progress)
        self.readable: list[str] = []

    @property
    def report(self) -> Report:
        return self.ctx.report

    def run(self, *, commit: bool) -> Report:
        self.read()
        self.validate()
        if self.report.ok:
            try:
                with transaction.atomic(), audited_as(self.ctx.actor):
                    self.write()
                    if not self.report.ok or not commit:
                        raise _RollBack
            except _RollBack:
                pass
        return self.report

    # --- step 1 ---------------------------------------------------------------------------------

    def read(self) -> None:
        ctx = self.ctx
        names = self._sheet_names()
        ctx.report.sheets = names
        for name in names:
            handler = BY_NAME[name]
            header = Header(self.source.header(name), handler.known(ctx.lookups))
            ctx.headers[name] = header
            problems = header.problems + handler.header_problems(ctx)
            parent = getattr(handler, "parent", None)
            if parent and parent not in names:
                problems.append(
                    ("", _("Lembar %(sheet)s harus disertai lembar %(parent)s.") % {"sheet": name, "parent": parent})
                )
            for letter, message in problems:
                ctx.report.error(name, 1, "", message, letter=letter)
            if not problems:
                self.readable.append(name)
        for name in self.readable:
            self._read_sheet(name)

    def _sheet_names(self) -> list[str]:
        if self.source.info.format == CSV:
            name = self._csv_sheet()
            self.source.name_csv(name)
            return [name]
        present = self.source.names
        unknown = [name for name in present if name not in BY_NAME and name != INSTRUCTIONS]
        if unknown:
            raise FileRejected(
                _("Lembar tidak dikenal: %(unknown)s. Lembar yang diterima: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join([*BY_NAME, INSTRUCTIONS])}
            )
        names = [sheet.name for sheet in SHEETS if sheet.name in present]
        if not names:
            raise FileRejected(
                _("Berkas ini tidak berisi lembar data (%(known)s). Pakai templat dari halaman impor.")
                % {"known": ", ".join(BY_NAME)}
            )
        return names

    def _csv_sheet(self) -> str:
        columns = {header_name(cell) for cell in self.source.header("")} - {""}
        columns = {column for column in columns if not column.startswith("info_")}
        candidates = [sheet.name for sheet in SHEETS if columns and columns <= sheet.known(self.ctx.lookups)]
        stem = header_name(Path(self.original_name).stem)
        if len(candidates) > 1 and stem in candidates:
            candidates = [stem]
        if not candidates:
            raise FileRejected(
                _("Kolom berkas CSV ini tidak cocok dengan lembar mana pun. Pakai templat dari halaman impor.")
            )
        if len(candidates) > 1:
            raise FileRejected(
                _(
                    "Kolom CSV ini cocok dengan beberapa lembar (%(sheets)s); beri nama berkas sesuai lembarnya, mis. %(example)s.csv."
                )
                % {"sheets": ", ".join(candidates), "example": candidates[0]}
            )
        name = candidates[0]
        parent = getattr(BY_NAME[name], "parent", None)
        if parent:
            raise FileRejected(
                _("Lembar %(sheet)s harus diimpor bersama lembar %(parent)s dalam satu berkas XLSX.")
                % {"sheet": name, "parent": parent}
            )
        return name

    def _read_sheet(self, name: str) -> None:
        ctx = self.ctx
        handler = BY_NAME[name]
        limit = max_rows()
        size = chunk_rows()
        chunk = []
        for row in self.source.rows(name):
            ctx.report.rows += 1
            if ctx.report.rows > limit:
                raise FileRejected(
                    _("Berkas berisi lebih dari %(limit)s baris data; bagi menjadi beberapa berkas.") % {"limit": limit}
                )
            chunk.append(row)
            if len(chunk) >= size:
                handler.parse_chunk(ctx, chunk)
                chunk = []
                ctx.tick(name, ctx.report.rows, 0)
        if chunk:
            handler.parse_chunk(ctx, chunk)
        ctx.spool.flush()

    # --- steps 2 and 3 --------------------------------------------------------------------------

    def validate(self) -> None:
        self.ctx.write = False
        for name in PARENTS:
            if name in self.readable:
                BY_NAME[name].run(self.ctx)

    def write(self) -> None:
        self.ctx.write = True
        self.ctx.report.reset_actions()
        self.ctx.spool.clear_marks()
        for name in PARENTS:
            if name in self.readable:
                BY_NAME[name].run(self.ctx)
