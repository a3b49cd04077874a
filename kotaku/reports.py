"""Printable reports rebuilt from the data: the paper's Tabel 1-3, a per-location summary and a
funding pivot, each downloadable as CSV and XLSX with the same rows and exact totals.

A report is a list of columns and rows of raw values (``Decimal`` rupiah and hectares, never
floats) plus its total rows; the page formats them the Indonesian way and the downloads write them
exactly (``core.exports``). Each row carries the data-quality flags of the records behind it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports, formatting
from core.models import DataQualityFlag
from core.verification import counted_states
from interventions import selectors as intervention_selectors
from interventions.models import FundingLine
from kotaku import aggregates, dashboards, outcomes
from sites.models import Aspect, Decree, SlumLocation

ZERO = Decimal(0)

TEXT, INTEGER, YEAR, HECTARES, RUPIAH, VOLUME, FLAGS = (
    "text",
    "integer",
    "year",
    "hectares",
    "rupiah",
    "volume",
    "flags",
)
EXPORT_KINDS = {
    TEXT: exports.KIND_TEXT,
    INTEGER: exports.KIND_INTEGER,
    YEAR: exports.KIND_INTEGER,
    HECTARES: exports.KIND_DECIMAL,
    RUPIAH: exports.KIND_DECIMAL,
    FLAGS: exports.KIND_TEXT,
}
FLAGS_ORDERED = Prefetch("flags", queryset=DataQualityFlag.objects.order_by("code"))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT

    @property
    def is_number(self) -> bool:
        return self.kind in (INTEGER, YEAR, HECTARES, RUPIAH, VOLUME)


@dataclass
class Report:
    slug: str
    title: str
    columns: list[Column]
    rows: list[dict]
    totals: list[dict] = field(default_factory=list)
    source: str = ""
    notes: list[str] = field(default_factory=list)
    sortable: bool = False
    sort: str = ""


@dataclass(frozen=True)
class Scope:
    """What a report covers: the decree's locations, and one location for the per-location tables."""

    decree: Decree | None
    location: SlumLocation | None
    decrees: list
    locations: list

    @property
    def query(self) -> str:
        """The query string that selects this scope again (for links and downloads)."""
        params = {}
        if self.decree is not None:
            params["decree"] = self.decree.pk
        if self.location is not None:
            params["location"] = self.location.pk
        return urlencode(params)


def scope_locations(scope: Scope):
    """The locations a report's figures rest on, for its count of records waiting for verification."""
    return SlumLocation.objects.filter(decree=scope.decree)


def scope_from(params) -> Scope:
    """The decree (``?decree=``, else the configured city's) and location (``?location=``, else the
    decree's priority location); 404 for ids that do not exist. Two queries."""
    decrees = list(dashboards.decree_choices())
    try:
        decree = dashboards.pick_decree(decrees, params.get("decree"))
    except Decree.DoesNotExist as exc:
        raise Http404 from exc
    locations = list(SlumLocation.objects.filter(decree=decree).select_related("area").order_by("number", "pk"))
    wanted = params.get("location")
    if wanted:
        location = next((item for item in locations if str(item.pk) == wanted), None)
        if location is None:
            raise Http404
    else:
        location = next((item for item in locations if item.is_priority), locations[0] if locations else None)
    return Scope(decree=decree, location=location, decrees=decrees, locations=locations)


def flag_list(*records) -> list[dict]:
    """The (prefetched) flags of ``records`` as plain values, unresolved ones only."""
    return [
        {"code": flag.code, "kind": flag.get_kind_display(), "message": flag.message}
        for record in records
        if record is not None
        for flag in record.flags.all()
        if not flag.resolved
    ]


# --- Tabel 1 ---------------------------------------------------------------------------------------


def table_1(scope: Scope) -> Report:
    """Tabel 1: the decree's locations as printed, with the total hectares (three queries)."""
    decree = scope.decree
    columns = [
        Column("number", _("No."), INTEGER),
        Column("kecamatan", _("Kecamatan (tercetak)")),
        Column("kelurahan", _("Kelurahan (tercetak)")),
        Column("name", _("Nama lokasi")),
        Column("area_ha", _("Luas (Ha)"), HECTARES),
        Column("flags", _("Catatan kualitas data"), FLAGS),
    ]
    report = Report(slug="tabel-1", title=_("Tabel 1. Penetapan lokasi permukiman kumuh"), columns=columns, rows=[])
    if decree is None:
        return report
    report.title = _("Tabel 1. Penetapan lokasi permukiman kumuh di %(area)s") % {"area": decree.area}
    report.source = _("Sumber: %(decree)s (%(title)s)") % {"decree": decree, "title": decree.title}
    locations = SlumLocation.objects.filter(decree=decree).prefetch_related(FLAGS_ORDERED).order_by("number", "pk")
    report.rows = [
        {
            "number": location.number,
            "kecamatan": location.printed_kecamatan,
            "kelurahan": location.printed_kelurahan,
            "name": location.name,
            "area_ha": location.decreed_area_ha,
            "flags": flag_list(location),
        }
        for location in locations
    ]
    total = dashboards.area_totals(decree)
    report.totals = [
        {
            "kecamatan": _("Jumlah (%(count)s lokasi)") % {"count": total["count"]},
            "area_ha": total["decreed"],
        }
    ]
    if decree.stated_total_ha is not None and decree.stated_total_ha != total["decreed"]:
        report.notes.append(
            _("Jumlah baris (%(rows)s) berbeda dari total yang dinyatakan SK (%(stated)s).")
            % {"rows": formatting.hectares(total["decreed"]), "stated": formatting.hectares(decree.stated_total_ha)}
        )
    return report


# --- Tabel 2 and 3: a location's works of one aspect -----------------------------------------------


def works_table(scope: Scope, *, slug: str, title: str, aspect_number: int, source: str) -> Report:
    """The location's interventions of one aspect, as the paper's Tabel 2 (roads) and Tabel 3
    (houses) list them: RT/RW, activity, volume, funding source and rupiah, with totals per unit and
    in rupiah. Six queries whatever the number of rows."""
    columns = [
        Column("rt_rw", _("Lokasi RT/RW")),
        Column("activity", _("Kegiatan")),
        Column("fiscal_year", _("Tahun anggaran"), YEAR),
        Column("volume", _("Volume"), VOLUME),
        Column("sources", _("Sumber dana")),
        Column("amount", _("Anggaran (Rp)"), RUPIAH),
        Column("flags", _("Catatan kualitas data"), FLAGS),
    ]
    location = scope.location
    report = Report(slug=slug, title=title % {"location": location or "—"}, columns=columns, rows=[])
    if location is None:
        return report
    aspect = Aspect.objects.filter(number=aspect_number).first()
    report.source = source
    if aspect is not None:
        report.notes.append(
            _("Dibangun dari data intervensi aspek %(aspect)s di lokasi %(location)s.")
            % {"aspect": dashboards.aspect_label(aspect.number, aspect.name), "location": location}
        )
    queryset = (
        intervention_selectors.intervention_queryset()
        .counted()
        .filter(location=location, kind__aspect__number=aspect_number)
    )
    items = queryset.prefetch_related(
        Prefetch("area__flags", queryset=DataQualityFlag.objects.order_by("code")),
        Prefetch("area__parent__flags", queryset=DataQualityFlag.objects.order_by("code")),
    ).order_by("fiscal_year", "pk")
    for item in items:
        area = item.area
        report.rows.append(
            {
                "rt_rw": dashboards.rt_rw_label(area.level, area.name, area.parent.name if area.parent else None),
                "activity": item.title,
                "fiscal_year": item.fiscal_year,
                "volume": item.volume,
                "volume_unit": item.unit.symbol,
                "sources": ", ".join(dict.fromkeys(line.source.name for line in item.funding_lines.all())),
                "amount": item.budget,
                "flags": flag_list(item, area, area.parent),
            }
        )
    totals = intervention_selectors.intervention_totals(queryset)
    units = totals["by_unit"] or [{"volume": None, "symbol": ""}]
    report.totals = [
        {
            "rt_rw": _("Jumlah"),
            "volume": unit["volume"],
            "volume_unit": unit["symbol"],
            "sources": ", ".join(row["name"] for row in totals["by_source"]) if index == 0 else "",
            "amount": totals["budget"] if index == 0 else None,
        }
        for index, unit in enumerate(units)
    ]
    return report


def table_2(scope: Scope) -> Report:
    return works_table(
        scope,
        slug="tabel-2",
        title=_("Tabel 2. Pembangunan jalan lingkungan di %(location)s"),
        aspect_number=2,
        source=_("Makalah: sumber Koordinator KOTAKU Tahun 2018 (APBN)."),
    )


def table_3(scope: Scope) -> Report:
    return works_table(
        scope,
        slug="tabel-3",
        title=_("Tabel 3. Perbaikan rumah di %(location)s"),
        aspect_number=1,
        source=_("Makalah: sumber Dinas Perkim Kota Tanjungpinang Tahun 2018 (APBD)."),
    )


# --- per-location summary --------------------------------------------------------------------------


def location_summary(scope: Scope) -> Report:
    """One row per location of the decree: areas, level, work, budget, evidence (seven queries)."""
    columns = [
        Column("number", _("No."), INTEGER),
        Column("name", _("Lokasi")),
        Column("area", _("Wilayah resmi")),
        Column("decreed_ha", _("Luas SK (Ha)"), HECTARES),
        Column("current_ha", _("Luas terkini (Ha)"), HECTARES),
        Column("current_year", _("Tahun data luas"), YEAR),
        Column("level", _("Tingkat kekumuhan terakhir")),
        Column("interventions", _("Intervensi"), INTEGER),
        Column("budget", _("Anggaran (Rp)"), RUPIAH),
        Column("evidence", _("Bukti kolaborasi"), INTEGER),
        Column("flags", _("Catatan kualitas data"), FLAGS),
    ]
    report = Report(slug="ringkasan-lokasi", title=_("Ringkasan per lokasi"), columns=columns, rows=[])
    decree = scope.decree
    if decree is None:
        return report
    report.title = _("Ringkasan per lokasi · %(decree)s") % {"decree": decree}
    stated = _("menurut sumber")
    rows = dashboards.location_rows(decree)
    for row in rows:
        level = row["level_label"] or _("Belum dinilai")
        report.rows.append(
            {
                "number": row["number"],
                "name": row["name"],
                "area": str(row["area"]),
                "decreed_ha": row["decreed_ha"],
                "current_ha": row["current_ha"],
                "current_year": row["current_year"],
                "level": f"{level} ({stated})" if row["level_is_stated"] else level,
                "interventions": row["interventions"],
                "budget": row["budget"],
                "evidence": row["evidence"],
                "flags": flag_list(row["location"]),
            }
        )
    totals = dashboards.area_totals(decree)
    report.totals = [
        {
            "name": _("Jumlah (%(count)s lokasi)") % {"count": totals["count"]},
            "decreed_ha": totals["decreed"],
            "current_ha": totals["current"],
            "interventions": sum(row["interventions"] for row in rows),
            "budget": sum((row["budget"] for row in rows), ZERO),
            "evidence": sum(row["evidence"] for row in rows),
        }
    ]
    report.notes.append(
        _(
            "Luas terkini pada baris jumlah menghitung %(count)s lokasi yang belum punya catatan luas "
            "sesudah SK dengan luas menurut SK."
        )
        % {"count": totals["count"] - totals["updated"]}
    )
    return report


# --- funding pivot ---------------------------------------------------------------------------------


def funding_pivot(scope: Scope) -> Report:
    """Budget per funding source × fiscal year (rows) × aspect (columns), with totals (two queries)."""
    aspects = list(Aspect.objects.order_by("number").values_list("number", "name"))
    columns = [Column("source", _("Sumber dana")), Column("fiscal_year", _("Tahun anggaran"), YEAR)]
    columns += [Column(f"aspect_{number}", dashboards.aspect_label(number, name), RUPIAH) for number, name in aspects]
    columns.append(Column("total", _("Jumlah (Rp)"), RUPIAH))
    report = Report(slug="pivot-pendanaan", title=_("Pivot pendanaan"), columns=columns, rows=[])
    decree = scope.decree
    if decree is None:
        return report
    report.title = _("Pivot pendanaan: sumber dana × tahun anggaran × aspek · %(decree)s") % {"decree": decree}
    cube = dashboards.funding_cube(
        FundingLine.objects.filter(
            intervention__location__decree=decree, intervention__verification__in=counted_states()
        )
    )
    table = aggregates.pivot(
        cube,
        row_key=lambda row: (row["source__name"], row["fiscal_year"]),
        column_key=lambda row: row["aspect"],
        value="amount",
        columns=[number for number, _name in aspects],
    )
    for line in table.rows:
        source, year = line["key"]
        report.rows.append(
            {
                "source": source,
                "fiscal_year": year,
                **{f"aspect_{number}": line["cells"].get(number) for number in table.columns},
                "total": line["total"],
            }
        )
    report.totals = [
        {
            "source": _("Jumlah"),
            **{f"aspect_{number}": table.column_totals.get(number) for number in table.columns},
            "total": table.total,
        }
    ]
    return report


# --- Capaian pengurangan kumuh ---------------------------------------------------------------------


def slum_reduction_report(scope: Scope) -> Report:
    """Every location of the decree: level change, hectares reduced, spending per aspect, cost per
    hectare, and the criteria that did not improve despite targeted spending (and the reverse).
    Nine queries for any number of locations."""
    aspects = list(Aspect.objects.order_by("number").values_list("number", "name"))
    columns = [
        Column("number", _("No."), INTEGER),
        Column("name", _("Lokasi")),
        Column("level_change", _("Tingkat kekumuhan (awal → akhir)")),
        Column("score_change", _("Perubahan total skor"), INTEGER),
        Column("decreed_ha", _("Luas SK (Ha)"), HECTARES),
        Column("latest_ha", _("Luas terakhir (Ha)"), HECTARES),
        Column("latest_year", _("Tahun luas terakhir"), YEAR),
        Column("reduced_ha", _("Luas berkurang (Ha)"), HECTARES),
        Column("spending", _("Belanja (Rp)"), RUPIAH),
    ]
    columns += [
        Column(
            f"aspect_{number}", _("Belanja %(aspect)s (Rp)") % {"aspect": dashboards.aspect_label(number, name)}, RUPIAH
        )
        for number, name in aspects
    ]
    columns += [
        Column("cost_per_ha_reduced", _("Biaya per Ha berkurang (Rp)"), RUPIAH),
        Column("spent_not_improved", _("Kriteria dibiayai tetapi tidak membaik")),
        Column("improved_unfunded", _("Kriteria membaik tanpa intervensi yang menyasarnya")),
    ]
    report = Report(
        slug="capaian-pengurangan-kumuh",
        title=_("Capaian pengurangan kumuh"),
        columns=columns,
        rows=[],
        sortable=True,
    )
    decree = scope.decree
    if decree is None:
        return report
    report.title = _("Capaian pengurangan kumuh · %(decree)s") % {"decree": decree}
    locations = list(
        SlumLocation.objects.filter(decree=decree).select_related("decree", "area").order_by("number", "pk")
    )
    rows = outcomes.slum_reduction(locations)
    criteria = outcomes.criteria_outcomes(locations)
    not_assessed = _("belum ada dua penilaian")
    for row in rows:
        moved = criteria.get(row["pk"])
        if moved:
            before = outcomes.level_label(moved["from"]["level"]) or _("belum lengkap")
            after = outcomes.level_label(moved["to"]["level"]) or _("belum lengkap")
            level_change = f"{before} → {after}"
            complete = moved["from"]["is_complete"] and moved["to"]["is_complete"]
            score_change = moved["to"]["total_score"] - moved["from"]["total_score"] if complete else None
        else:
            level_change, score_change = not_assessed, None
        by_aspect = {item["aspect"]: item["amount"] for item in row["spending_by_aspect"]}
        report.rows.append(
            {
                "number": row["number"],
                "name": row["name"],
                "level_change": level_change,
                "score_change": score_change,
                "decreed_ha": row["decreed_ha"],
                "latest_ha": row["latest_ha"],
                "latest_year": row["latest_year"],
                "reduced_ha": row["reduced_ha"],
                "spending": row["spending"],
                **{f"aspect_{number}": by_aspect.get(number, ZERO) for number, _name in aspects},
                "cost_per_ha_reduced": row["cost_per_ha_reduced"],
                "spent_not_improved": ", ".join(moved["spent_not_improved"]) if moved else "",
                "improved_unfunded": ", ".join(moved["improved_unfunded"]) if moved else "",
            }
        )
    totals = outcomes.reduction_totals(rows)
    report.totals = [
        {
            "name": _("Jumlah (%(count)s lokasi)") % {"count": totals["locations"]},
            "decreed_ha": totals["decreed_ha"],
            "latest_ha": totals["current_ha"],
            "reduced_ha": totals["reduced_ha"],
            "spending": totals["spending"],
            **{
                f"aspect_{number}": sum((line[f"aspect_{number}"] for line in report.rows), ZERO)
                for number, _name in aspects
            },
            "cost_per_ha_reduced": totals["cost_per_ha_reduced"],
        }
    ]
    report.notes += [
        _(
            "Keterkaitan, bukan bukti sebab-akibat: angka ini menyandingkan perubahan dengan belanja di tempat yang "
            "sama, faktor lain juga berpengaruh."
        ),
        _(
            "Luas berkurang = luas menurut SK dikurangi catatan luas terakhir sesudah tahun SK; belanja = baris "
            "pendanaan intervensi yang tidak dibatalkan dari tahun SK sampai tahun catatan itu. Biaya per Ha pada baris "
            "jumlah hanya menghitung lokasi yang luasnya berkurang."
        ),
        _(
            "Kriteria dibandingkan antara penilaian seluruh lokasi yang pertama dan yang terakhir dengan aturan yang "
            "sama; intervensi dihitung bila selesai atau berjalan, sejak setahun sebelum penilaian awal."
        ),
    ]
    return report


def sort_rows(report: Report, sort: str | None) -> Report:
    """Order a sortable report's rows by ``sort`` (a column key, ``-key`` descending); empty cells last."""
    key = (sort or "").removeprefix("-")
    keys = {column.key for column in report.columns if column.kind != FLAGS}
    if not report.sortable or key not in keys:
        return report
    present = [row for row in report.rows if row.get(key) not in (None, "")]
    empty = [row for row in report.rows if row.get(key) in (None, "")]
    present.sort(key=lambda row: row[key], reverse=sort.startswith("-"))
    report.rows, report.sort = present + empty, sort
    return report


def sort_headers(report: Report, scope: Scope) -> list[dict]:
    """Each column with the query string that sorts by it (descending when already sorted by it)."""
    headers = []
    for column in report.columns:
        ascending, descending = report.sort == column.key, report.sort == f"-{column.key}"
        params = {**dict(parse_qsl(scope.query)), "sort": f"-{column.key}" if ascending else column.key}
        state = "ascending" if ascending else "descending" if descending else "none"
        headers.append({"column": column, "query": urlencode(params), "state": state})
    return headers


REPORTS = {
    "tabel-1": (gettext_lazy("Tabel 1 · Lokasi permukiman kumuh menurut SK"), table_1),
    "tabel-2": (gettext_lazy("Tabel 2 · Pembangunan jalan lingkungan"), table_2),
    "tabel-3": (gettext_lazy("Tabel 3 · Perbaikan rumah"), table_3),
    "ringkasan-lokasi": (gettext_lazy("Ringkasan per lokasi"), location_summary),
    "pivot-pendanaan": (gettext_lazy("Pivot pendanaan (sumber × tahun × aspek)"), funding_pivot),
    "capaian-pengurangan-kumuh": (gettext_lazy("Capaian pengurangan kumuh"), slum_reduction_report),
}
PAPER_TABLES = ["tabel-1", "tabel-2", "tabel-3"]


def build(slug: str, scope: Scope, *, sort: str | None = None) -> Report:
    if slug not in REPORTS:
        raise Http404
    return sort_rows(exact(REPORTS[slug][1](scope)), sort)


CENTS = Decimal("0.01")


def exact(report: Report) -> Report:
    """Write every rupiah, hectare and volume with its two stored decimals.

    PostgreSQL sums ``numeric`` exactly with their scale; SQLite hands sums back as a 15-digit
    decimal ("2762.38000000000", "23562620000"), which is the same number written differently.
    """
    keys = [column.key for column in report.columns if column.kind in (HECTARES, RUPIAH, VOLUME)]
    for row in [*report.rows, *report.totals]:
        for key in keys:
            if isinstance(row.get(key), Decimal):
                row[key] = row[key].quantize(CENTS)
    return report


# --- downloads -------------------------------------------------------------------------------------


def export_columns(report: Report) -> list[exports.Column]:
    """The download's columns: a volume becomes two (the number and its unit)."""
    columns = []
    for column in report.columns:
        if column.kind == VOLUME:
            columns.append(exports.Column(name=column.label, path=(column.key,), kind=exports.KIND_DECIMAL))
            columns.append(exports.Column(name=_("Satuan"), path=(f"{column.key}_unit",), kind=exports.KIND_TEXT))
        else:
            columns.append(exports.Column(name=column.label, path=(column.key,), kind=EXPORT_KINDS[column.kind]))
    return columns


def export_rows(report: Report) -> Iterator[dict]:
    """The rows, then the total rows; flags written as "kind: message" joined with "; "."""
    for row in [*report.rows, *report.totals]:
        values = dict(row)
        if "flags" in values:
            values["flags"] = exports.LIST_SEPARATOR.join(f"{flag['kind']}: {flag['message']}" for flag in row["flags"])
        yield values


def csv_response(report: Report):
    return exports.csv_response(export_rows(report), export_columns(report), basename=report.slug)


def xlsx_response(report: Report):
    return exports.xlsx_response(export_rows(report), export_columns(report), basename=report.slug)
