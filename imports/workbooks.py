"""Downloadable XLSX templates, filled with the records a user may edit (or empty).

Written with openpyxl in write-only mode to a temporary file, row by row from streamed querysets,
so a template of 50,000 interventions is built in bounded memory. Every text goes in as a text
cell (never a formula). A ``petunjuk`` sheet lists the columns, their units and every allowed code
(kinds, units, funding sources, statuses, locations and the RT/RW inside the user's scope).
"""

import tempfile
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from imports import selectors
from imports.lookups import Lookups, location_code
from imports.sheets import assessments, interventions, progress
from imports.sheets.base import Column
from interventions.models import FundingSource, Intervention, InterventionKind, Unit
from sites.models import Assessment, RuleSet, SlumLevel, Stakeholder
from sites.selectors import rule_sets

KINDS = ("intervensi", "kemajuan", "penilaian")
XLSX_EXACT_DIGITS = 15
CHUNK = 2000
BOLD = Font(bold=True)


def _cell(sheet, value, *, bold: bool = False):
    if value is None:
        return None
    if isinstance(value, Decimal):
        if len(value.as_tuple().digits) > XLSX_EXACT_DIGITS:
            value = str(value)
        else:
            cell = WriteOnlyCell(sheet, value=value)
            places = max(0, -value.as_tuple().exponent)
            cell.number_format = "0." + "0" * places if places else "0"
            return cell
    if hasattr(value, "isoformat"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, bool | int | float):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"
    if bold:
        cell.font = BOLD
    return cell


def _row(sheet, values, *, bold: bool = False) -> list:
    return [_cell(sheet, value, bold=bold) for value in values]


def _data_sheet(workbook, name: str, columns: list[str]):
    sheet = workbook.create_sheet(title=name)
    sheet.freeze_panes = "A2"
    for index in range(len(columns)):
        sheet.column_dimensions[_letter(index)].width = 18
    sheet.append(_row(sheet, columns, bold=True))
    return sheet


def _letter(index: int) -> str:
    return get_column_letter(index + 1)


def _append(sheet, columns: list[str], values: dict) -> None:
    sheet.append(_row(sheet, [values.get(column) for column in columns]))


class TemplateBuilder:
    def __init__(self, *, user, kind: str, filled: bool):
        if kind not in KINDS:
            raise ValueError(kind)
        self.user = user
        self.kind = kind
        self.filled = filled
        self.lookups = Lookups()
        self.workbook = Workbook(write_only=True)

    def build(self):
        """The template as a rewound temporary file (the response closes it)."""
        getattr(self, f"_{self.kind}")()
        self._instructions()
        target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
        self.workbook.save(target)
        target.seek(0)
        return target

    # --- data sheets ----------------------------------------------------------------------------

    def _intervensi(self) -> None:
        main_columns = [column.name for column in interventions.COLUMNS]
        line_columns = [column.name for column in interventions.LINE_COLUMNS]
        main = _data_sheet(self.workbook, interventions.SHEET, main_columns)
        lines = _data_sheet(self.workbook, interventions.LINES, line_columns)
        if not self.filled:
            return
        for intervention in selectors.template_interventions(user=self.user).iterator(chunk_size=CHUNK):
            _append(main, main_columns, interventions.template_row(intervention, self.lookups))
            for line in intervention.funding_lines.all():
                values = {
                    "id_intervensi": intervention.pk,
                    "kode_referensi": intervention.reference or "",
                    "sumber_dana": line.source.code,
                    "tahun_anggaran": line.fiscal_year,
                    "jumlah_rp": line.amount,
                    "keterangan": line.note,
                }
                _append(lines, line_columns, values)

    def _kemajuan(self) -> None:
        columns = [column.name for column in progress.COLUMNS] + ["info_kegiatan"]
        sheet = _data_sheet(self.workbook, progress.SHEET, columns)
        if not self.filled:
            return
        for update in selectors.template_progress_updates(user=self.user).iterator(chunk_size=CHUNK):
            _append(sheet, columns, progress.template_row(update))

    def _penilaian(self) -> None:
        legality, considerations = assessments.dynamic_columns(self.lookups)
        main_columns = [column.name for column in assessments.COLUMNS] + list(legality) + list(considerations)
        measurement_columns = [column.name for column in assessments.MEASUREMENT_COLUMNS]
        main = _data_sheet(self.workbook, assessments.SHEET, main_columns)
        measurements = _data_sheet(self.workbook, assessments.MEASUREMENTS, measurement_columns)
        if not self.filled:
            return
        for assessment in selectors.template_assessments(user=self.user).iterator(chunk_size=CHUNK):
            row, rows = assessments.template_rows(assessment, self.lookups, legality, considerations)
            _append(main, main_columns, row)
            for values in rows:
                _append(measurements, measurement_columns, values)

    # --- instructions ---------------------------------------------------------------------------

    def _instructions(self) -> None:
        sheet = self.workbook.create_sheet(title="petunjuk")
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 28
        sheet.column_dimensions["C"].width = 18
        sheet.column_dimensions["D"].width = 18
        sheet.column_dimensions["E"].width = 70

        def title(text):
            sheet.append([])
            sheet.append(_row(sheet, [text], bold=True))

        def table(headers, rows):
            sheet.append(_row(sheet, headers, bold=True))
            for values in rows:
                sheet.append(_row(sheet, values))

        sheet.append(_row(sheet, [_("Petunjuk pengisian templat impor KOTAKU")], bold=True))
        for line in self._general_notes():
            sheet.append(_row(sheet, [line]))
        title(_("Kolom"))
        table(
            [_("Lembar"), _("Kolom"), _("Wajib untuk data baru"), _("Format/satuan"), _("Keterangan")],
            self._column_rows(),
        )
        for heading, headers, rows in self._code_lists():
            title(heading)
            table(headers, rows)

    def _general_notes(self) -> list[str]:
        notes = [
            _(
                "Baris 1 tiap lembar adalah nama kolom; jangan diubah. Kolom yang diawali info_ hanya keterangan dan diabaikan."
            ),
            _("Impor selalu diuji coba dulu: halaman impor menunjukkan apa yang akan dibuat, diubah, dan dibiarkan."),
            _(
                "Tidak ada yang disimpan bila satu baris saja salah; setiap kesalahan disebut lembar, baris, dan kolomnya."
            ),
            _("Mengimpor berkas yang sama dua kali tidak mengubah apa pun."),
            _("Kolom yang dihapus dari lembar tidak diubah; sel kosong di kolom yang ada mengosongkan isinya."),
            _("Angka boleh ditulis 2.002,38 atau 2002.38; tanggal sebagai sel tanggal atau TTTT-BB-HH."),
            _("Anda hanya dapat mengimpor data di wilayah tugas Anda (daftar Lokasi dan RT/RW di bawah)."),
        ]
        if self.kind == "intervensi":
            notes += [
                _("Kegiatan dikenali dari kolom id (diisi templat) atau kode_referensi (wajib untuk kegiatan baru)."),
                _(
                    "Lembar pendanaan: satu baris per sumber dana. Bila lembar ini ada, baris-barisnya menggantikan pendanaan kegiatan."
                ),
            ]
        elif self.kind == "kemajuan":
            notes.append(
                _("Laporan kemajuan hanya ditambahkan; laporan yang sudah ada tidak dapat diubah lewat impor.")
            )
        else:
            notes += [
                _("Penilaian dikenali dari kode_lokasi, rt, aturan, jenis_data, dan tanggal."),
                _("Lembar pengukuran: satu baris per kriteria (kode_kriteria) dengan kunci penilaian yang sama."),
                _("Skor, total, dan tingkat kekumuhan dihitung oleh sistem, tidak diisi di sini."),
            ]
        return notes

    def _column_rows(self) -> list[list]:
        sheets = {
            "intervensi": [
                (interventions.SHEET, interventions.COLUMNS),
                (interventions.LINES, interventions.LINE_COLUMNS),
            ],
            "kemajuan": [(progress.SHEET, progress.COLUMNS)],
            "penilaian": [
                (assessments.SHEET, self._assessment_columns()),
                (assessments.MEASUREMENTS, assessments.MEASUREMENT_COLUMNS),
            ],
        }[self.kind]
        return [
            [sheet, column.name, _("ya") if column.required else "", str(column.format), str(column.description)]
            for sheet, columns in sheets
            for column in columns
        ]

    def _assessment_columns(self) -> list[Column]:
        legality, considerations = assessments.dynamic_columns(self.lookups)
        extra = [
            Column(
                name,
                _("Legalitas lahan, butir %(code)s (daftar Legalitas lahan).") % {"code": code},
                format=_("ya/tidak"),
            )
            for name, code in legality.items()
        ] + [
            Column(name, _("Pertimbangan lain %(code)s: kode pilihan (daftar Pertimbangan lain).") % {"code": code})
            for name, code in considerations.items()
        ]
        return [*assessments.COLUMNS, *extra]

    def _code_lists(self):
        locations = list(selectors.template_locations(user=self.user))
        lists = [
            (
                _("Lokasi (dalam wilayah tugas Anda)"),
                [_("kode_lokasi"), _("Nama"), _("Wilayah resmi")],
                [[location_code(row), row.display_name, row.area.name] for row in locations],
            ),
            (
                _("RT/RW (dalam wilayah tugas Anda)"),
                [_("kode_lokasi"), _("rt_rw"), _("Tingkat")],
                (
                    [location_code(location), self.lookups.area_label(location, area), area.get_level_display()]
                    for location, area in selectors.template_rt_rw(user=self.user, locations=locations)
                ),
            ),
        ]
        if self.kind in ("intervensi", "kemajuan"):
            lists += [
                (
                    _("Status"),
                    [_("Kode"), _("Nama")],
                    [[code, str(label)] for code, label in Intervention.Status.choices],
                ),
                (
                    _("Jenis kegiatan"),
                    [_("Kode"), _("Nama"), _("Aspek"), _("Satuan yang diizinkan"), _("Aktif")],
                    [
                        [
                            kind.code,
                            kind.name,
                            str(kind.aspect),
                            ", ".join(unit.code for unit in kind.units.all()),
                            _("ya") if kind.is_active else _("tidak"),
                        ]
                        for kind in InterventionKind.objects.select_related("aspect")
                        .prefetch_related("units")
                        .order_by("order", "code")
                    ],
                ),
                (
                    _("Satuan"),
                    [_("Kode"), _("Simbol"), _("Nama")],
                    [[unit.code, unit.symbol, unit.name] for unit in Unit.objects.all()],
                ),
                (
                    _("Sumber dana"),
                    [_("Kode"), _("Nama"), _("Aktif")],
                    [
                        [row.code, row.name, _("ya") if row.is_active else _("tidak")]
                        for row in FundingSource.objects.all()
                    ],
                ),
                (
                    _("Pemangku kepentingan (pelaksana, koordinator)"),
                    [_("Nama"), _("Singkatan"), _("Peran")],
                    [
                        [row.name, row.short_name, row.get_role_display()]
                        for row in Stakeholder.objects.filter(is_active=True)
                    ],
                ),
            ]
        if self.kind == "penilaian":
            sets = list(rule_sets())
            lists += [
                (
                    _("Aturan penilaian"),
                    [_("Kode"), _("Nama"), _("Versi regulasi")],
                    [[row.code, row.name, row.regulation] for row in sets],
                ),
                (
                    _("Kriteria"),
                    [_("aturan"), _("kode_kriteria"), _("Nama"), _("Satuan volume"), _("Pembagi")],
                    [
                        [row.code, item.code, item.name, item.get_unit_display(), item.get_denominator_display()]
                        for row in sets
                        for item in row.criteria.all()
                    ],
                ),
                (
                    _("Jenis data"),
                    [_("Kode"), _("Nama")],
                    [[code, str(label)] for code, label in Assessment.Source.choices],
                ),
                (
                    _("Tingkat kekumuhan"),
                    [_("Kode"), _("Nama")],
                    [[code, str(label)] for code, label in SlumLevel.choices],
                ),
                (
                    _("Versi regulasi"),
                    [_("Kode"), _("Nama")],
                    [[code, str(label)] for code, label in RuleSet.Regulation.choices],
                ),
                (
                    _("Legalitas lahan"),
                    [_("aturan"), _("Kolom"), _("Nama")],
                    [
                        [row.code, assessments.legality_column(item.code), item.name]
                        for row in sets
                        for item in row.legality_items.all()
                    ],
                ),
                (
                    _("Pertimbangan lain"),
                    [_("aturan"), _("Kolom"), _("Kode pilihan"), _("Parameter"), _("Nilai")],
                    [
                        [
                            row.code,
                            assessments.consideration_column(factor.code),
                            option.code,
                            option.label,
                            option.score,
                        ]
                        for row in sets
                        for factor in row.consideration_factors.all()
                        for option in factor.options.all()
                    ],
                ),
            ]
        return lists


def template_file(*, user, kind: str, filled: bool):
    return TemplateBuilder(user=user, kind=kind, filled=filled).build()
