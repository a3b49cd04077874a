"""Sheets ``intervensi`` (one row per intervention) and ``pendanaan`` (its funding lines).

Key: an intervention is found by ``id`` (the tracker's number, written by the template) or else
by ``kode_referensi`` (its stable external code, unique across the tracker). A new row needs a
``kode_referensi`` so that importing the same file again finds it instead of adding a copy.

Funding lines live on their own sheet, one row per line, keyed by the same ``id_intervensi`` /
``kode_referensi``. When the file has a ``pendanaan`` sheet, the lines listed there become the
intervention's lines (a line matching an existing one by source, year, amount and note is kept
as it is); without that sheet the lines are left alone.

An absent column leaves its field alone; a present column with an empty cell clears the field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.concurrency import Conflict
from core.limits import LONG_TEXT_MAX_LENGTH
from imports import cells
from imports.lookups import location_code
from imports.report import CREATED, UNCHANGED, UPDATED
from imports.sheets.base import Column, Context, RowCells, chunks, display, report_validation
from interventions import services
from interventions.models import FundingLine, Intervention, ProgressUpdate
from interventions.services import FundingLineInput, _status_after_progress
from sites import scoping

SHEET = "intervensi"
LINES = "pendanaan"
PROGRESS = "kemajuan"

COLUMNS = (
    Column(
        "id", gettext_lazy("Nomor kegiatan di pelacak. Diisi templat; kosongkan untuk kegiatan baru."), format="angka"
    ),
    Column(
        "kode_referensi",
        gettext_lazy("Kode tetap kegiatan (mis. dari SIM KOTAKU), unik. Wajib untuk kegiatan baru: kunci impor ulang."),
        format=gettext_lazy("teks, maks. 60"),
        field="reference",
    ),
    Column("nama_kegiatan", gettext_lazy("Nama kegiatan; kosong = nama jenis kegiatan."), field="title"),
    Column("kode_lokasi", gettext_lazy("Lokasi kumuh (daftar Lokasi)."), required=True, field="location"),
    Column(
        "rt_rw",
        gettext_lazy("RT atau RW di dalam lokasi, mis. RW006/RT002 (daftar RT/RW)."),
        required=True,
        field="area",
    ),
    Column("jenis_kegiatan", gettext_lazy("Kode jenis kegiatan (daftar Jenis kegiatan)."), required=True, field="kind"),
    Column("tahun_anggaran", gettext_lazy("Tahun anggaran."), required=True, format="TTTT", field="fiscal_year"),
    Column(
        "volume",
        gettext_lazy("Volume pekerjaan, dalam satuan di kolom satuan."),
        required=True,
        format="angka",
        field="volume",
    ),
    Column("satuan", gettext_lazy("Kode satuan yang diizinkan untuk jenis kegiatan itu."), required=True, field="unit"),
    Column("status", gettext_lazy("Kode status (daftar Status); kosong = direncanakan."), field="status"),
    Column("tanggal_mulai", gettext_lazy("Tanggal mulai."), format="TTTT-BB-HH", field="start_date"),
    Column("tanggal_selesai", gettext_lazy("Tanggal selesai."), format="TTTT-BB-HH", field="end_date"),
    Column(
        "kemajuan_persen",
        gettext_lazy("Kemajuan (%), 0-100; kosong = tidak diketahui."),
        format="%",
        field="progress_percent",
    ),
    Column("penerima_manfaat_kk", gettext_lazy("Penerima manfaat."), format="KK", field="beneficiary_households"),
    Column("pelaksana", gettext_lazy("Nama pelaksana (daftar Pemangku kepentingan)."), field="implementer"),
    Column("koordinator", gettext_lazy("Nama koordinator (daftar Pemangku kepentingan)."), field="coordinator"),
    Column(
        "dokumen_sumber",
        gettext_lazy("Dokumen sumber data."),
        format=gettext_lazy("teks, maks. 255"),
        field="source_document",
    ),
    Column("catatan", gettext_lazy("Catatan."), field="notes"),
)
LINE_COLUMNS = (
    Column("id_intervensi", gettext_lazy("Nomor kegiatan (kolom id lembar intervensi)."), format="angka"),
    Column("kode_referensi", gettext_lazy("Atau kode referensi kegiatan.")),
    Column("sumber_dana", gettext_lazy("Kode sumber dana (daftar Sumber dana)."), required=True, field="source"),
    Column(
        "tahun_anggaran", gettext_lazy("Tahun anggaran baris ini."), required=True, format="TTTT", field="fiscal_year"
    ),
    Column("jumlah_rp", gettext_lazy("Jumlah dana."), required=True, format="Rp", field="amount"),
    Column("keterangan", gettext_lazy("Keterangan."), field="note"),
)
FIELD_COLUMNS = {column.field: column.name for column in COLUMNS if column.field}
LINE_FIELD_COLUMNS = {column.field: column.name for column in LINE_COLUMNS if column.field}
FK_FIELDS = ("location", "area", "kind", "unit", "implementer", "coordinator")
REQUIRED = [column for column in COLUMNS if column.required]


def key_for(ident: int | None, reference: str | None, found: dict[str, int]) -> str:
    """The canonical key of an intervention row: ``#<id>`` for a known one, ``ref:<code>`` for a new one."""
    if ident:
        return f"#{ident}"
    if reference and reference in found:
        return f"#{found[reference]}"
    return f"ref:{reference}" if reference else ""


def references_in_db(references) -> dict[str, int]:
    wanted = {reference for reference in references if reference}
    if not wanted:
        return {}
    return dict(Intervention.objects.filter(reference__in=wanted).values_list("reference", "pk"))


def parse_key(rc: RowCells, id_column: str) -> tuple[int | None, str | None]:
    ident = rc.get(id_column, cells.integer, minimum=1)
    reference = rc.get("kode_referensi", cells.text, max_length=60) if rc.has("kode_referensi") else None
    if ident is None and not reference and not rc.failed:
        rc.error(
            id_column if rc.has(id_column) else "kode_referensi",
            _("Isi %(id)s atau kode_referensi.") % {"id": id_column},
        )
    return ident, reference


def template_row(intervention: Intervention, lookups) -> dict:
    """The row the template writes for an intervention (and the values a change list compares)."""
    return {
        "id": intervention.pk,
        "kode_referensi": intervention.reference or "",
        "nama_kegiatan": intervention.title,
        "kode_lokasi": location_code(intervention.location),
        "rt_rw": lookups.area_label(intervention.location, intervention.area),
        "jenis_kegiatan": intervention.kind.code,
        "tahun_anggaran": intervention.fiscal_year,
        "volume": intervention.volume,
        "satuan": intervention.unit_id,
        "status": intervention.status,
        "tanggal_mulai": intervention.start_date,
        "tanggal_selesai": intervention.end_date,
        "kemajuan_persen": intervention.progress_percent,
        "penerima_manfaat_kk": intervention.beneficiary_households,
        "pelaksana": intervention.implementer.name if intervention.implementer else "",
        "koordinator": intervention.coordinator.name if intervention.coordinator else "",
        "dokumen_sumber": intervention.source_document,
        "catatan": intervention.notes,
    }


def line_label(source_code: str, fiscal_year: int, amount, note: str) -> str:
    label = f"{source_code} {fiscal_year}: {amount}"
    return f"{label} ({note})" if note else label


class InterventionSheet:
    name = SHEET
    columns = COLUMNS

    def known(self, lookups) -> set[str]:
        return {column.name for column in self.columns}

    def header_problems(self, ctx: Context) -> list[tuple[str, str]]:
        header = ctx.headers[SHEET]
        problems = []
        if not header.has("id") and not header.has("kode_referensi"):
            problems.append(("", _("Lembar intervensi memerlukan kolom id atau kode_referensi.")))
        if header.has("rt_rw") != header.has("kode_lokasi"):
            problems.append(("", _("Kolom kode_lokasi dan rt_rw harus ada bersama.")))
        return problems

    # --- reading -------------------------------------------------------------------------------

    def parse_chunk(self, ctx: Context, rows) -> None:
        parsed = []
        for row in rows:
            rc = RowCells(ctx, SHEET, row)
            ident, reference = parse_key(rc, "id")
            parsed.append((row.number, ident, reference, self._fields(ctx, rc), rc.failed))
        found = references_in_db(reference for _n, ident, reference, *_ in parsed if not ident)
        for number, ident, reference, fields, failed in parsed:
            key = key_for(ident, reference, found)
            data = {"id": ident, "reference": reference, "fields": fields, "failed": failed, "key": key}
            ctx.spool.add(SHEET, number, data, key=key)

    def _fields(self, ctx: Context, rc: RowCells) -> dict:
        lookups = ctx.lookups
        fields = {}
        if rc.has("nama_kegiatan"):
            fields["title"] = rc.get("nama_kegiatan", cells.text, max_length=255)
        if rc.has("kode_lokasi"):
            location = rc.find("kode_lokasi", lookups.locations, what=_("Lokasi"))
            fields["location"] = location.pk if location else None
            area = None
            if location is not None and not rc.empty("rt_rw"):
                try:
                    area = lookups.area(location, rc.raw("rt_rw"))
                except cells.CellError as error:
                    rc.error("rt_rw", error.message)
            fields["area"] = area.pk if area else None
        for column, field, choices, what in (
            ("jenis_kegiatan", "kind", lookups.kinds, _("Jenis kegiatan")),
            ("satuan", "unit", lookups.units, _("Satuan")),
            ("pelaksana", "implementer", lookups.stakeholders, _("Pelaksana")),
            ("koordinator", "coordinator", lookups.stakeholders, _("Koordinator")),
        ):
            if rc.has(column):
                found = rc.find(column, choices, what=what)
                fields[field] = found.pk if found else None
        if rc.has("tahun_anggaran"):
            fields["fiscal_year"] = rc.get("tahun_anggaran", cells.integer)
        if rc.has("volume"):
            fields["volume"] = rc.get("volume", cells.decimal, places=2, max_digits=14, minimum=None)
        if rc.has("status"):
            fields["status"] = None if rc.empty("status") else rc.find("status", lookups.statuses, what=_("Status"))
        for column, field in (("tanggal_mulai", "start_date"), ("tanggal_selesai", "end_date")):
            if rc.has(column):
                fields[field] = rc.get(column, cells.day)
        if rc.has("kemajuan_persen"):
            fields["progress_percent"] = rc.get("kemajuan_persen", cells.decimal, places=2, max_digits=5, minimum=None)
        if rc.has("penerima_manfaat_kk"):
            fields["beneficiary_households"] = rc.get("penerima_manfaat_kk", cells.integer)
        if rc.has("dokumen_sumber"):
            fields["source_document"] = rc.get("dokumen_sumber", cells.text, max_length=255)
        if rc.has("catatan"):
            fields["notes"] = rc.get("catatan", cells.text, max_length=LONG_TEXT_MAX_LENGTH)
        return fields

    # --- validating and writing ----------------------------------------------------------------

    def run(self, ctx: Context) -> None:
        for chunk in chunks(ctx, SHEET):
            existing = self._existing(chunk)
            reports = self._reports(existing.values()) if ctx.has_sheet(PROGRESS) else {}
            for number, data in chunk:
                Planner(ctx, number, data, existing, reports).run()
        if not ctx.write and ctx.has_sheet(LINES):
            for number, key in ctx.spool.keys_not_marked(LINES, SHEET):
                column = "id_intervensi" if key.startswith("#") else "kode_referensi"
                if key:
                    ctx.error(LINES, number, column, _("Tidak ada baris di lembar intervensi untuk kegiatan ini."))

    @staticmethod
    def _existing(chunk) -> dict:
        ids = {data["id"] for _n, data in chunk if data["id"]}
        refs = {data["reference"] for _n, data in chunk if data["reference"]}
        rows = (
            Intervention.objects.filter(Q(pk__in=ids) | Q(reference__in=refs))
            .select_related("location__area", "location__decree__area", "area__parent__parent", "kind", "unit")
            .select_related("implementer", "coordinator")
            .prefetch_related(
                Prefetch("funding_lines", queryset=FundingLine.objects.select_related("source").order_by("id"))
            )
        )
        found = {}
        for row in rows:
            found[f"#{row.pk}"] = row
            if row.reference:
                found[f"ref:{row.reference}"] = row
        return found

    @staticmethod
    def _reports(interventions) -> dict[int, list]:
        reports: dict[int, list] = {}
        rows = ProgressUpdate.objects.filter(intervention__in={row.pk for row in interventions}).order_by("date", "id")
        for row in rows.values("intervention_id", "id", "date", "percent", "note"):
            reports.setdefault(row["intervention_id"], []).append(row)
        return reports


class Planner:
    """Decide what one ``intervensi`` row does (create, update with changes, nothing) and, when
    writing, do it through the interventions services."""

    def __init__(self, ctx: Context, number: int, data: dict, existing: dict, reports: dict):
        self.ctx = ctx
        self.number = number
        self.data = data
        self.existing = existing
        self.reports = reports
        self.fields = data["fields"]
        self.failed = data["failed"]

    def error(self, column: str, message) -> None:
        self.failed = True
        self.ctx.error(SHEET, self.number, column, message)

    @property
    def key_column(self) -> str:
        return "id" if self.data["id"] else "kode_referensi"

    def run(self) -> None:
        ctx, data = self.ctx, self.data
        current = self._find()
        if current is False:
            return
        keys = self._keys(current)
        for key in keys:
            first = ctx.spool.mark(SHEET, key, self.number)
            if first is not None:
                self.error(self.key_column, _("Kegiatan ini sudah ada di baris %(row)s.") % {"row": first})
                return
        if self.failed:
            return
        if current is not None and not scoping.can_edit_area(ctx.actor, current.area):
            self.error(self.key_column, _("Kegiatan ini berada di luar wilayah tugas Anda."))
            return
        if current is None and not data["reference"]:
            self.error(
                "kode_referensi", _("Wajib diisi untuk kegiatan baru (kunci agar impor ulang tidak menggandakan).")
            )
            return
        target = self._target(current)
        if target is None:
            return
        lines = self._lines(current, keys)
        if self.failed:
            return
        self._check_progress(current, keys, target)
        if self.failed:
            return
        changes = self._changes(current, target, lines)
        label = self._label(current, target)
        if current is not None and not changes:
            # Nothing to write, so nothing to validate: a record saved under older rules (or a
            # kind since deactivated) must not block re-importing the file it came from.
            ctx.report.record(UNCHANGED, SHEET, self.number, label)
            return
        self._check(current, target)
        if self.failed:
            return
        action = CREATED if current is None else UPDATED
        if ctx.write and not self._write(current, target, lines, changes):
            return
        ctx.report.record(action, SHEET, self.number, label, changes if action == UPDATED else None)

    def _find(self):
        """The intervention this row names (``None`` for a new one, ``False`` after an error)."""
        data = self.data
        if data["id"]:
            current = self.existing.get(f"#{data['id']}")
            if current is None:
                self.error("id", _("Kegiatan nomor %(id)s tidak ada.") % {"id": data["id"]})
                return False
            other = self.existing.get(f"ref:{data['reference']}") if data["reference"] else None
            if other is not None and other.pk != current.pk:
                self.error(
                    "kode_referensi",
                    _("Kode referensi ini sudah dipakai kegiatan nomor %(id)s.") % {"id": other.pk},
                )
                return False
            return current
        return self.existing.get(f"ref:{data['reference']}") if data["reference"] else None

    def _keys(self, current) -> list[str]:
        if current is None:
            return [self.data["key"]] if self.data["key"] else []
        keys = [f"#{current.pk}"]
        reference = self.data["reference"]
        if reference and reference != current.reference:
            keys.append(f"ref:{reference}")
        return keys

    def _target(self, current) -> dict | None:
        """The intervention's field values after this row: current ones, overridden by the file's."""
        lookups = self.ctx.lookups
        if current is None:
            target = {"status": Intervention.Status.PLANNED, "title": "", "source_document": "", "notes": ""}
            for column in REQUIRED:
                if self.fields.get(column.field) is None:
                    self.error(column.name, _("Wajib diisi untuk kegiatan baru."))
        else:
            target = {field: getattr(current, field) for field in services.EDITABLE_FIELDS}
            for column in REQUIRED:
                if column.field in self.fields and self.fields[column.field] is None:
                    self.error(column.name, _("Tidak boleh kosong."))
        if self.failed:
            return None
        tables = {
            "location": lookups.locations.by_pk,
            "area": lookups.areas_by_pk,
            "kind": lookups.kinds.by_pk,
            "unit": lookups.units.by_pk,
            "implementer": lookups.stakeholders.by_pk,
            "coordinator": lookups.stakeholders.by_pk,
        }
        for field, value in self.fields.items():
            if field in tables:
                target[field] = tables[field][value] if value is not None else None
            elif field == "status":
                target[field] = value or Intervention.Status.PLANNED
            else:
                target[field] = value if value is not None or field not in ("title", "source_document", "notes") else ""
        if self.data["reference"] is not None:
            target["reference"] = self.data["reference"] or (current.reference if current else None)
        # The cached kind carries its allowed units (prefetched once for the whole import).
        target["kind"] = lookups.kinds.by_pk[target["kind"].pk]
        target["title"] = target.get("title") or target["kind"].name
        return target

    def _check(self, current, target) -> None:
        actor = self.ctx.actor
        location, area, kind, unit = target["location"], target["area"], target["kind"], target["unit"]
        if not location.area.contains(area):
            self.error("kode_lokasi", _("RT/RW kegiatan tidak berada di wilayah lokasi ini."))
        elif not scoping.can_edit_area(actor, area):
            self.error("rt_rw", _("RT/RW ini berada di luar wilayah tugas Anda."))
        allowed = list(kind.units.all())
        if unit.pk not in {item.pk for item in allowed}:
            self.error(
                "satuan",
                _("Satuan %(unit)s tidak sesuai untuk %(kind)s; pilih salah satu: %(allowed)s.")
                % {"unit": unit.code, "kind": kind.code, "allowed": ", ".join(item.code for item in allowed)},
            )
        if not kind.is_active and (current is None or current.kind_id != kind.pk):
            self.error("jenis_kegiatan", _("Jenis kegiatan ini tidak aktif lagi."))
        for field in ("implementer", "coordinator"):
            person = target.get(field)
            if (
                person is not None
                and not person.is_active
                and (current is None or getattr(current, f"{field}_id") != person.pk)
            ):
                self.error(FIELD_COLUMNS[field], _("Pemangku kepentingan ini tidak aktif lagi."))
        candidate = Intervention(**{name: value for name, value in target.items() if name not in FK_FIELDS})
        for name in FK_FIELDS:
            setattr(candidate, name, target.get(name))
        try:
            candidate.full_clean(exclude=[*FK_FIELDS, "version"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self.failed = True
            report_validation(self.ctx, SHEET, self.number, error, FIELD_COLUMNS)

    def _lines(self, current, keys) -> list[FundingLineInput] | None:
        """The funding lines the file gives (matched to existing lines), or ``None`` to keep them."""
        ctx = self.ctx
        if not ctx.has_sheet(LINES):
            if current is None:
                self.error("", _("Kegiatan baru memerlukan baris sumber dana di lembar pendanaan."))
            return None
        rows = [row for key in keys for row in ctx.spool.by_key(LINES, key)]
        if any(data["failed"] for _n, data in rows):
            self.failed = True
            return None
        if not rows:
            self.error("", _("Tidak ada baris pendanaan untuk kegiatan ini di lembar pendanaan."))
            return None
        sources = ctx.lookups.sources.by_pk
        existing = list(current.funding_lines.all()) if current is not None else []
        free = {line.pk: line for line in existing}
        inputs = []
        for number, data in sorted(rows):
            source = sources[data["source"]]
            values = (source.pk, data["fiscal_year"], data["amount"], data["note"])
            same = next(
                (
                    line
                    for line in free.values()
                    if (line.source_id, line.fiscal_year, line.amount, line.note) == values
                ),
                None,
            ) or next(
                (line for line in free.values() if (line.source_id, line.fiscal_year) == values[:2]),
                None,
            )
            if not source.is_active and (same is None or same.source_id != source.pk):
                self.ctx.error(LINES, number, "sumber_dana", _("Sumber dana ini tidak aktif lagi."))
                self.failed = True
            if same is not None:
                del free[same.pk]
            inputs.append(
                FundingLineInput(
                    source=source,
                    fiscal_year=data["fiscal_year"],
                    amount=data["amount"],
                    note=data["note"],
                    id=same.pk if same is not None else None,
                )
            )
        return inputs

    def _check_progress(self, current, keys, target) -> None:
        """When the file adds progress reports, the row's status and progress must be what they
        will lead to (the latest report decides), or importing the file again would undo them."""
        ctx = self.ctx
        if not ctx.has_sheet(PROGRESS) or not ({"status", "progress_percent"} & set(self.fields)):
            return
        stored = self.reports.get(current.pk, []) if current is not None else []
        known = {(row["date"], row["percent"], row["note"]) for row in stored}
        added = [
            (data["date"], number, data["percent"])
            for key in keys
            for number, data in ctx.spool.by_key(PROGRESS, key)
            if not data["failed"] and (data["date"], data["percent"], data["note"]) not in known
        ]
        if not added:
            return
        latest = max(
            [(row["date"], 0, row["id"], row["percent"]) for row in stored] + [(d, 1, n, p) for d, n, p in added]
        )
        percent = latest[3]
        status = target["status"]
        if status == Intervention.Status.CANCELLED:
            return
        expected_status = _status_after_progress(status, percent)
        if "progress_percent" in self.fields and target["progress_percent"] != percent:
            self.error(
                "kemajuan_persen",
                _(
                    "Isi %(percent)s: laporan kemajuan terbaru di lembar kemajuan (%(date)s) menentukan kemajuan kegiatan."
                )
                % {"percent": percent, "date": latest[0].isoformat()},
            )
        if "status" in self.fields and expected_status != status:
            self.error(
                "status",
                _("Isi %(status)s: laporan kemajuan terbaru (%(percent)s%%) menentukan status kegiatan.")
                % {"status": expected_status, "percent": percent},
            )

    def _changes(self, current, target, lines) -> list[dict]:
        if current is None:
            return []
        lookups = self.ctx.lookups
        before = template_row(current, lookups)
        after_obj = Intervention(**{name: value for name, value in target.items() if name not in FK_FIELDS})
        for name in FK_FIELDS:
            setattr(after_obj, name, target.get(name))
        after_obj.pk = current.pk
        after = template_row(after_obj, lookups)
        changes = [
            {"column": column.name, "old": display(before[column.name]), "new": display(after[column.name])}
            for column in COLUMNS
            if column.field and before[column.name] != after[column.name]
        ]
        if lines is not None:
            old = sorted(
                line_label(line.source.code, line.fiscal_year, line.amount, line.note)
                for line in current.funding_lines.all()
            )
            new = sorted(line_label(line.source.code, line.fiscal_year, line.amount, line.note) for line in lines)
            if old != new:
                changes.append({"column": LINES, "old": "; ".join(old), "new": "; ".join(new)})
        return changes

    def _label(self, current, target) -> str:
        reference = target.get("reference") or (current.reference if current else "")
        prefix = f"#{current.pk}" if current is not None else ""
        return " ".join(part for part in (prefix, reference, "\u2013", target["title"]) if part)

    def _write(self, current, target, lines, changes) -> bool:
        ctx = self.ctx
        try:
            if current is None:
                values = {name: value for name, value in target.items() if name in services.EDITABLE_FIELDS}
                services.intervention_create(actor=ctx.actor, funding_lines=lines, **values)
            else:
                changed = {column["column"] for column in changes}
                data = {
                    field: target[field]
                    for field, column in FIELD_COLUMNS.items()
                    if column in changed and field in services.EDITABLE_FIELDS
                }
                lines_changed = LINES in changed
                services.intervention_update(
                    intervention=current,
                    actor=ctx.actor,
                    expected_version=current.version,
                    data=data,
                    funding_lines=lines if lines_changed else None,
                )
        except ValidationError as error:
            report_validation(ctx, SHEET, self.number, error, {**FIELD_COLUMNS, "funding_lines": ""})
            return False
        except (PermissionDenied, Conflict) as error:
            ctx.error(SHEET, self.number, self.key_column, getattr(error, "message", None) or str(error))
            return False
        return True


class FundingLineSheet:
    name = LINES
    columns = LINE_COLUMNS
    parent = SHEET

    def known(self, lookups) -> set[str]:
        return {column.name for column in self.columns}

    def header_problems(self, ctx: Context) -> list[tuple[str, str]]:
        header = ctx.headers[LINES]
        problems = []
        if not header.has("id_intervensi") and not header.has("kode_referensi"):
            problems.append(("", _("Lembar pendanaan memerlukan kolom id_intervensi atau kode_referensi.")))
        for column in LINE_COLUMNS:
            if column.required and not header.has(column.name):
                problems.append(("", _("Kolom %(name)s wajib ada.") % {"name": column.name}))
        return problems

    def parse_chunk(self, ctx: Context, rows) -> None:
        parsed = []
        for row in rows:
            rc = RowCells(ctx, LINES, row)
            ident, reference = parse_key(rc, "id_intervensi")
            source = rc.find("sumber_dana", ctx.lookups.sources, what=_("Sumber dana"))
            data = {
                "source": source.pk if source else None,
                "fiscal_year": rc.get("tahun_anggaran", cells.integer),
                "amount": rc.get("jumlah_rp", cells.decimal, places=2, max_digits=18, minimum=None),
                "note": rc.get("keterangan", cells.text, max_length=255) or "",
            }
            for column in LINE_COLUMNS:
                if column.required and data[column.field] is None and not rc.failed:
                    rc.error(column.name, _("Wajib diisi."))
            if not rc.failed:
                line = FundingLine(fiscal_year=data["fiscal_year"], amount=data["amount"], note=data["note"])
                try:
                    line.full_clean(exclude=["intervention", "source"], validate_constraints=False)
                except ValidationError as error:
                    rc.failed = True
                    report_validation(ctx, LINES, row.number, error, LINE_FIELD_COLUMNS)
            data["failed"] = rc.failed
            parsed.append((row.number, ident, reference, data))
        found = references_in_db(reference for _n, ident, reference, _d in parsed if not ident)
        for number, ident, reference, data in parsed:
            ctx.spool.add(LINES, number, data, key=key_for(ident, reference, found))
