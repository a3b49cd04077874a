"""Sheet ``kemajuan``: progress reports, one row per report.

A report names its intervention like the ``pendanaan`` sheet does (``id_intervensi`` or
``kode_referensi``; the intervention may be new in the same file). Reports are added, never
edited: a row whose intervention already has a report on that date with the same percent and note
is left alone, a different one on that date is an error.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import verification
from core.limits import LONG_TEXT_MAX_LENGTH
from imports import cells
from imports.report import CREATED, UNCHANGED
from imports.sheets.base import Column, Context, RowCells, chunks, report_validation
from imports.sheets.interventions import key_for, parse_key, references_in_db
from interventions import services
from interventions.models import Intervention, ProgressUpdate
from sites import scoping

SHEET = "kemajuan"
INTERVENTIONS = "intervensi"

COLUMNS = (
    Column("id_intervensi", gettext_lazy("Nomor kegiatan di pelacak."), format="angka"),
    Column("kode_referensi", gettext_lazy("Atau kode referensi kegiatan (boleh kegiatan baru di lembar intervensi).")),
    Column("tanggal", gettext_lazy("Tanggal laporan."), required=True, format="TTTT-BB-HH", field="date"),
    Column("kemajuan_persen", gettext_lazy("Kemajuan fisik (%), 0-100."), required=True, format="%", field="percent"),
    Column("catatan", gettext_lazy("Catatan."), field="note"),
)
FIELD_COLUMNS = {column.field: column.name for column in COLUMNS if column.field}


def template_row(update: ProgressUpdate) -> dict:
    intervention = update.intervention
    return {
        "id_intervensi": intervention.pk,
        "kode_referensi": intervention.reference or "",
        "tanggal": update.date,
        "kemajuan_persen": update.percent,
        "catatan": update.note,
        "info_kegiatan": f"{intervention.title} ({intervention.fiscal_year})",
    }


class ProgressSheet:
    name = SHEET
    columns = COLUMNS

    def known(self, lookups) -> set[str]:
        return {column.name for column in self.columns}

    def header_problems(self, ctx: Context) -> list[tuple[str, str]]:
        header = ctx.headers[SHEET]
        problems = []
        if not header.has("id_intervensi") and not header.has("kode_referensi"):
            problems.append(("", _("Lembar kemajuan memerlukan kolom id_intervensi atau kode_referensi.")))
        for column in COLUMNS:
            if column.required and not header.has(column.name):
                problems.append(("", _("Kolom %(name)s wajib ada.") % {"name": column.name}))
        return problems

    def parse_chunk(self, ctx: Context, rows) -> None:
        parsed = []
        for row in rows:
            rc = RowCells(ctx, SHEET, row)
            ident, reference = parse_key(rc, "id_intervensi")
            data = {
                "date": rc.get("tanggal", cells.day),
                "percent": rc.get("kemajuan_persen", cells.decimal, places=2, max_digits=5, minimum=None),
                "note": rc.get("catatan", cells.text, max_length=LONG_TEXT_MAX_LENGTH) or "",
            }
            for column in COLUMNS:
                if column.required and data[column.field] is None and not rc.failed:
                    rc.error(column.name, _("Wajib diisi."))
            if not rc.failed:
                update = ProgressUpdate(date=data["date"], percent=data["percent"], note=data["note"])
                try:
                    update.full_clean(exclude=["intervention", "photo", "created_by"], validate_constraints=False)
                except ValidationError as error:
                    rc.failed = True
                    report_validation(ctx, SHEET, row.number, error, FIELD_COLUMNS)
            data.update({"failed": rc.failed, "id": ident, "reference": reference})
            parsed.append((row.number, ident, reference, data))
        found = references_in_db(reference for _n, ident, reference, _d in parsed if not ident)
        for number, ident, reference, data in parsed:
            ctx.spool.add(SHEET, number, data, key=key_for(ident, reference, found))

    def run(self, ctx: Context) -> None:
        for chunk in chunks(ctx, SHEET):
            interventions = self._interventions(chunk)
            reports: dict[int, list] = {}
            rows = ProgressUpdate.objects.filter(intervention__in={row.pk for row in interventions.values()})
            for row in rows.values("intervention_id", "date", "percent", "note"):
                reports.setdefault(row["intervention_id"], []).append(row)
            for number, data in chunk:
                if not data["failed"]:
                    self._row(ctx, number, data, interventions, reports)

    @staticmethod
    def _interventions(chunk) -> dict:
        ids = {data["id"] for _n, data in chunk if data["id"]}
        refs = {data["reference"] for _n, data in chunk if data["reference"]}
        found = {}
        rows = Intervention.objects.filter(Q(pk__in=ids) | Q(reference__in=refs)).select_related("area")
        for row in rows:
            found[f"#{row.pk}"] = row
            if row.reference:
                found[f"ref:{row.reference}"] = row
        return found

    def _row(self, ctx: Context, number: int, data: dict, interventions: dict, reports: dict) -> None:
        key_column = "id_intervensi" if data["id"] else "kode_referensi"
        key = f"#{data['id']}" if data["id"] else f"ref:{data['reference']}"
        intervention = interventions.get(key)
        in_file = intervention is None and ctx.spool.marked(INTERVENTIONS, key)
        if intervention is None and not in_file:
            ctx.error(SHEET, number, key_column, _("Kegiatan ini tidak ada di pelacak maupun di lembar intervensi."))
            return
        canonical = f"#{intervention.pk}" if intervention is not None else key
        first = ctx.spool.mark(SHEET, f"{canonical}|{data['date'].isoformat()}", number)
        if first is not None:
            ctx.error(SHEET, number, "tanggal", _("Laporan tanggal ini sudah ada di baris %(row)s.") % {"row": first})
            return
        label = f"{data['reference'] or canonical} {data['date'].isoformat()}: {data['percent']}%"
        if intervention is not None:
            if not scoping.can_edit_area(ctx.actor, intervention.area):
                ctx.error(SHEET, number, key_column, _("Kegiatan ini berada di luar wilayah tugas Anda."))
                return
            same_day = [row for row in reports.get(intervention.pk, []) if row["date"] == data["date"]]
            if any(row["percent"] == data["percent"] and row["note"] == data["note"] for row in same_day):
                ctx.report.record(UNCHANGED, SHEET, number, label)
                return
            if same_day:
                ctx.error(
                    SHEET,
                    number,
                    "kemajuan_persen",
                    _(
                        "Kegiatan ini sudah punya laporan tanggal itu (%(percent)s%%); laporan tidak dapat diubah lewat impor."
                    )
                    % {"percent": same_day[0]["percent"]},
                )
                return
            if intervention.status == Intervention.Status.CANCELLED and not ctx.write:
                ctx.error(SHEET, number, key_column, _("Kegiatan yang dibatalkan tidak dapat diberi laporan kemajuan."))
                return
        if ctx.write:
            try:
                services.progress_update_add(
                    intervention=intervention,
                    actor=ctx.actor,
                    date=data["date"],
                    percent=data["percent"],
                    note=data["note"],
                    verification_state=verification.State.SUBMITTED,
                )
            except ValidationError as error:
                report_validation(ctx, SHEET, number, error, FIELD_COLUMNS)
                return
            except PermissionDenied as error:
                ctx.error(SHEET, number, key_column, str(error))
                return
        ctx.report.record(CREATED, SHEET, number, label)
