"""The city dashboard: the locations of one decree side by side."""

from django.utils.translation import gettext as _

from collaboration.models import Stage
from core.verification import counted_states
from interventions.models import FundingLine, Intervention
from kotaku.dashboards.charts import COUNT, HECTARES, Chart
from kotaku.dashboards.common import (
    ZERO,
    area_totals,
    area_trend,
    budget_charts,
    decree_choices,
    funding_cube,
    location_rows,
    map_config,
    pick_decree,
    status_chart,
)
from sites.models import Decree, SlumLevel

LEVEL_COLORS = {
    SlumLevel.BERAT: "#b02a37",
    SlumLevel.SEDANG: "#fd7e14",
    SlumLevel.RINGAN: "#ffc107",
    SlumLevel.TIDAK_KUMUH: "#198754",
    "": "#adb5bd",
}


def _level_chart(rows: list[dict]) -> Chart:
    order = [*reversed(SlumLevel.values), ""]
    labels = {**dict(SlumLevel.choices), "": _("Belum dinilai")}
    counts = dict.fromkeys(order, 0)
    for row in rows:
        counts[row["level"]] += 1
    shown = [level for level in order if counts[level]]
    return Chart(
        id="city-levels",
        title=_("Tingkat kekumuhan terakhir per lokasi"),
        kind="doughnut",
        unit=COUNT,
        labels=[labels[level] for level in shown],
        series=[(_("Jumlah lokasi"), [counts[level] for level in shown])],
        label_header=_("Tingkat kekumuhan"),
        colors=[LEVEL_COLORS[level] for level in shown],
    )


def city_dashboard(*, decree: Decree) -> dict:
    """Everything the city dashboard shows for one decree, in a fixed number of queries."""
    rows = location_rows(decree)
    totals = area_totals(decree)
    trend = area_trend(decree)
    interventions = Intervention.objects.counted().filter(location__decree=decree)
    lines = FundingLine.objects.filter(
        intervention__location__decree=decree, intervention__verification__in=counted_states()
    )
    budget, sources = budget_charts(funding_cube(lines), "city")
    charts = {
        "areas": Chart(
            id="city-areas",
            title=_("Luas menurut SK dan luas terkini per lokasi"),
            kind="bar",
            unit=HECTARES,
            labels=[row["name"] for row in rows],
            series=[
                (_("Luas menurut SK"), [row["decreed_ha"] for row in rows]),
                (_("Luas terkini"), [row["current_ha"] for row in rows]),
            ],
            horizontal=True,
            label_header=_("Lokasi"),
            note=_("Kosong: belum ada catatan luas sesudah SK."),
        ),
        "trend": Chart(
            id="city-trend",
            title=_("Luas permukiman kumuh per tahun"),
            kind="line",
            unit=HECTARES,
            labels=[point.year for point in trend],
            series=[
                (_("Luas kumuh"), [point.total_ha for point in trend]),
                (_("Luas menurut SK"), [totals["decreed"] for _point in trend]),
            ],
            extra=[(_("Lokasi dengan data baru"), COUNT, [point.updated for point in trend])],
            label_header=_("Tahun"),
            note=_("Lokasi yang belum diukur ulang dihitung dengan luas menurut SK."),
        ),
        "levels": _level_chart(rows),
        "status": status_chart(interventions, lines, "city-status"),
        **budget,
    }
    interventions_total = sum(row["interventions"] for row in rows)
    return {
        "decree": decree,
        "rows": rows,
        "totals": {
            **totals,
            "reduction": totals["decreed"] - totals["current"],
            "not_updated": totals["count"] - totals["updated"],
            "budget": sum(sources.values(), ZERO),
            "sources": sources,
            "interventions": interventions_total,
        },
        "charts": charts,
        "stages": Stage.choices,
        "map": map_config(rows),
    }


def home_summary() -> dict | None:
    """The headline of the configured city's current decree, for the home page (three queries)."""
    decree = pick_decree(list(decree_choices()), None)
    if decree is None:
        return None
    return {"decree": decree, **area_totals(decree)}
