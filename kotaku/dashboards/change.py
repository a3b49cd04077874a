"""The location dashboard's "Perubahan" section: indicator change and progress to zero hectares.

The figures come from ``kotaku.outcomes`` (as in the API and the city report); this module only
adds the two charts and the records behind the cost per hectare.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import formatting
from interventions.models import Intervention
from kotaku import outcomes
from kotaku.dashboards.charts import HECTARES, SCORE, Chart
from kotaku.dashboards.common import aspect_label, rt_rw_label
from sites.models import Area, Assessment, SlumLocation


def assessment_label(row: dict | None) -> str:
    if row is None:
        return ""
    if row["assessed_on"]:
        when = formatting.date_id(row["assessed_on"], (get_language() or "id")[:2])
    else:
        when = str(row["year"]) if row["year"] else _("tanggal tidak diketahui")
    return f"{when} · {dict(Assessment.Source.choices).get(row['source'], row['source'])}"


def _rt(location: SlumLocation, wanted) -> tuple[Area | None, dict]:
    if not wanted:
        return None, {}
    area = Area.objects.filter(pk=wanted if str(wanted).isdigit() else 0, level=Area.Level.RT).first()
    if area is None or not area.path.startswith(location.area.path):
        return None, {"area": _("Pilih RT yang berada di wilayah lokasi ini.")}
    return area, {}


def _change(location: SlumLocation, params) -> dict:
    """The comparison asked for in the query string, else the default one with the reason shown."""
    area, errors = _rt(location, params.get("rt"))
    try:
        change = outcomes.indicator_change(
            location=location, area=area, from_id=params.get("from"), to_id=params.get("to")
        )
    except outcomes.ComparisonRefused as exc:
        errors = {**errors, **exc.errors}
        change = outcomes.indicator_change(location=location, area=area)
    change["errors"] = list(errors.values())
    change["from_label"] = assessment_label(change["from_assessment"])
    change["to_label"] = assessment_label(change["to_assessment"])
    for row in change["assessments"]:
        row["label"] = assessment_label(row)
    for row in change["criteria"]:
        row["targeted"] = bool(row["interventions"])
    change["chart"] = Chart(
        id="location-change",
        title=_("Skor per aspek: sebelum dan sesudah"),
        kind="bar",
        unit=SCORE,
        labels=[aspect_label(row["aspect"], row["name"]) for row in change["aspects"]],
        series=[
            (
                _("Sebelum: %(label)s") % {"label": change["from_label"]},
                [row["from_score"] for row in change["aspects"]],
            ),
            (_("Sesudah: %(label)s") % {"label": change["to_label"]}, [row["to_score"] for row in change["aspects"]]),
        ]
        if change["from_assessment"] and change["to_assessment"]
        else [],
        label_header=_("Aspek"),
        note=_("Skor lebih rendah berarti lebih baik. Kosong: skor aspek belum dapat dihitung (data belum lengkap)."),
    )
    if not change["chart"].series:
        change["chart"].labels = []
    return change


def _progress_chart(row: dict) -> Chart:
    """Slum hectares per year against the decreed area and the target of 0 Ha."""
    by_year = {}
    for record in row["area_records"]:
        by_year[record["year"]] = record["area_ha"]
    years = sorted({row["baseline_year"], *by_year})
    return Chart(
        id="location-progress",
        title=_("Menuju 0 Ha: luas kumuh, luas SK dan target"),
        kind="line",
        unit=HECTARES,
        labels=years if by_year else [],
        series=[
            (_("Luas kumuh tercatat"), [by_year.get(year) for year in years]),
            (_("Luas menurut SK"), [row["decreed_ha"] for _year in years]),
            (_("Target"), [row["target_ha"] for _year in years]),
        ],
        label_header=_("Tahun"),
        note=_("Tahun tanpa catatan luas dibiarkan kosong, tidak dianggap nol."),
    )


def _counted_interventions(location: SlumLocation, row: dict) -> list[dict]:
    """The interventions whose funding the cost per hectare counts (one query)."""
    queryset = (
        Intervention.objects.filter(location=location, fiscal_year__gte=row["spending_from_year"])
        .exclude(status=Intervention.Status.CANCELLED)
        .with_budget()
    )
    if row["spending_to_year"] is not None:
        queryset = queryset.filter(fiscal_year__lte=row["spending_to_year"])
    items = list(
        queryset.order_by("fiscal_year", "area__path", "pk").values(
            "pk",
            "title",
            "fiscal_year",
            "volume",
            "unit__symbol",
            "budget",
            "source_document",
            "area__level",
            "area__name",
            "area__parent__name",
        )
    )
    for item in items:
        item["place"] = rt_rw_label(item["area__level"], item["area__name"], item["area__parent__name"])
    return items


def change_section(*, location: SlumLocation, params) -> dict:
    """Everything the "Perubahan" section shows, in a fixed number of queries."""
    change = _change(location, params)
    [progress] = outcomes.slum_reduction([location])
    return {
        "change": change,
        "progress": progress,
        "progress_chart": _progress_chart(progress),
        "progress_interventions": _counted_interventions(location, progress),
    }
