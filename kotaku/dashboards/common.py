"""Aggregates shared by the dashboards and the reports: the decree in view, its locations with
their areas, levels, work, budget and evidence, area totals and trend, funding cubes and the map."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from collaboration import selectors as collaboration_selectors
from collaboration.fuzzydate import FuzzyDate
from collaboration.models import Stage, StageAssessment
from core.verification import counted_states
from interventions.models import FundingLine, Intervention
from kotaku import aggregates
from kotaku.dashboards.charts import COUNT, RUPIAH, Chart
from sites import selectors as site_selectors
from sites.models import Area, AreaRecord, Decree, SlumLevel, SlumLocation

ZERO = Decimal(0)

# The evidence count of each stage, as annotated by collaboration.selectors.location_list().
STAGE_COUNTS = {
    Stage.DIALOGUE: "n_meetings",
    Stage.TRUST: "n_data_sharing",
    Stage.COMMITMENT: "n_agreements",
    Stage.UNDERSTANDING: "n_goals",
    Stage.OUTCOMES: "n_outcomes",
}

# --- scope: which decree ---------------------------------------------------------------------------


def decree_choices() -> QuerySet[Decree]:
    return Decree.objects.select_related("area").order_by("-year", "issuer", "number", "pk")


def pick_decree(decrees: list[Decree], wanted: str | None) -> Decree | None:
    """The decree asked for, else the latest decree of the configured city, else the first one.

    Raises ``Decree.DoesNotExist`` for an id that is not among ``decrees``.
    """
    if wanted:
        for decree in decrees:
            if str(decree.pk) == wanted:
                return decree
        raise Decree.DoesNotExist(wanted)
    for decree in decrees:
        if decree.area.code == settings.DASHBOARD_CITY_CODE:
            return decree
    return decrees[0] if decrees else None


# --- locations -------------------------------------------------------------------------------------


def level_of(location) -> tuple[str, str, bool]:
    """``(code, label, stated)`` of a location's latest whole-location assessment: the computed
    level, else the level the source states (``stated`` True), else empty."""
    labels = dict(SlumLevel.choices)
    if location.latest_level:
        return location.latest_level, str(labels[location.latest_level]), False
    if location.latest_stated_level:
        return location.latest_stated_level, str(labels[location.latest_stated_level]), True
    return "", "", False


def latest_ratings(locations: QuerySet[SlumLocation]) -> dict:
    """The latest stage assessment of each (location, stage), in one query.

    "Latest" as on the collaboration page: an undated rating first, then by year and date, newest
    first; a year-only rating before the dated ones of its year.
    """
    newest = (
        StageAssessment.objects.filter(location=OuterRef("location"), stage=OuterRef("stage"))
        .order_by(F("year").desc(nulls_first=True), F("date").desc(nulls_first=True), "-id")
        .values("pk")[:1]
    )
    rows = (
        StageAssessment.objects.filter(location__in=locations, pk=Subquery(newest))
        .order_by()
        .values("location", "stage", "level__rank", "level__label", "date_precision", "date", "year")
    )
    return {
        (row["location"], row["stage"]): {
            "rank": row["level__rank"],
            "label": row["level__label"],
            "when": FuzzyDate(row["date_precision"], row["date"], row["year"]),
        }
        for row in rows
    }


def location_rows(decree: Decree) -> list[dict]:
    """One row per location of the decree with its areas, level, work, budget and evidence.

    Six queries: the locations (with their current area and latest level annotated by the sites
    selector), their flags, the evidence counts, the intervention counts, the budgets and the
    latest stage ratings.
    """
    scoped = SlumLocation.objects.filter(decree=decree)
    locations = list(
        site_selectors.location_list().prefetch_related(None).prefetch_related("flags").filter(decree=decree)
    )
    evidence = {
        row["pk"]: row
        for row in collaboration_selectors.location_list()
        .filter(decree=decree)
        .values("pk", "n_assessments", *STAGE_COUNTS.values())
    }
    work = {
        row["location"]: row
        for row in Intervention.objects.counted()
        .filter(location__in=scoped)
        .order_by()
        .values("location")
        .annotate(count=Count("pk"), completed=Count("pk", filter=Q(status=Intervention.Status.COMPLETED)))
    }
    budgets = dict(
        FundingLine.objects.filter(intervention__location__in=scoped, intervention__verification__in=counted_states())
        .order_by()
        .values_list("intervention__location")
        .annotate(amount=Sum("amount"))
    )
    ratings = latest_ratings(scoped)
    rows = []
    for location in locations:
        counts = evidence.get(location.pk, {})
        done = work.get(location.pk, {})
        level, level_label, stated = level_of(location)
        cells = [
            {
                "stage": stage,
                "label": label,
                "count": counts.get(STAGE_COUNTS[stage], 0),
                "rating": ratings.get((location.pk, stage)),
            }
            for stage, label in Stage.choices
        ]
        rows.append(
            {
                "location": location,
                "pk": location.pk,
                "number": location.number,
                "name": location.display_name,
                "area": location.area,
                "decreed_ha": location.decreed_area_ha,
                "current_ha": location.current_area_ha,
                "current_year": location.current_area_year,
                "level": level,
                "level_label": level_label,
                "level_is_stated": stated,
                "interventions": done.get("count", 0),
                "completed": done.get("completed", 0),
                "budget": budgets.get(location.pk, ZERO),
                "stages": cells,
                "evidence": sum(cell["count"] for cell in cells),
                "flags": list(location.flags.all()),
                "is_priority": location.is_priority,
            }
        )
    return rows


def _latest_area(location_ref) -> QuerySet[AreaRecord]:
    return (
        AreaRecord.objects.counted()
        .filter(location=location_ref)
        .order_by("-year", F("recorded_on").desc(nulls_last=True), "-id")
    )


def area_totals(decree: Decree) -> dict:
    """Decreed and current hectares of the decree's locations, in one aggregate query.

    "Current" is a location's latest area record; a location without any record counts with its
    decreed area (it is not assumed to have improved). ``updated`` counts the locations that have
    a record.
    """
    latest = _latest_area(OuterRef("pk")).values("area_ha")[:1]
    return (
        SlumLocation.objects.filter(decree=decree)
        .annotate(latest_ha=Subquery(latest), current_ha=Coalesce(Subquery(latest), F("decreed_area_ha")))
        .aggregate(
            decreed=Coalesce(Sum("decreed_area_ha"), ZERO),
            current=Coalesce(Sum("current_ha"), ZERO),
            count=Count("pk"),
            updated=Count("pk", filter=Q(latest_ha__isnull=False)),
        )
    )


def area_trend(decree: Decree) -> list[aggregates.TrendPoint]:
    """The decree's total slum area per year (two queries: the decreed areas and, per location and
    year, its latest record)."""
    baseline = dict(SlumLocation.objects.filter(decree=decree).values_list("pk", "decreed_area_ha"))
    latest_in_year = (
        AreaRecord.objects.counted()
        .filter(location=OuterRef("location"), year=OuterRef("year"))
        .order_by(F("recorded_on").desc(nulls_last=True), "-id")
        .values("pk")[:1]
    )
    records = (
        AreaRecord.objects.counted()
        .filter(location__decree=decree, pk=Subquery(latest_in_year))
        .order_by()
        .values_list("location", "year", "area_ha")
    )
    return aggregates.carry_forward_trend(start_year=decree.year, baseline=baseline, records=records)


# --- money -----------------------------------------------------------------------------------------


def funding_cube(lines: QuerySet[FundingLine]) -> list[dict]:
    """Budget summed per funding source × fiscal year × aspect, in one query."""
    return list(
        lines.order_by()
        .values(
            "source__code",
            "source__name",
            "source__order",
            "fiscal_year",
            aspect=F("intervention__kind__aspect__number"),
            aspect_name=F("intervention__kind__aspect__name"),
        )
        .annotate(amount=Sum("amount"))
        .order_by("source__order", "source__name", "fiscal_year", "aspect")
    )


def aspect_label(number, name) -> str:
    return f"{number}. {name}"


def _source_year_chart(chart_id: str, cube: list[dict]) -> Chart:
    years = sorted({row["fiscal_year"] for row in cube})
    table = aggregates.pivot(
        cube,
        row_key=lambda row: row["source__name"],
        column_key=lambda row: row["fiscal_year"],
        value="amount",
        columns=years,
    )
    series = [(line["key"], [line["cells"].get(year, ZERO) for year in years]) for line in table.rows]
    chart = Chart(
        id=chart_id,
        title=_("Anggaran per tahun anggaran dan sumber dana"),
        kind="bar",
        unit=RUPIAH,
        labels=years,
        series=series,
        stacked=True,
        label_header=_("Tahun anggaran"),
    )
    chart.extra = [(_("Jumlah"), RUPIAH, [table.column_totals.get(year, ZERO) for year in years])]
    return chart


def budget_charts(cube: list[dict], prefix: str) -> tuple[dict, dict]:
    """Charts of a funding cube (by source, by fiscal year stacked by source, by aspect) and the
    total per source."""
    by_source = aggregates.totals_by(cube, lambda row: row["source__name"], "amount")
    by_aspect = aggregates.totals_by(
        sorted(cube, key=lambda row: row["aspect"]),
        lambda row: aspect_label(row["aspect"], row["aspect_name"]),
        "amount",
    )
    charts = {
        "by_source": Chart(
            id=f"{prefix}-budget-source",
            title=_("Anggaran per sumber dana"),
            kind="doughnut",
            unit=RUPIAH,
            labels=list(by_source),
            series=[(_("Anggaran"), list(by_source.values()))],
            label_header=_("Sumber dana"),
        ),
        "by_year": _source_year_chart(f"{prefix}-budget-year", cube),
        "by_aspect": Chart(
            id=f"{prefix}-budget-aspect",
            title=_("Anggaran per aspek kekumuhan"),
            kind="bar",
            unit=RUPIAH,
            labels=list(by_aspect),
            series=[(_("Anggaran"), list(by_aspect.values()))],
            horizontal=True,
            label_header=_("Aspek"),
        ),
    }
    return charts, by_source


def status_chart(interventions: QuerySet[Intervention], lines: QuerySet[FundingLine], chart_id: str) -> Chart:
    """Interventions and their budget per status (two queries), every status listed."""
    counts = dict(interventions.order_by().values_list("status").annotate(n=Count("pk")))
    budgets = dict(lines.order_by().values_list("intervention__status").annotate(amount=Sum("amount")))
    statuses = Intervention.Status.choices
    return Chart(
        id=chart_id,
        title=_("Intervensi per status"),
        kind="bar",
        unit=COUNT,
        labels=[label for _value, label in statuses],
        series=[(_("Jumlah intervensi"), [counts.get(value, 0) for value, _label in statuses])],
        extra=[(_("Anggaran"), RUPIAH, [budgets.get(value, ZERO) for value, _label in statuses])],
        label_header=_("Status"),
    )


# --- the map ---------------------------------------------------------------------------------------


def map_config(rows: list[dict]) -> dict:
    """What map.js draws: the boundaries recorded for the locations (their own, else their official
    area's), the tile server if one is configured, and the default view."""
    features = []
    for row in rows:
        location = row["location"]
        boundary, source = location.boundary, "location"
        if not boundary:
            boundary, source = location.area.boundary, "area"
        if boundary:
            features.append(
                {
                    "name": row["name"],
                    "url": reverse("location-dashboard", args=[row["pk"]]),
                    "boundary": boundary,
                    "source": source,
                    "level": row["level_label"],
                    "decreed_ha": row["decreed_ha"],
                    "current_ha": row["current_ha"],
                }
            )
    latitude, longitude = settings.MAP_DEFAULT_CENTER
    return {
        "center": [latitude, longitude],
        "zoom": settings.MAP_DEFAULT_ZOOM,
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "features": features,
        "labels": {
            "decreed": _("Luas menurut SK"),
            "current": _("Luas terkini"),
            "level": _("Tingkat kekumuhan"),
            "area_boundary": _("Batas wilayah resmi (bukan batas lokasi)"),
            "open": _("Buka dasbor lokasi"),
        },
    }


def rt_rw_label(level: str, name: str, parent_name: str | None) -> str:
    """ "RT002-RW006" as the paper prints it; "RW002" for an RW; the name for anything else."""
    if level == Area.Level.RT:
        return f"RT{name}-RW{parent_name}" if parent_name else f"RT{name}"
    if level == Area.Level.RW:
        return f"RW{name}"
    return name
