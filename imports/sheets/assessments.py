"""Sheets ``penilaian`` (one row per assessment) and ``pengukuran`` (its measurements, long form).

Key: an assessment is found by its location, its RT (empty for the whole location), rule set,
kind of data (``jenis_data``) and date (may be empty). ``pengukuran`` repeats those five columns
and adds one row per criterion code of the rule set (volume, or a percent, with an optional
denominator), so the same sheet serves every rule set, whatever its criteria.

Scores, totals and classes are never read from the file: the sites services compute them. Land
legality and other considerations are columns ``legalitas_<kode>`` and ``pertimbangan_<kode>``
(codes from the rule set). A sheet or column left out leaves what it would carry alone.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.concurrency import Conflict
from core.limits import LONG_TEXT_MAX_LENGTH
from imports import cells
from imports.lookups import location_code
from imports.report import CREATED, UNCHANGED, UPDATED
from imports.sheets.base import Column, Context, RowCells, chunks, display, header_name, report_validation
from sites import scoping
from sites.models import Assessment, Measurement
from sites.services import assessment_create, assessment_evaluate, assessment_update
from sites.services.assessments import HEADER_KEYS

SHEET = "penilaian"
MEASUREMENTS = "pengukuran"

KEY_COLUMNS = (
    Column("kode_lokasi", gettext_lazy("Lokasi kumuh (daftar Lokasi)."), required=True, field="location"),
    Column("rt", gettext_lazy("RT yang dinilai, mis. RW006/RT002; kosong = seluruh lokasi."), field="area"),
    Column("aturan", gettext_lazy("Kode aturan penilaian (daftar Aturan penilaian)."), required=True, field="rule_set"),
    Column("jenis_data", gettext_lazy("Kode jenis data (daftar Jenis data)."), required=True, field="source"),
    Column(
        "tanggal",
        gettext_lazy("Tanggal penilaian; boleh kosong bila tidak diketahui."),
        format="TTTT-BB-HH",
        field="assessed_on",
    ),
)
HEADER_COLUMNS = (
    Column("luas_terverifikasi_ha", gettext_lazy("Luas terverifikasi."), format="Ha", field="verified_area_ha"),
    Column("jumlah_bangunan", gettext_lazy("Jumlah bangunan."), format="unit", field="buildings"),
    Column("jumlah_penduduk", gettext_lazy("Jumlah penduduk."), format="jiwa", field="population"),
    Column("jumlah_kk", gettext_lazy("Jumlah rumah tangga."), format="KK", field="households"),
    Column("panjang_jalan_m", gettext_lazy("Panjang jalan lingkungan ideal."), format="m", field="road_length_m"),
    Column("panjang_drainase_m", gettext_lazy("Panjang drainase ideal."), format="m", field="drainage_length_m"),
)
META_COLUMNS = (
    Column(
        "versi_regulasi",
        gettext_lazy("Kode versi regulasi; kosong = versi aturan penilaian."),
        field="regulation_version",
    ),
    Column(
        "dokumen_sumber",
        gettext_lazy("Dokumen sumber data."),
        format=gettext_lazy("teks, maks. 255"),
        field="source_document",
    ),
    Column(
        "tingkat_menurut_sumber",
        gettext_lazy("Tingkat kekumuhan yang dinyatakan sumber (daftar Tingkat)."),
        field="stated_level",
    ),
    Column("catatan", gettext_lazy("Catatan."), field="notes"),
)
INCOMPLETE = Column(
    "data_tidak_lengkap",
    gettext_lazy("Isi “ya” untuk menyimpan penilaian yang belum semua kriterianya terisi."),
    format=gettext_lazy("ya/tidak"),
)
COLUMNS = (*KEY_COLUMNS, *META_COLUMNS, INCOMPLETE, *HEADER_COLUMNS)
MEASUREMENT_COLUMNS = (
    *KEY_COLUMNS,
    Column("kode_kriteria", gettext_lazy("Kode kriteria aturan itu (daftar Kriteria), mis. 1a."), required=True),
    Column(
        "volume",
        gettext_lazy("Volume yang tidak memenuhi syarat, dalam satuan kriteria."),
        format="angka",
        field="volume",
    ),
    Column(
        "pembagi",
        gettext_lazy("Pembagi; kosong = data umum penilaian (jumlah bangunan, luas, ...)."),
        format="angka",
        field="denominator",
    ),
    Column(
        "persen",
        gettext_lazy("Atau persen yang dicatat langsung (jangan bersama volume)."),
        format="%",
        field="percent",
    ),
    Column("catatan", gettext_lazy("Catatan."), format=gettext_lazy("teks, maks. 255"), field="note"),
)
FIELD_COLUMNS = {column.field: column.name for column in COLUMNS if column.field}
HEADER_PLACES = {"verified_area_ha": (2, 10), "road_length_m": (2, 12), "drainage_length_m": (2, 12)}


def legality_column(code: str) -> str:
    return header_name(f"legalitas_{code}")


def consideration_column(code: str) -> str:
    return header_name(f"pertimbangan_{code}")


def dynamic_columns(lookups) -> tuple[dict[str, str], dict[str, str]]:
    """``{column: code}`` for the legality items and consideration factors of every rule set."""
    legality, considerations = {}, {}
    for rule_set in lookups.rule_sets.by_pk.values():
        for item in rule_set.legality_items.all():
            legality[legality_column(item.code)] = item.code
        for factor in rule_set.consideration_factors.all():
            considerations[consideration_column(factor.code)] = factor.code
    return legality, considerations


def assessment_key(location, area, rule_set, source, assessed_on) -> str:
    """The natural key of an assessment (primary keys of its location, RT and rule set)."""
    return f"{location}|{area or ''}|{rule_set}|{source}|{assessed_on.isoformat() if assessed_on else ''}"


def key_of(assessment: Assessment) -> str:
    return assessment_key(
        assessment.location_id, assessment.area_id, assessment.rule_set_id, assessment.source, assessment.assessed_on
    )


def parse_key(rc: RowCells, lookups) -> dict | None:
    location = rc.find("kode_lokasi", lookups.locations, what=_("Lokasi"))
    area = None
    if location is not None and rc.has("rt") and not rc.empty("rt"):
        try:
            area = lookups.area(location, rc.raw("rt"), rt_only=True)
        except cells.CellError as error:
            rc.error("rt", error.message)
    rule_set = rc.find("aturan", lookups.rule_sets, what=_("Aturan penilaian"))
    source = rc.find("jenis_data", lookups.assessment_sources, what=_("Jenis data"))
    assessed_on = rc.get("tanggal", cells.day)
    for column, value in (("kode_lokasi", location), ("aturan", rule_set), ("jenis_data", source)):
        if value is None and rc.empty(column) and not rc.failed:
            rc.error(column, _("Wajib diisi."))
    if rc.failed:
        return None
    return {
        "location": location.pk,
        "area": area.pk if area else None,
        "rule_set": rule_set.pk,
        "source": source,
        "assessed_on": assessed_on,
    }


def _yes_no(value) -> str:
    # Written as data, so never translated: the import reads "ya"/"tidak" in any language.
    return "" if value is None else ("ya" if value else "tidak")


def template_rows(assessment: Assessment, lookups, legality_columns, consideration_columns) -> tuple[dict, list[dict]]:
    """The ``penilaian`` row and the ``pengukuran`` rows the template writes for an assessment."""
    key = {
        "kode_lokasi": location_code(assessment.location),
        "rt": lookups.area_label(assessment.location, assessment.area) if assessment.area_id else "",
        "aturan": assessment.rule_set.code,
        "jenis_data": assessment.source,
        "tanggal": assessment.assessed_on,
    }
    row = {
        **key,
        "versi_regulasi": assessment.regulation_version,
        "dokumen_sumber": assessment.source_document,
        "tingkat_menurut_sumber": assessment.stated_level,
        "catatan": assessment.notes,
        "data_tidak_lengkap": _yes_no(not assessment.is_complete),
    }
    for column in HEADER_COLUMNS:
        row[column.name] = getattr(assessment, column.field)
    answers = {answer.item.code: answer.is_positive for answer in assessment.legality_answers.all()}
    for column, code in legality_columns.items():
        row[column] = _yes_no(answers.get(code))
    options = {answer.factor.code: answer.option.code for answer in assessment.consideration_answers.all()}
    for column, code in consideration_columns.items():
        row[column] = options.get(code, "")
    measurements = [
        {
            **key,
            "kode_kriteria": item.criterion.code,
            "volume": item.volume,
            "pembagi": item.denominator,
            "persen": item.given_percent,
            "catatan": item.note,
        }
        for item in assessment.measurements.all()
    ]
    return row, measurements


def _measurement_label(values: dict) -> str:
    parts = [
        f"{name}={display(values.get(field))}"
        for name, field in (("volume", "volume"), ("pembagi", "denominator"), ("persen", "percent"))
        if values.get(field) is not None
    ]
    if values.get("note"):
        parts.append(f"catatan={values['note']}")
    return ", ".join(parts)


class AssessmentSheet:
    name = SHEET
    columns = COLUMNS

    def known(self, lookups) -> set[str]:
        legality, considerations = dynamic_columns(lookups)
        return {column.name for column in self.columns} | set(legality) | set(considerations)

    def header_problems(self, ctx: Context) -> list[tuple[str, str]]:
        header = ctx.headers[SHEET]
        return [
            ("", _("Kolom %(name)s wajib ada.") % {"name": column.name})
            for column in KEY_COLUMNS
            if column.required and not header.has(column.name)
        ]

    def parse_chunk(self, ctx: Context, rows) -> None:
        lookups = ctx.lookups
        legality_columns, consideration_columns = dynamic_columns(lookups)
        for row in rows:
            rc = RowCells(ctx, SHEET, row)
            key = parse_key(rc, lookups)
            data = {"key": key, "meta": {}, "header": {}, "legality": {}, "considerations": {}}
            if rc.has("versi_regulasi"):
                data["meta"]["regulation_version"] = (
                    ""
                    if rc.empty("versi_regulasi")
                    else rc.find("versi_regulasi", lookups.regulations, what=_("Versi regulasi"))
                )
            if rc.has("tingkat_menurut_sumber"):
                data["meta"]["stated_level"] = (
                    ""
                    if rc.empty("tingkat_menurut_sumber")
                    else rc.find("tingkat_menurut_sumber", lookups.slum_levels, what=_("Tingkat kekumuhan"))
                )
            if rc.has("dokumen_sumber"):
                data["meta"]["source_document"] = rc.get("dokumen_sumber", cells.text, max_length=255)
            if rc.has("catatan"):
                data["meta"]["notes"] = rc.get("catatan", cells.text, max_length=LONG_TEXT_MAX_LENGTH)
            data["incomplete"] = rc.get(INCOMPLETE.name, cells.boolean) if rc.has(INCOMPLETE.name) else None
            for column in HEADER_COLUMNS:
                if rc.has(column.name):
                    if column.field in HEADER_PLACES:
                        places, digits = HEADER_PLACES[column.field]
                        value = rc.get(column.name, cells.decimal, places=places, max_digits=digits)
                    else:
                        value = rc.get(column.name, cells.integer)
                    data["header"][column.field] = value
            for column, code in legality_columns.items():
                if rc.has(column):
                    data["legality"][code] = rc.get(column, cells.boolean)
            for column, code in consideration_columns.items():
                if rc.has(column):
                    data["considerations"][code] = cells.key(rc.raw(column))
            data["failed"] = rc.failed
            ctx.spool.add(SHEET, row.number, data, key=assessment_key(**key) if key else "")

    def run(self, ctx: Context) -> None:
        for chunk in chunks(ctx, SHEET):
            existing = self._existing(chunk)
            for number, data in chunk:
                AssessmentPlanner(ctx, number, data, existing).run()
        if not ctx.write and ctx.has_sheet(MEASUREMENTS):
            for number, key in ctx.spool.keys_not_marked(MEASUREMENTS, SHEET):
                if key:
                    ctx.error(
                        MEASUREMENTS,
                        number,
                        "kode_lokasi",
                        _("Tidak ada baris di lembar penilaian untuk penilaian ini."),
                    )

    @staticmethod
    def _existing(chunk) -> dict[str, list[Assessment]]:
        keys = [data["key"] for _n, data in chunk if data["key"]]
        if not keys:
            return {}
        rows = (
            Assessment.objects.filter(
                location_id__in={key["location"] for key in keys},
                rule_set_id__in={key["rule_set"] for key in keys},
                source__in={key["source"] for key in keys},
            )
            .select_related("location__area", "area")
            .prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.select_related("criterion")),
                "legality_answers__item",
                "consideration_answers__factor",
                "consideration_answers__option",
            )
        )
        found: dict[str, list[Assessment]] = {}
        for row in rows:
            found.setdefault(key_of(row), []).append(row)
        return found


class AssessmentPlanner:
    """Decide what one ``penilaian`` row does and, when writing, do it through the sites services."""

    def __init__(self, ctx: Context, number: int, data: dict, existing: dict):
        self.ctx = ctx
        self.number = number
        self.data = data
        self.existing = existing
        self.failed = data["failed"]
        self.measurement_rows: dict[str, int] = {}

    def error(self, column: str, message) -> None:
        self.failed = True
        self.ctx.error(SHEET, self.number, column, message)

    def run(self) -> None:
        ctx, data = self.ctx, self.data
        key = data["key"]
        if key is None:
            return
        key_text = assessment_key(**key)
        first = ctx.spool.mark(SHEET, key_text, self.number)
        if first is not None:
            self.error("tanggal", _("Penilaian dengan kunci yang sama sudah ada di baris %(row)s.") % {"row": first})
            return
        if self.failed:
            return
        lookups = ctx.lookups
        location = lookups.locations.by_pk[key["location"]]
        area = lookups.areas_by_pk.get(key["area"]) if key["area"] else None
        rule_set = lookups.rule_sets.by_pk[key["rule_set"]]
        if not scoping.can_edit_area(ctx.actor, area or location.area):
            self.error("rt" if area else "kode_lokasi", _("Wilayah ini berada di luar wilayah tugas Anda."))
            return
        matches = self.existing.get(key_text, [])
        if len(matches) > 1:
            self.error("tanggal", _("Ada lebih dari satu penilaian dengan kunci ini; ubah lewat formulir."))
            return
        current = matches[0] if matches else None
        target = self._target(current, rule_set, key_text)
        if target is None:
            return
        changes = self._changes(current, target) if current is not None else []
        if current is not None and not changes:
            ctx.report.record(UNCHANGED, SHEET, self.number, self._label(location, area, rule_set))
            return
        self._validate(rule_set, target)
        if self.failed:
            return
        action = CREATED if current is None else UPDATED
        if ctx.write and not self._write(current, target, location, area, rule_set):
            return
        label = self._label(location, area, rule_set)
        ctx.report.record(action, SHEET, self.number, label, changes if action == UPDATED else None)

    def _label(self, location, area, rule_set) -> str:
        key = self.data["key"]
        parts = (
            location_code(location),
            area.label if area else "",
            rule_set.code,
            key["source"],
            display(key["assessed_on"]),
        )
        return " ".join(part for part in parts if part)

    def _current_values(self, current) -> dict:
        if current is None:
            return {
                "header": {},
                "meta": {},
                "measurements": {},
                "legality": {},
                "considerations": {},
                "incomplete": False,
            }
        return {
            "header": {name: getattr(current, name) for name in HEADER_KEYS},
            "meta": {column.field: getattr(current, column.field) for column in META_COLUMNS},
            "measurements": {
                item.criterion.code: {
                    "volume": item.volume,
                    "denominator": item.denominator,
                    "percent": item.given_percent,
                    "note": item.note,
                }
                for item in current.measurements.all()
            },
            "legality": {answer.item.code: answer.is_positive for answer in current.legality_answers.all()},
            "considerations": {
                answer.factor.code: answer.option.code for answer in current.consideration_answers.all()
            },
            "incomplete": not current.is_complete,
        }

    def _target(self, current, rule_set, key_text: str) -> dict | None:
        data = self.data
        target = self._current_values(current)
        target["header"].update(data["header"])
        target["meta"].update(data["meta"])
        target["meta"]["regulation_version"] = target["meta"].get("regulation_version") or rule_set.regulation
        if data["incomplete"] is not None or INCOMPLETE.name in self.ctx.headers[SHEET].index:
            target["incomplete"] = bool(data["incomplete"])
        legality_codes = {item.code for item in rule_set.legality_items.all()}
        for code, value in data["legality"].items():
            if code in legality_codes:
                target["legality"][code] = value
            elif value is not None:
                self.error(
                    legality_column(code),
                    _("Butir legalitas ini bukan bagian aturan %(rule)s.") % {"rule": rule_set.code},
                )
        target["legality"] = {code: value for code, value in target["legality"].items() if value is not None}
        factor_codes = {factor.code for factor in rule_set.consideration_factors.all()}
        for code, value in data["considerations"].items():
            if code in factor_codes:
                target["considerations"][code] = value
            elif value:
                self.error(
                    consideration_column(code),
                    _("Pertimbangan ini bukan bagian aturan %(rule)s.") % {"rule": rule_set.code},
                )
        target["considerations"] = {code: value for code, value in target["considerations"].items() if value}
        if self.ctx.has_sheet(MEASUREMENTS):
            target["measurements"] = self._measurements(rule_set, key_text)
        return None if self.failed else target

    def _measurements(self, rule_set, key_text: str) -> dict:
        codes = {criterion.code.lower(): criterion.code for criterion in rule_set.criteria.all()}
        measurements = {}
        for number, row in self.ctx.spool.by_key(MEASUREMENTS, key_text):
            if row["failed"]:
                self.failed = True
                continue
            code = codes.get(row["code"].lower())
            if code is None:
                self.failed = True
                self.ctx.error(
                    MEASUREMENTS,
                    number,
                    "kode_kriteria",
                    _("Kriteria %(code)s tidak ada dalam aturan %(rule)s.")
                    % {"code": row["code"], "rule": rule_set.code},
                )
            elif code in measurements:
                self.failed = True
                self.ctx.error(
                    MEASUREMENTS,
                    number,
                    "kode_kriteria",
                    _("Kriteria %(code)s sudah diisi di baris %(row)s.")
                    % {"code": code, "row": self.measurement_rows[code]},
                )
            else:
                self.measurement_rows[code] = number
                measurements[code] = {name: row[name] for name in ("volume", "denominator", "percent", "note")}
        return measurements

    def _validate(self, rule_set, target) -> None:
        candidate = Assessment(source=self.data["key"]["source"], **target["meta"], **target["header"])
        try:
            candidate.full_clean(
                exclude=["location", "area", "rule_set", "handling_pattern", "created_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self.failed = True
            report_validation(self.ctx, SHEET, self.number, error, FIELD_COLUMNS)
        evaluation = assessment_evaluate(
            rule_set=rule_set,
            header=target["header"],
            measurements=target["measurements"],
            considerations=target["considerations"],
            legality=target["legality"],
            allow_incomplete=target["incomplete"],
        )
        if not evaluation.ok:
            self.report_detail(evaluation.errors)

    def report_detail(self, detail: dict) -> None:
        """Errors nested the way the sites services give them, each put on its sheet, row and column."""
        self.failed = True
        legality, considerations = dynamic_columns(self.ctx.lookups)
        columns = {
            "legality": {code: column for column, code in legality.items()},
            "considerations": {code: column for column, code in considerations.items()},
            "header": FIELD_COLUMNS,
        }
        for section, value in detail.items():
            if not isinstance(value, dict):
                column = {"area": "rt", "location": "kode_lokasi"}.get(section, FIELD_COLUMNS.get(section, ""))
                for message in value:
                    self.ctx.error(SHEET, self.number, column, message)
                continue
            for code, messages in value.items():
                for message in messages:
                    if section == "measurements" and code in self.measurement_rows:
                        self.ctx.error(MEASUREMENTS, self.measurement_rows[code], "kode_kriteria", f"{code}: {message}")
                    elif section == "measurements":
                        self.ctx.error(
                            SHEET,
                            self.number,
                            "",
                            _("Kriteria %(code)s: %(message)s") % {"code": code, "message": message},
                        )
                    else:
                        self.ctx.error(SHEET, self.number, columns.get(section, {}).get(code, ""), message)

    def _changes(self, current, target) -> list[dict]:
        before = self._current_values(current)
        changes = []
        for column in (*META_COLUMNS, *HEADER_COLUMNS):
            section = "meta" if column in META_COLUMNS else "header"
            old, new = before[section].get(column.field), target[section].get(column.field)
            if old != new:
                changes.append({"column": column.name, "old": display(old), "new": display(new)})
        for code in sorted(set(before["measurements"]) | set(target["measurements"])):
            old, new = before["measurements"].get(code), target["measurements"].get(code)
            if old != new:
                changes.append(
                    {
                        "column": f"{MEASUREMENTS} {code}",
                        "old": _measurement_label(old or {}),
                        "new": _measurement_label(new or {}),
                    }
                )
        for section, column_of in (("legality", legality_column), ("considerations", consideration_column)):
            for code in sorted(set(before[section]) | set(target[section])):
                old, new = before[section].get(code), target[section].get(code)
                if old != new:
                    changes.append({"column": column_of(code), "old": display(old), "new": display(new)})
        return changes

    def _write(self, current, target, location, area, rule_set) -> bool:
        ctx = self.ctx
        arguments = {
            "actor": ctx.actor,
            "rule_set": rule_set,
            "source": self.data["key"]["source"],
            "assessed_on": self.data["key"]["assessed_on"],
            "area": area,
            "header": target["header"],
            "measurements": target["measurements"],
            "considerations": target["considerations"],
            "legality": target["legality"],
            "allow_incomplete": target["incomplete"],
            **target["meta"],
        }
        try:
            if current is None:
                assessment_create(location=location, **arguments)
            else:
                assessment_update(assessment=current, expected_version=current.version, **arguments)
        except ValidationError as error:
            detail = getattr(error, "detail", None)
            if detail is not None:
                self.report_detail(detail)
            else:
                report_validation(ctx, SHEET, self.number, error, FIELD_COLUMNS)
            return False
        except (PermissionDenied, Conflict) as error:
            ctx.error(SHEET, self.number, "kode_lokasi", getattr(error, "message", None) or str(error))
            return False
        return True


class MeasurementSheet:
    name = MEASUREMENTS
    columns = MEASUREMENT_COLUMNS
    parent = SHEET

    def known(self, lookups) -> set[str]:
        return {column.name for column in self.columns}

    def header_problems(self, ctx: Context) -> list[tuple[str, str]]:
        header = ctx.headers[MEASUREMENTS]
        return [
            ("", _("Kolom %(name)s wajib ada.") % {"name": column.name})
            for column in MEASUREMENT_COLUMNS
            if column.required and not header.has(column.name)
        ]

    def parse_chunk(self, ctx: Context, rows) -> None:
        for row in rows:
            rc = RowCells(ctx, MEASUREMENTS, row)
            key = parse_key(rc, ctx.lookups)
            code = rc.get("kode_kriteria", cells.text, max_length=4)
            if not code and not rc.failed:
                rc.error("kode_kriteria", _("Wajib diisi."))
            data = {
                "code": code or "",
                "volume": rc.get("volume", cells.decimal, places=2, max_digits=14, minimum=None),
                "denominator": rc.get("pembagi", cells.decimal, places=2, max_digits=14, minimum=None),
                "percent": rc.get("persen", cells.decimal, places=4, max_digits=8, minimum=None),
                "note": rc.get("catatan", cells.text, max_length=255) or "",
                "failed": rc.failed,
            }
            ctx.spool.add(MEASUREMENTS, row.number, data, key=assessment_key(**key) if key else "")
