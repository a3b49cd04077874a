"""The location dashboard: one location's area, scores, work, money and collaboration."""

from django.db.models import Count, F, QuerySet, Subquery, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from collaboration import selectors as collaboration_selectors
from collaboration.fuzzydate import FuzzyDate
from collaboration.models import (
    Agreement,
    DataSharing,
    Meeting,
    Milestone,
    Outcome,
    SharedGoal,
    Stage,
)
from core import formatting
from core.verification import counted_states
from interventions.models import FundingLine, Intervention
from kotaku import aggregates
from kotaku.dashboards.change import change_section
from kotaku.dashboards.charts import COUNT, HECTARES, RUPIAH, SCORE, TEXT, Chart
from kotaku.dashboards.common import (
    STAGE_COUNTS,
    ZERO,
    aspect_label,
    budget_charts,
    funding_cube,
    latest_ratings,
    level_of,
    map_config,
    rt_rw_label,
    status_chart,
)
from sites import selectors as site_selectors
from sites.models import Assessment, AssessmentAspect, SlumLevel, SlumLocation

# How many of a location's latest whole-location assessments the per-aspect chart compares.
ASSESSMENTS_SHOWN = 6


def location_queryset() -> QuerySet[SlumLocation]:
    """Locations shaped for their dashboard: the sites detail selector (area history, flags, RT/RWs)."""
    return site_selectors.location_detail()


def _assessment_label(row: dict) -> str:
    if row["assessed_on"]:
        when = formatting.date_id(row["assessed_on"], (get_language() or "id")[:2])
    else:
        when = str(row["year"]) if row["year"] else _("tanggal tidak diketahui")
    return f"{when} · {dict(Assessment.Source.choices).get(row['source'], row['source'])}"


def _aspect_scores(location: SlumLocation) -> dict:
    """The latest whole-location assessments and their per-aspect scores (two queries)."""
    latest = Assessment.objects.counted().filter(location=location, area__isnull=True).latest_first()
    assessments = list(
        latest.values(
            "pk",
            "assessed_on",
            "year",
            "source",
            "rule_set__name",
            "total_score",
            "max_score",
            "level",
            "stated_level",
            "is_complete",
        )[:ASSESSMENTS_SHOWN]
    )
    scores = list(
        AssessmentAspect.objects.filter(assessment__in=Subquery(latest.values("pk")[:ASSESSMENTS_SHOWN]))
        .order_by("aspect__number")
        .values("assessment", "aspect__number", "aspect__name", "score", "measured", "criteria")
    )
    levels = dict(SlumLevel.choices)
    for row in assessments:
        row["label"] = _assessment_label(row)
        row["level_label"] = str(levels.get(row["level"] or row["stated_level"], ""))
        row["level_is_stated"] = not row["level"] and bool(row["stated_level"])
    aspects = {}
    for row in scores:
        aspects.setdefault(row["aspect__number"], aspect_label(row["aspect__number"], row["aspect__name"]))
    by_pair = {(row["assessment"], row["aspect__number"]): row["score"] for row in scores}
    chronological = list(reversed(assessments))
    chart = Chart(
        id="location-aspects",
        title=_("Skor per aspek pada setiap penilaian"),
        kind="bar",
        unit=SCORE,
        labels=list(aspects.values()),
        series=[(row["label"], [by_pair.get((row["pk"], number)) for number in aspects]) for row in chronological],
        label_header=_("Aspek"),
        note=_("Kosong: skor aspek belum dapat dihitung karena data kriterianya belum lengkap."),
    )
    return {
        "assessments": chronological,
        "chart": chart,
        "any_score": any(row["score"] is not None for row in scores),
    }


def _timeline(location: SlumLocation, goals: list[SharedGoal]) -> list[dict]:
    """Meetings, data sharing, agreements and their milestones, goals and outcomes, grouped by year
    in time order; year-only items after the dated ones of their year, undated items last."""
    items = []

    def add(kind, title, when, detail="", stage=""):
        items.append({"kind": kind, "title": title, "when": when, "detail": detail, "stage": stage})

    fuzzy = ("date_precision", "date", "year")
    forum = dict(Meeting.ForumType.choices)
    for row in Meeting.objects.counted().filter(location=location).values("pk", "title", "forum_type", *fuzzy):
        add(_("Pertemuan"), row["title"], _when(row), str(forum.get(row["forum_type"], "")), Stage.DIALOGUE)
    for row in DataSharing.objects.counted().filter(location=location).values("pk", "title", *fuzzy):
        add(_("Berbagi data"), row["title"], _when(row), stage=Stage.TRUST)
    agreement_kinds = dict(Agreement.Kind.choices)
    for row in Agreement.objects.counted().filter(location=location).values("pk", "title", "kind", *fuzzy):
        add(_("Kesepakatan"), row["title"], _when(row), str(agreement_kinds.get(row["kind"], "")), Stage.COMMITMENT)
    milestone_status = dict(Milestone.Status.choices)
    for row in Milestone.objects.filter(
        agreement__location=location, agreement__verification__in=counted_states()
    ).values("title", "status", "due_precision", "due_date", "due_year", "done_precision", "done_date", "done_year"):
        done = FuzzyDate(row["done_precision"], row["done_date"], row["done_year"])
        status = str(milestone_status.get(row["status"], ""))
        if done.is_known:
            add(_("Tonggak"), row["title"], done, status, Stage.COMMITMENT)
        else:
            due = FuzzyDate(row["due_precision"], row["due_date"], row["due_year"])
            add(_("Tonggak"), row["title"], due, f"{status} · {_('tenggat')}", Stage.COMMITMENT)
    for goal in goals:
        add(_("Tujuan bersama"), goal.title, goal.when, stage=Stage.UNDERSTANDING)
    outcome_status = dict(Outcome.Status.choices)
    for row in Outcome.objects.counted().filter(location=location).values("pk", "title", "status", *fuzzy):
        add(_("Hasil antara"), row["title"], _when(row), str(outcome_status.get(row["status"], "")), Stage.OUTCOMES)

    items.sort(key=lambda item: item["when"].sort_key())
    groups: list[dict] = []
    for item in items:
        year = item["when"].known_year
        if not groups or groups[-1]["year"] != year:
            groups.append({"year": year, "items": []})
        item["year_only"] = item["when"].is_known and item["when"].date is None
        groups[-1]["items"].append(item)
    return groups


def _when(row: dict) -> FuzzyDate:
    return FuzzyDate(row["date_precision"], row["date"], row["year"])


def _place_cube(location: SlumLocation) -> tuple[list[dict], list[dict]]:
    """Interventions counted, and budget summed, per RT/RW × aspect × status (two queries)."""
    place = {
        "area_level": "area__level",
        "area_name": "area__name",
        "area_parent": "area__parent__name",
        "area_path": "area__path",
        "aspect": "kind__aspect__number",
        "aspect_name": "kind__aspect__name",
    }
    counts = list(
        Intervention.objects.counted()
        .filter(location=location)
        .order_by()
        .values(**{name: F(path) for name, path in place.items()})
        .annotate(count=Count("pk"))
        .order_by("area_path", "aspect")
    )
    budgets = list(
        FundingLine.objects.filter(intervention__location=location, intervention__verification__in=counted_states())
        .order_by()
        .values(**{name: F(f"intervention__{path}") for name, path in place.items()})
        .annotate(amount=Sum("amount"))
        .order_by("area_path", "aspect")
    )
    return counts, budgets


def _by_place_chart(counts: list[dict], budgets: list[dict], *, key, label, chart_id, title, header) -> Chart:
    count_totals = aggregates.totals_by(counts, key, "count")
    budget_totals = aggregates.totals_by(budgets, key, "amount")
    keys = list(dict.fromkeys([*count_totals, *budget_totals]))
    names = {key(row): label(row) for row in [*counts, *budgets]}
    return Chart(
        id=chart_id,
        title=title,
        kind="bar",
        unit=RUPIAH,
        labels=[names[name] for name in keys],
        series=[(_("Anggaran"), [budget_totals.get(name, ZERO) for name in keys])],
        extra=[(_("Jumlah intervensi"), COUNT, [int(count_totals.get(name, 0)) for name in keys])],
        horizontal=True,
        label_header=header,
    )


def location_dashboard(*, location: SlumLocation, params=None) -> dict:
    """Everything a location's dashboard shows, in a fixed number of queries.

    ``params`` (the query string) may choose the "Perubahan" section's RT (``rt``) and assessments
    (``from``, ``to``)."""
    records = list(location.area_records.all())
    goals = list(SharedGoal.objects.counted().filter(location=location).order_by("pk"))
    counts, budgets = _place_cube(location)
    lines = FundingLine.objects.filter(intervention__location=location, intervention__verification__in=counted_states())
    budget, sources = budget_charts(funding_cube(lines), "location")
    evidence = (
        collaboration_selectors.location_list()
        .filter(pk=location.pk)
        .values("n_assessments", *STAGE_COUNTS.values())
        .first()
    ) or {}
    ratings = latest_ratings(SlumLocation.objects.filter(pk=location.pk))
    scores = _aspect_scores(location)
    level, level_label, stated = level_of(location)
    charts = {
        "trend": Chart(
            id="location-trend",
            title=_("Luas permukiman kumuh per tahun"),
            kind="line",
            unit=HECTARES,
            labels=[record.year for record in records],
            series=[(_("Luas kumuh"), [record.area_ha for record in records])],
            extra=[(_("Sumber"), TEXT, [record.source for record in records])],
            label_header=_("Tahun"),
        ),
        "aspects": scores["chart"],
        "places": _by_place_chart(
            counts,
            budgets,
            key=lambda row: row["area_path"],
            label=lambda row: rt_rw_label(row["area_level"], row["area_name"], row["area_parent"]),
            chart_id="location-places",
            title=_("Intervensi dan anggaran per RT/RW"),
            header=_("RT/RW"),
        ),
        "aspect_budget": _by_place_chart(
            counts,
            budgets,
            key=lambda row: row["aspect"],
            label=lambda row: aspect_label(row["aspect"], row["aspect_name"]),
            chart_id="location-aspect-budget",
            title=_("Intervensi dan anggaran per aspek"),
            header=_("Aspek"),
        ),
        "status": status_chart(Intervention.objects.counted().filter(location=location), lines, "location-status"),
        "by_source": budget["by_source"],
        "by_year": budget["by_year"],
    }
    first, last = (records[0], records[-1]) if records else (None, None)
    return {
        **change_section(location=location, params=params or {}),
        "location": location,
        "rt_groups": site_selectors.rt_groups(location),
        "level": level,
        "level_label": level_label,
        "level_is_stated": stated,
        "first_record": first,
        "last_record": last,
        "charts": charts,
        "assessments": scores["assessments"],
        "any_aspect_score": scores["any_score"],
        "budget_total": sum(sources.values(), ZERO),
        "budget_sources": sources,
        "interventions_total": sum(row["count"] for row in counts),
        "stages": [
            {
                "stage": stage,
                "label": label,
                "count": evidence.get(STAGE_COUNTS[stage], 0),
                "rating": ratings.get((location.pk, stage)),
            }
            for stage, label in Stage.choices
        ],
        "timeline": _timeline(location, goals),
        "goals": collaboration_selectors.goal_progress_for(goals, records),
        "map": map_config(
            [
                {
                    "location": location,
                    "pk": location.pk,
                    "name": location.display_name,
                    "level_label": level_label,
                    "decreed_ha": location.decreed_area_ha,
                    "current_ha": location.current_area_ha,
                }
            ]
        ),
    }
