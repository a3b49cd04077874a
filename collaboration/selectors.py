"""Reads for collaboration pages and the API, shaped so that the number of queries is fixed.

Every signed-in role (and, for the dashboards, the public) reads collaboration evidence; what
differs is personal data: contact people, attendance by person and the assessor's name are only
fetched for roles that ``core.roles.can_see_personal_data`` allows.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from collaboration import indicators
from collaboration.models import (
    Agreement,
    Attendance,
    ContactPerson,
    DataSharing,
    Meeting,
    Milestone,
    Outcome,
    RubricLevel,
    SharedGoal,
    Stage,
    StageAssessment,
)
from core import roles
from core.verification import Verifiable
from interventions.models import Intervention
from sites import scoping
from sites.models import AreaRecord, SlumLocation, Stakeholder


def _count_of(model, **filters):
    rows = model.objects.filter(location=OuterRef("pk"), **filters)
    if issubclass(model, Verifiable):
        rows = rows.counted()
    rows = rows.order_by().values("location")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


# Locations ------------------------------------------------------------------------------------


def location_list() -> QuerySet[SlumLocation]:
    """Slum locations with how much evidence each stage has (one query, whatever the data)."""
    return (
        SlumLocation.objects.select_related("area", "decree")
        .annotate(
            n_meetings=_count_of(Meeting),
            n_data_sharing=_count_of(DataSharing),
            n_agreements=_count_of(Agreement),
            n_goals=_count_of(SharedGoal),
            n_outcomes=_count_of(Outcome),
            n_outcomes_delivered=_count_of(Outcome, status=Outcome.Status.DELIVERED),
            n_assessments=_count_of(StageAssessment),
        )
        .order_by("decree_id", "number")
    )


def location_get(*, pk) -> SlumLocation:
    return SlumLocation.objects.select_related("area", "decree").get(pk=pk)


def editable_locations(user) -> QuerySet[SlumLocation]:
    """Locations whose area lies in the user's write scope, for form choices and API input."""
    return scoping.restrict_to_editable(SlumLocation.objects.select_related("area"), user, "area__path")


# Write scope: what a user may change (sites.scoping decides; out of scope answers 404) ----------


def evidence_editable(model, user) -> QuerySet:
    """Evidence records of ``model`` (any model with a ``location``) inside the user's write scope."""
    return scoping.restrict_to_editable(model.objects.all(), user, "location__area__path")


def evidence_get_editable(model, user, pk):
    """One evidence record of ``model`` the user may change, else 404."""
    return scoping.get_editable(model.objects.all(), user, "location__area__path", pk)


def agreement_editable(user) -> QuerySet[Agreement]:
    return evidence_editable(Agreement, user)


def agreement_get_editable(user, pk) -> Agreement:
    return evidence_get_editable(Agreement, user, pk)


def milestone_get_editable(user, pk) -> Milestone:
    queryset = Milestone.objects.select_related("agreement")
    return scoping.get_editable(queryset, user, "agreement__location__area__path", pk)


def stakeholder_get_editable(user, pk) -> Stakeholder:
    return scoping.get_editable(Stakeholder.objects.all(), user, "area__path", pk)


def contact_person_get_editable(user, pk) -> ContactPerson:
    queryset = ContactPerson.objects.select_related("stakeholder")
    return scoping.get_editable(queryset, user, "stakeholder__area__path", pk)


# Evidence lists (pages and API) ---------------------------------------------------------------


def _people_prefetch(user):
    if roles.can_see_personal_data(user):
        return [Prefetch("people", queryset=ContactPerson.objects.select_related("stakeholder"))]
    return []


def meeting_list(*, user) -> QuerySet[Meeting]:
    return Meeting.objects.select_related("location__area").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("stakeholder")),
        "flags",
        *_people_prefetch(user),
    )


def data_sharing_list(*, user) -> QuerySet[DataSharing]:
    return DataSharing.objects.select_related("location__area", "from_stakeholder").prefetch_related(
        "to_stakeholders", "flags"
    )


def agreement_list(*, user) -> QuerySet[Agreement]:
    return Agreement.objects.select_related("location__area").prefetch_related("signatories", "milestones", "flags")


def milestone_list(*, user) -> QuerySet[Milestone]:
    return Milestone.objects.select_related("agreement__location__area")


def shared_goal_list(*, user) -> QuerySet[SharedGoal]:
    """Goals with what their progress needs: the location's area records, oldest first."""
    return SharedGoal.objects.select_related("location__area").prefetch_related(
        "endorsers", "flags", Prefetch("location__area_records", queryset=_area_records())
    )


def _area_records() -> QuerySet[AreaRecord]:
    return AreaRecord.objects.order_by("year", "recorded_on", "id")


def outcome_list(*, user) -> QuerySet[Outcome]:
    """Outcomes with their actors and the interventions behind them (place, volume, budget)."""
    return Outcome.objects.select_related("location__area").prefetch_related(
        "stakeholders", "flags", Prefetch("interventions", queryset=linked_interventions())
    )


def linked_interventions() -> QuerySet[Intervention]:
    return (
        Intervention.objects.select_related("area__parent", "unit", "kind")
        .with_budget()
        .order_by("fiscal_year", "kind__name", "area__path", "id")
    )


def intervention_choices(user) -> QuerySet[Intervention]:
    """Interventions an outcome may be linked to: those at locations the user may write in."""
    return linked_interventions().filter(location__in=editable_locations(user))


def stage_assessment_list(*, user) -> QuerySet[StageAssessment]:
    related = ["location__area", "level__rubric"]
    if roles.can_see_personal_data(user):
        related.append("assessor_user")
    return StageAssessment.objects.select_related(*related).prefetch_related("flags")


def stakeholder_list(*, user) -> QuerySet[Stakeholder]:
    queryset = Stakeholder.objects.select_related("area").prefetch_related("flags")
    if roles.can_see_personal_data(user):
        queryset = queryset.prefetch_related("contact_people")
    return queryset


def contact_person_list(*, user) -> QuerySet[ContactPerson]:
    """Contact people are personal data: nobody else gets a single row."""
    if not roles.can_see_personal_data(user):
        return ContactPerson.objects.none()
    return ContactPerson.objects.select_related("stakeholder__area")


def rubric_levels() -> QuerySet[RubricLevel]:
    return RubricLevel.objects.select_related("rubric").order_by("-rubric__is_default", "rubric__code", "stage", "rank")


# The location's collaboration page ------------------------------------------------------------


@dataclass
class StageSummary:
    stage: str
    label: str
    records: list
    latest_assessment: StageAssessment | None = None
    assessments: list = field(default_factory=list)
    signals: dict = field(default_factory=dict)


@dataclass
class GoalProgress:
    goal: SharedGoal
    baseline: AreaRecord | None
    current: AreaRecord | None
    percent: Decimal | None


def _newest_first(records):
    return sorted(records, key=lambda record: (record.when.sort_key(), record.pk), reverse=True)


def _visible(queryset, user):
    """Officials and coordinators see evidence in every verification state; others verified only."""
    return queryset if roles.can_write(user) else queryset.verified()


def location_collaboration(*, location: SlumLocation, user) -> dict:
    """Everything the location's collaboration page shows, in a fixed number of queries.

    One query per kind of evidence plus one per prefetched relation, one for the area history and
    one for the assessments; none of it grows with the amount of evidence.
    """
    meetings = list(_visible(meeting_list(user=user), user).for_location(location))
    sharings = list(_visible(data_sharing_list(user=user), user).for_location(location))
    agreements = list(_visible(agreement_list(user=user), user).for_location(location))
    goals = list(_visible(shared_goal_list(user=user), user).for_location(location))
    outcomes = list(_visible(outcome_list(user=user), user).for_location(location))
    assessments = _newest_first(stage_assessment_list(user=user).for_location(location))
    area_records = list(_area_records().counted().filter(location=location))

    by_stage = {stage: [] for stage in Stage.values}
    for assessment in assessments:
        by_stage[assessment.stage].append(assessment)

    records = {
        Stage.DIALOGUE: meetings,
        Stage.TRUST: sharings,
        Stage.COMMITMENT: agreements,
        Stage.UNDERSTANDING: goals,
        Stage.OUTCOMES: outcomes,
    }
    signals = _stage_signals(meetings, sharings, agreements, goals, outcomes)
    stages = [
        StageSummary(
            stage=stage,
            label=label,
            records=records[stage],
            latest_assessment=by_stage[stage][0] if by_stage[stage] else None,
            assessments=by_stage[stage],
            signals=signals[stage],
        )
        for stage, label in Stage.choices
    ]
    return {
        "location": location,
        "stages": stages,
        "goals": goal_progress_for(goals, area_records),
        "sectors": _sectors(meetings, sharings, agreements, goals, outcomes),
        "area_records": area_records,
        "show_personal_data": roles.can_see_personal_data(user),
    }


def goal_progress_for(goals: list[SharedGoal], area_records: list[AreaRecord]) -> list[GoalProgress]:
    """Progress of each goal with an area target: first area record (baseline) → latest (current)."""
    baseline = area_records[0] if area_records else None
    current = area_records[-1] if area_records else None
    result = []
    for goal in goals:
        if goal.target_metric == SharedGoal.Metric.SLUM_AREA_HA and baseline is not None:
            percent = indicators.goal_progress(baseline.area_ha, current.area_ha, goal.target_value)
            result.append(GoalProgress(goal, baseline, current, percent))
        else:
            result.append(GoalProgress(goal, None, None, None))
    return result


def _stakeholders_named(meetings, sharings, agreements, goals, outcomes):
    for meeting in meetings:
        for row in meeting.attendance.all():
            yield row.stakeholder
    for record in sharings:
        if record.from_stakeholder is not None:
            yield record.from_stakeholder
        yield from record.to_stakeholders.all()
    for agreement in agreements:
        yield from agreement.signatories.all()
    for goal in goals:
        yield from goal.endorsers.all()
    for outcome in outcomes:
        yield from outcome.stakeholders.all()


def _sectors(*evidence) -> list[tuple[str, int]]:
    labels = dict(Stakeholder.Sector.choices)
    pairs = ((stakeholder.pk, stakeholder.sector) for stakeholder in _stakeholders_named(*evidence))
    return [(labels.get(sector, sector), count) for sector, count in indicators.sectors(pairs)]


def _stage_signals(meetings, sharings, agreements, goals, outcomes) -> dict:
    attendance = [row for meeting in meetings for row in meeting.attendance.all()]
    milestones = [milestone for agreement in agreements for milestone in agreement.milestones.all()]
    adherence = indicators.milestone_adherence(
        (milestone.status == Milestone.Status.DONE, milestone.met_on_time) for milestone in milestones
    )
    delivered = sum(1 for outcome in outcomes if outcome.status == Outcome.Status.DELIVERED)
    linked = {item.pk for outcome in outcomes for item in outcome.interventions.all()}
    return {
        Stage.DIALOGUE: {
            "per_year": indicators.per_year(meeting.when for meeting in meetings),
            "head_count": indicators.head_count((row.participants, row.women) for row in attendance),
            "sectors": _sectors(meetings, [], [], [], []),
        },
        Stage.TRUST: {
            "count": len(sharings),
            "parties": len({s.pk for s in _stakeholders_named([], sharings, [], [], [])}),
        },
        Stage.COMMITMENT: {
            "count": len(agreements),
            "signatories": len({s.pk for s in _stakeholders_named([], [], agreements, [], [])}),
            "milestones": adherence,
        },
        Stage.UNDERSTANDING: {
            "count": len(goals),
            "with_target": sum(1 for goal in goals if goal.has_target),
            "endorsers": len({s.pk for s in _stakeholders_named([], [], [], goals, [])}),
        },
        Stage.OUTCOMES: {
            "count": len(outcomes),
            "delivered": delivered,
            "interventions": len(linked),
        },
    }


def stakeholder_editable(*, user) -> QuerySet[Stakeholder]:
    """Stakeholders the user may change: officials all, coordinators those working in their scope."""
    return scoping.restrict_to_editable(stakeholder_list(user=user), user, "area__path")
