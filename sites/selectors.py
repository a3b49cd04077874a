"""Reads for the sites pages and API: querysets shaped so that a page or a list runs a fixed
number of queries whatever the number of rows."""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404

from core import roles
from sites import rules, scoping
from sites.models import (
    Area,
    AreaRecord,
    Aspect,
    Assessment,
    AssessmentAspect,
    ConsiderationAnswer,
    ConsiderationFactor,
    Criterion,
    Decree,
    HandlingPattern,
    LegalityAnswer,
    Measurement,
    RuleSet,
    SlumLocation,
)

# --- rule sets ------------------------------------------------------------------------------------


def rule_sets() -> QuerySet[RuleSet]:
    """Rule sets with every row the scoring module and the rule-set page need."""
    return RuleSet.objects.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.select_related("aspect").order_by("order", "code")),
        "bands",
        "thresholds",
        Prefetch("consideration_factors", queryset=ConsiderationFactor.objects.prefetch_related("options")),
        "consideration_classes",
        "legality_items",
        Prefetch(
            "handling_patterns",
            queryset=HandlingPattern.objects.order_by("-level", "legality"),
        ),
    )


def rule_set_get(*, code: str) -> RuleSet:
    return rule_sets().get(code=code)


def rule_set_default() -> RuleSet | None:
    return rule_sets().filter(is_default=True).first() or rule_sets().first()


def aspect_list(*, rule_set_code: str | None = None) -> QuerySet[Aspect]:
    criteria = Criterion.objects.select_related("rule_set").order_by("rule_set__code", "order", "code")
    if rule_set_code:
        criteria = criteria.filter(rule_set__code=rule_set_code)
    return Aspect.objects.prefetch_related(Prefetch("criteria", queryset=criteria))


# --- areas, decrees, locations --------------------------------------------------------------------


def area_list() -> QuerySet[Area]:
    return Area.objects.select_related("parent").prefetch_related("flags")


def decree_list() -> QuerySet[Decree]:
    return (
        Decree.objects.select_related("area")
        .prefetch_related("flags")
        .annotate(locations_count=Count("locations"), locations_total_ha=Sum("locations__decreed_area_ha"))
    )


def _latest_area_record():
    return (
        AreaRecord.objects.counted()
        .filter(location=OuterRef("pk"))
        .order_by("-year", F("recorded_on").desc(nulls_last=True), "-id")
    )


def _latest_location_assessment():
    return Assessment.objects.counted().filter(location=OuterRef("pk"), area__isnull=True).latest_first()


def location_list(*, covered_areas: QuerySet[Area] | None = None) -> QuerySet[SlumLocation]:
    """Locations with their current area (latest record by year, then date) and the level of
    their latest whole-location assessment, each as an annotation of the one list query."""
    record = _latest_area_record()
    latest = _latest_location_assessment()
    if covered_areas is None:
        covered_areas = Area.objects.select_related("parent")
    return (
        SlumLocation.objects.select_related("area", "area__parent", "decree")
        .prefetch_related("flags", Prefetch("covered_areas", queryset=covered_areas))
        .annotate(
            current_area_ha=Subquery(record.values("area_ha")[:1]),
            current_area_year=Subquery(record.values("year")[:1]),
            latest_assessment_id=Subquery(latest.values("pk")[:1]),
            latest_level=Subquery(latest.values("level")[:1]),
            latest_is_complete=Subquery(latest.values("is_complete")[:1]),
            latest_stated_level=Subquery(latest.values("stated_level")[:1]),
            latest_total_score=Subquery(latest.values("total_score")[:1]),
            latest_assessed_on=Subquery(latest.values("assessed_on")[:1]),
            latest_year=Subquery(latest.values("year")[:1]),
        )
        .order_by("decree_id", "number")
    )


def location_totals(queryset: QuerySet[SlumLocation]) -> dict:
    return queryset.order_by().aggregate(decreed_ha=Sum("decreed_area_ha"), count=Count("pk"))


def location_detail() -> QuerySet[SlumLocation]:
    return location_list(
        covered_areas=Area.objects.select_related("parent").prefetch_related("flags")
    ).prefetch_related(
        Prefetch(
            "area_records",
            queryset=AreaRecord.objects.counted()
            .prefetch_related("flags")
            .order_by("year", F("recorded_on").asc(nulls_first=True), "id"),
        ),
        "decree__flags",
    )


@dataclass(frozen=True)
class RwGroup:
    rw: Area
    rts: list[Area]


def rt_groups(location: SlumLocation) -> list[RwGroup]:
    """The location's slum RTs grouped under their RW, from the prefetched ``covered_areas``."""
    groups: dict[int, RwGroup] = {}
    for area in sorted(location.covered_areas.all(), key=lambda item: item.path):
        if area.level == Area.Level.RW:
            groups.setdefault(area.pk, RwGroup(area, []))
        elif area.parent is not None:
            groups.setdefault(area.parent_id, RwGroup(area.parent, [])).rts.append(area)
    return list(groups.values())


def area_record_list() -> QuerySet[AreaRecord]:
    return AreaRecord.objects.select_related("location", "location__area").prefetch_related("flags")


def area_record_editable(user) -> QuerySet[AreaRecord]:
    """Area records ``user`` may submit or change: those of locations in their write scope."""
    return scoping.restrict_to_editable(area_record_list(), user, "location__area__path")


# --- assessments -----------------------------------------------------------------------------------


def assessment_list() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "location", "location__area", "area", "area__parent", "rule_set", "handling_pattern", "created_by"
    ).prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.select_related("criterion", "criterion__aspect")),
        Prefetch("aspect_scores", queryset=AssessmentAspect.objects.select_related("aspect")),
        Prefetch("consideration_answers", queryset=ConsiderationAnswer.objects.select_related("factor", "option")),
        Prefetch("legality_answers", queryset=LegalityAnswer.objects.select_related("item")),
        "flags",
    )


def latest_assessment(location: SlumLocation) -> Assessment | None:
    return assessment_list().filter(location=location, area__isnull=True).latest_first().first()


def location_assessments(location: SlumLocation) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(location=location)
        .select_related("area", "area__parent", "rule_set")
        .prefetch_related("flags")
        .latest_first()
    )


# --- write scope (decided by sites.scoping) --------------------------------------------------------


def editable_locations(user) -> QuerySet[SlumLocation]:
    """Locations whose whole area the user may write in (area records, whole-location scores)."""
    return scoping.restrict_to_editable(SlumLocation.objects.select_related("area"), user, "area__path")


def location_get_editable(user, pk) -> SlumLocation:
    """A location the user may write in as a whole, else 404."""
    return get_object_or_404(editable_locations(user), pk=pk)


def assessable_rts(user, location: SlumLocation) -> QuerySet[Area]:
    """RTs inside the location that the user may assess."""
    rts = Area.objects.in_subtree(location.area).of_level(Area.Level.RT).select_related("parent")
    return scoping.restrict_to_editable(rts, user, "path")


def can_assess(user, location: SlumLocation) -> bool:
    """Whether the user may record any assessment for the location (whole, or one of its RTs)."""
    return scoping.can_edit_area(user, location.area) or assessable_rts(user, location).exists()


def editable_assessments(user) -> QuerySet[Assessment]:
    """Assessments the user may change: whole-location ones inside their scope, and those of an RT
    inside their scope."""
    whole = Q(area__isnull=True) & scoping.editable_q(user, "location__area__path")
    one_rt = Q(area__isnull=False) & scoping.editable_q(user, "area__path")
    return assessment_list().filter(whole | one_rt)


def assessment_get_editable(user, pk) -> Assessment:
    """An assessment the user may change, else 404."""
    return get_object_or_404(editable_assessments(user), pk=pk)


def can_edit_assessment(user, assessment: Assessment) -> bool:
    if not roles.can_write(user):
        return False
    return scoping.can_edit_area(user, assessment.area or assessment.location.area)


def location_search(queryset: QuerySet[SlumLocation], query: str) -> QuerySet[SlumLocation]:
    return queryset.filter(
        Q(name__icontains=query)
        | Q(printed_kecamatan__icontains=query)
        | Q(printed_kelurahan__icontains=query)
        | Q(area__name__icontains=query)
    )


# --- shapes for pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionLine:
    criterion: Criterion
    measurement: Measurement | None


@dataclass(frozen=True)
class AspectBlock:
    number: int
    name: str
    score: AssessmentAspect | None
    lines: list[CriterionLine]


def assessment_groups(assessment: Assessment) -> list[AspectBlock]:
    """Every criterion of the assessment's rule set by aspect, with its measurement if any
    (``assessment`` comes from ``assessment_list``)."""
    criteria = Criterion.objects.filter(rule_set_id=assessment.rule_set_id).select_related("aspect")
    measured = {item.criterion_id: item for item in assessment.measurements.all()}
    scores = {item.aspect_id: item for item in assessment.aspect_scores.all()}
    blocks: dict[int, AspectBlock] = {}
    for criterion in criteria.order_by("order", "code"):
        aspect = criterion.aspect
        if aspect.number not in blocks:
            blocks[aspect.number] = AspectBlock(aspect.number, aspect.name, scores.get(aspect.pk), [])
        blocks[aspect.number].lines.append(CriterionLine(criterion, measured.get(criterion.pk)))
    return list(blocks.values())


@dataclass(frozen=True)
class AspectCriteria:
    number: int
    name: str
    criteria: list[Criterion]


@dataclass(frozen=True)
class RuleSetOverview:
    rule_set: RuleSet
    max_total: int
    aspects: list[AspectCriteria]


def rule_set_overview() -> list[RuleSetOverview]:
    result = []
    for rule_set in rule_sets():
        aspects: dict[int, AspectCriteria] = {}
        for criterion in rule_set.criteria.all():
            number = criterion.aspect.number
            aspects.setdefault(number, AspectCriteria(number, criterion.aspect.name, [])).criteria.append(criterion)
        result.append(RuleSetOverview(rule_set, rules.describe(rule_set).max_total, list(aspects.values())))
    return result


def area_editable(user) -> QuerySet[Area]:
    """Areas the user may change: officials every area, coordinators the RW and RT in their scope."""
    areas = scoping.restrict_to_editable(area_list(), user, "path")
    if roles.is_official(user):
        return areas
    return areas.filter(level__in=[Area.Level.RW, Area.Level.RT])


def area_get_editable(user, pk) -> Area:
    return get_object_or_404(area_editable(user), pk=pk)


def kelurahan_for_setup(user, query: str = "") -> QuerySet[Area]:
    """Kelurahan/desa a user may add RW/RT to: a coordinator's own, an official's by name or code."""
    rows = scoping.restrict_to_editable(
        Area.objects.of_level(Area.Level.KELURAHAN, Area.Level.DESA).select_related("parent", "parent__parent"),
        user,
        "path",
    ).annotate(rw_count=Count("children", distinct=True))
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(code__startswith=query))
    return rows.order_by("path")


def kelurahan_get_editable(user, pk) -> Area:
    rows = Area.objects.of_level(Area.Level.KELURAHAN, Area.Level.DESA).select_related("parent")
    return scoping.get_editable(rows, user, "path", pk)


def community_tree(kelurahan: Area) -> list[tuple[Area, list[Area]]]:
    """The RW of a kelurahan with their RT, in two queries."""
    below = list(Area.objects.below(kelurahan).of_level(Area.Level.RW, Area.Level.RT).order_by("path"))
    rts: dict[int, list[Area]] = {}
    for area in below:
        if area.level == Area.Level.RT:
            rts.setdefault(area.parent_id, []).append(area)
    return [(rw, rts.get(rw.pk, [])) for rw in below if rw.level == Area.Level.RW]
