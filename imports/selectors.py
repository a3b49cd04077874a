"""Reads for the import pages and the templates: what a user may edit, shaped for streaming."""

from collections.abc import Iterator

from django.db.models import Prefetch, Q, QuerySet

from imports.models import ImportRun
from interventions.models import FundingLine, Intervention, ProgressUpdate
from interventions.selectors import writable_locations
from sites import scoping
from sites.models import Area, Assessment, Measurement, SlumLocation
from sites.selectors import editable_assessments

PREFIX_FILTER_MAX = 200


def import_run_list(*, user) -> QuerySet[ImportRun]:
    """Runs a user may see (officials: all; others: their own), newest first, without the reports."""
    return ImportRun.objects.visible_to(user).defer("report").order_by("-started_at", "-id")


def import_run_detail(*, user) -> QuerySet[ImportRun]:
    return ImportRun.objects.visible_to(user).select_related("source_run")


def template_interventions(*, user) -> QuerySet[Intervention]:
    """Interventions ``user`` may edit, with what a template row shows, oldest first."""
    rows = Intervention.objects.select_related(
        "location__area",
        "location__decree__area",
        "area__parent__parent",
        "kind",
        "unit",
        "implementer",
        "coordinator",
    ).prefetch_related(
        Prefetch("funding_lines", queryset=FundingLine.objects.select_related("source").order_by("fiscal_year", "id"))
    )
    return scoping.restrict_to_editable(rows, user, "area__path").order_by("id")


def template_progress_updates(*, user) -> QuerySet[ProgressUpdate]:
    rows = ProgressUpdate.objects.select_related("intervention")
    return scoping.restrict_to_editable(rows, user, "intervention__area__path").order_by(
        "intervention_id", "date", "id"
    )


def template_assessments(*, user) -> QuerySet[Assessment]:
    """Assessments ``user`` may edit (scope decided by ``sites.selectors.editable_assessments``)."""
    return (
        Assessment.objects.filter(pk__in=editable_assessments(user).values("pk"))
        .select_related("location__area", "location__decree__area", "area__parent__parent", "rule_set")
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.select_related("criterion").order_by(
                    "criterion__order", "criterion__code"
                ),
            ),
            "legality_answers__item",
            "consideration_answers__factor",
            "consideration_answers__option",
        )
        .order_by("location_id", "assessed_on", "id")
    )


def template_locations(*, user) -> QuerySet[SlumLocation]:
    return writable_locations(user=user).select_related("decree__area").order_by("decree_id", "number")


def template_rt_rw(*, user, locations: list[SlumLocation]) -> Iterator[tuple[SlumLocation, Area]]:
    """Every (location, RT/RW) pair ``user`` may write in, from one streamed query over the areas."""
    by_path: dict[str, list[SlumLocation]] = {}
    for location in locations:
        by_path.setdefault(location.area.path, []).append(location)
    areas = Area.objects.filter(level__in=[Area.Level.RW, Area.Level.RT]).select_related("parent__parent")
    if len(by_path) <= PREFIX_FILTER_MAX:
        inside = Q(pk__in=[])
        for path in by_path:
            inside |= Q(path__startswith=path)
        areas = areas.filter(inside)
    areas = scoping.restrict_to_editable(areas, user, "path").order_by("path")
    for area in areas.iterator(chunk_size=2000):
        segments = area.path.split("/")[:-1]
        for depth in range(1, len(segments)):
            for location in by_path.get("/".join(segments[:depth]) + "/", []):
                yield location, area
