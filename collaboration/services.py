"""Writes for collaboration evidence. Pages, the API and the seed loader all go through here.

Every service is keyword-only, runs in a transaction, checks the actor's write scope (a location's
area, or a stakeholder's area, inside ``sites.scoping``), calls ``full_clean()`` before saving and
returns the object. Updates take ``expected_version`` and claim it first (``Conflict`` → 409).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from collaboration.fuzzydate import FuzzyDate, write_fuzzy
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
    StageAssessment,
)
from core import verification
from core.concurrency import claim_version
from sites import scoping
from sites.models import SlumLocation, Stakeholder

# The fuzzy dates a model stores: the name services accept (a FuzzyDate) → its three fields.
FUZZY_PARTS = {
    "when": ("date_precision", "date", "year"),
    "due": ("due_precision", "due_date", "due_year"),
    "done": ("done_precision", "done_date", "done_year"),
    "target_when": ("target_precision", "target_date", "target_year"),
}

EVIDENCE_FIELDS = ("location", "title", "notes", "source", "when")
MEETING_FIELDS = (*EVIDENCE_FIELDS, "forum_type", "agenda", "minutes", "decisions")
DATA_SHARING_FIELDS = (*EVIDENCE_FIELDS, "kind", "data_shared", "is_mutual", "from_stakeholder")
AGREEMENT_FIELDS = (*EVIDENCE_FIELDS, "kind", "number", "summary", "timeline_note")
MILESTONE_FIELDS = ("title", "order", "status", "due", "done", "note")
SHARED_GOAL_FIELDS = (*EVIDENCE_FIELDS, "statement", "target_metric", "target_value", "target_when")
OUTCOME_FIELDS = (*EVIDENCE_FIELDS, "kind", "status", "description")
STAGE_ASSESSMENT_FIELDS = ("location", "when", "source", "stage", "level", "assessor_name", "evidence_note")
CONTACT_FIELDS = ("name", "position", "phone", "email", "gender")


@dataclass(frozen=True)
class AttendanceRow:
    """A stakeholder present at a meeting; head counts stay ``None`` when unknown."""

    stakeholder: Stakeholder
    participants: int | None = None
    women: int | None = None


def require_location_scope(actor, location: SlumLocation) -> None:
    if not scoping.can_edit_area(actor, location.area):
        raise PermissionDenied(_("Anda tidak berwenang mencatat data untuk lokasi ini."))


def require_stakeholder_scope(actor, stakeholder: Stakeholder) -> None:
    if not scoping.can_edit_area(actor, stakeholder.area):
        raise PermissionDenied(_("Anda tidak berwenang mengubah data pemangku kepentingan ini."))


def _assign(obj, values: Mapping[str, Any], allowed: Sequence[str]) -> list[str]:
    """Set ``values`` on ``obj`` (fuzzy dates by their service name); return the model fields set."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields for {type(obj).__name__}: {sorted(unknown)}")
    assigned = []
    for name, value in values.items():
        if name in FUZZY_PARTS:
            write_fuzzy(obj, value if value is not None else FuzzyDate.unknown(), *FUZZY_PARTS[name])
            assigned += FUZZY_PARTS[name]
        else:
            setattr(obj, name, value)
            assigned.append(name)
    return assigned


def _create(model, *, values: Mapping[str, Any], allowed: Sequence[str], actor=None):
    obj = model()
    _assign(obj, values, allowed)
    if issubclass(model, verification.Verifiable):
        obj.verification = verification.initial_state(actor)
    obj.full_clean()
    obj.save()
    return obj


def _update(obj, *, expected_version: int, values: Mapping[str, Any], allowed: Sequence[str], actor=None) -> None:
    """Claim the version, apply ``values``, validate and save the fields given plus the version, so
    that the audit history gets one entry per accepted edit. Verified records are locked against
    coordinators (``core.verification``)."""
    if isinstance(obj, verification.Verifiable):
        verification.ensure_editable(actor, obj)
    claim_version(obj, expected_version)
    assigned = _assign(obj, values, allowed)
    obj.full_clean()
    obj.save(update_fields=sorted({*assigned, "version"}))


def _set_m2m(obj, name: str, items: Iterable | None) -> None:
    """Replace a many-to-many set, touching the database (and history) only when it differs."""
    if items is None:
        return
    wanted = {item.pk for item in items}
    manager = getattr(obj, name)
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(wanted)


def _set_attendance(meeting: Meeting, rows: Sequence[AttendanceRow] | None) -> None:
    if rows is None:
        return
    existing = {row.stakeholder_id: row for row in meeting.attendance.all()}
    seen = set()
    for row in rows:
        if row.stakeholder.pk in seen:
            _raise_duplicate_attendance(row.stakeholder)
        seen.add(row.stakeholder.pk)
        record = existing.get(row.stakeholder.pk) or Attendance(meeting=meeting, stakeholder=row.stakeholder)
        if record.pk and (record.participants, record.women) == (row.participants, row.women):
            continue
        record.participants, record.women = row.participants, row.women
        record.full_clean()
        if record.pk:
            record.save(update_fields=["participants", "women"])
        else:
            record.save()
    for stakeholder_id, record in existing.items():
        if stakeholder_id not in seen:
            record.delete()


def _raise_duplicate_attendance(stakeholder: Stakeholder):
    raise ValidationError(
        {"attendance": _("%(name)s tercantum lebih dari sekali dalam daftar hadir.") % {"name": stakeholder}}
    )


# Meetings (face-to-face dialogue) -------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor,
    location: SlumLocation,
    title: str,
    forum_type: str,
    when: FuzzyDate | None = None,
    agenda: str = "",
    minutes: str = "",
    decisions: str = "",
    notes: str = "",
    source: str = "",
    attendance: Sequence[AttendanceRow] = (),
    people: Iterable[ContactPerson] = (),
    import_key: str = "",
) -> Meeting:
    require_location_scope(actor, location)
    values = {
        "location": location,
        "title": title,
        "forum_type": forum_type,
        "when": when,
        "agenda": agenda,
        "minutes": minutes,
        "decisions": decisions,
        "notes": notes,
        "source": source,
    }
    meeting = _create(
        Meeting, actor=actor, values={**values, "import_key": import_key}, allowed=(*MEETING_FIELDS, "import_key")
    )
    _set_attendance(meeting, attendance)
    _set_m2m(meeting, "people", people)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting: Meeting,
    expected_version: int,
    changes: Mapping[str, Any],
    attendance: Sequence[AttendanceRow] | None = None,
    people: Iterable[ContactPerson] | None = None,
) -> Meeting:
    """``changes`` holds any of ``MEETING_FIELDS``; ``attendance``/``people`` replace the lists."""
    require_location_scope(actor, meeting.location)
    _update(meeting, actor=actor, expected_version=expected_version, values=changes, allowed=MEETING_FIELDS)
    require_location_scope(actor, meeting.location)
    _set_attendance(meeting, attendance)
    _set_m2m(meeting, "people", people)
    return meeting


# Data sharing (trust building) ----------------------------------------------------------------


@transaction.atomic
def data_sharing_create(
    *,
    actor,
    location: SlumLocation,
    title: str,
    kind: str,
    data_shared: str,
    to_stakeholders: Iterable[Stakeholder],
    from_stakeholder: Stakeholder | None = None,
    is_mutual: bool = False,
    when: FuzzyDate | None = None,
    notes: str = "",
    source: str = "",
    import_key: str = "",
) -> DataSharing:
    require_location_scope(actor, location)
    to_stakeholders = list(to_stakeholders)
    _require_some(to_stakeholders, "to_stakeholders", _("Pilih setidaknya satu penerima atau pihak."))
    record = _create(
        DataSharing,
        actor=actor,
        values={
            "location": location,
            "title": title,
            "kind": kind,
            "data_shared": data_shared,
            "from_stakeholder": from_stakeholder,
            "is_mutual": is_mutual,
            "when": when,
            "notes": notes,
            "source": source,
            "import_key": import_key,
        },
        allowed=(*DATA_SHARING_FIELDS, "import_key"),
    )
    _set_m2m(record, "to_stakeholders", to_stakeholders)
    return record


@transaction.atomic
def data_sharing_update(
    *,
    actor,
    record: DataSharing,
    expected_version: int,
    changes: Mapping[str, Any],
    to_stakeholders: Iterable[Stakeholder] | None = None,
) -> DataSharing:
    require_location_scope(actor, record.location)
    if to_stakeholders is not None:
        to_stakeholders = list(to_stakeholders)
        _require_some(to_stakeholders, "to_stakeholders", _("Pilih setidaknya satu penerima atau pihak."))
    _update(record, actor=actor, expected_version=expected_version, values=changes, allowed=DATA_SHARING_FIELDS)
    require_location_scope(actor, record.location)
    _set_m2m(record, "to_stakeholders", to_stakeholders)
    return record


def _require_some(items: list, field: str, message: str) -> None:
    if not items:
        raise ValidationError({field: message})


# Agreements and milestones (commitment to process) --------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    actor,
    location: SlumLocation,
    title: str,
    kind: str,
    signatories: Iterable[Stakeholder] = (),
    when: FuzzyDate | None = None,
    number: str = "",
    summary: str = "",
    timeline_note: str = "",
    notes: str = "",
    source: str = "",
    import_key: str = "",
) -> Agreement:
    require_location_scope(actor, location)
    agreement = _create(
        Agreement,
        actor=actor,
        values={
            "location": location,
            "title": title,
            "kind": kind,
            "when": when,
            "number": number,
            "summary": summary,
            "timeline_note": timeline_note,
            "notes": notes,
            "source": source,
            "import_key": import_key,
        },
        allowed=(*AGREEMENT_FIELDS, "import_key"),
    )
    _set_m2m(agreement, "signatories", signatories)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor,
    agreement: Agreement,
    expected_version: int,
    changes: Mapping[str, Any],
    signatories: Iterable[Stakeholder] | None = None,
) -> Agreement:
    require_location_scope(actor, agreement.location)
    _update(agreement, actor=actor, expected_version=expected_version, values=changes, allowed=AGREEMENT_FIELDS)
    require_location_scope(actor, agreement.location)
    _set_m2m(agreement, "signatories", signatories)
    return agreement


@transaction.atomic
def milestone_create(
    *,
    actor,
    agreement: Agreement,
    title: str,
    order: int = 0,
    status: str = Milestone.Status.PLANNED,
    due: FuzzyDate | None = None,
    done: FuzzyDate | None = None,
    note: str = "",
    import_key: str = "",
) -> Milestone:
    require_location_scope(actor, agreement.location)
    return _create(
        Milestone,
        values={
            "agreement": agreement,
            "title": title,
            "order": order,
            "status": status,
            "due": due,
            "done": done,
            "note": note,
            "import_key": import_key,
        },
        allowed=(*MILESTONE_FIELDS, "agreement", "import_key"),
    )


@transaction.atomic
def milestone_update(*, actor, milestone: Milestone, expected_version: int, changes: Mapping[str, Any]) -> Milestone:
    require_location_scope(actor, milestone.agreement.location)
    _update(milestone, expected_version=expected_version, values=changes, allowed=MILESTONE_FIELDS)
    return milestone


# Shared goals (shared understanding) ----------------------------------------------------------


@transaction.atomic
def shared_goal_create(
    *,
    actor,
    location: SlumLocation,
    title: str,
    statement: str,
    endorsers: Iterable[Stakeholder] = (),
    target_metric: str = "",
    target_value: Decimal | None = None,
    target_when: FuzzyDate | None = None,
    when: FuzzyDate | None = None,
    notes: str = "",
    source: str = "",
    import_key: str = "",
) -> SharedGoal:
    require_location_scope(actor, location)
    goal = _create(
        SharedGoal,
        actor=actor,
        values={
            "location": location,
            "title": title,
            "statement": statement,
            "target_metric": target_metric,
            "target_value": target_value,
            "target_when": target_when,
            "when": when,
            "notes": notes,
            "source": source,
            "import_key": import_key,
        },
        allowed=(*SHARED_GOAL_FIELDS, "import_key"),
    )
    _set_m2m(goal, "endorsers", endorsers)
    return goal


@transaction.atomic
def shared_goal_update(
    *,
    actor,
    goal: SharedGoal,
    expected_version: int,
    changes: Mapping[str, Any],
    endorsers: Iterable[Stakeholder] | None = None,
) -> SharedGoal:
    require_location_scope(actor, goal.location)
    _update(goal, actor=actor, expected_version=expected_version, values=changes, allowed=SHARED_GOAL_FIELDS)
    require_location_scope(actor, goal.location)
    _set_m2m(goal, "endorsers", endorsers)
    return goal


# Intermediate outcomes ------------------------------------------------------------------------


@transaction.atomic
def outcome_create(
    *,
    actor,
    location: SlumLocation,
    title: str,
    kind: str,
    status: str = Outcome.Status.DELIVERED,
    stakeholders: Iterable[Stakeholder] = (),
    interventions: Iterable | None = None,
    when: FuzzyDate | None = None,
    description: str = "",
    notes: str = "",
    source: str = "",
    import_key: str = "",
) -> Outcome:
    require_location_scope(actor, location)
    outcome = _create(
        Outcome,
        actor=actor,
        values={
            "location": location,
            "title": title,
            "kind": kind,
            "status": status,
            "when": when,
            "description": description,
            "notes": notes,
            "source": source,
            "import_key": import_key,
        },
        allowed=(*OUTCOME_FIELDS, "import_key"),
    )
    _set_m2m(outcome, "stakeholders", stakeholders)
    _set_interventions(outcome, interventions)
    return outcome


@transaction.atomic
def outcome_update(
    *,
    actor,
    outcome: Outcome,
    expected_version: int,
    changes: Mapping[str, Any],
    stakeholders: Iterable[Stakeholder] | None = None,
    interventions: Iterable | None = None,
) -> Outcome:
    require_location_scope(actor, outcome.location)
    _update(outcome, actor=actor, expected_version=expected_version, values=changes, allowed=OUTCOME_FIELDS)
    require_location_scope(actor, outcome.location)
    _set_m2m(outcome, "stakeholders", stakeholders)
    _set_interventions(outcome, interventions)
    return outcome


def _set_interventions(outcome: Outcome, interventions: Iterable | None) -> None:
    """Link the interventions behind an outcome; they must belong to the outcome's location."""
    if interventions is None:
        return
    interventions = list(interventions)
    foreign = [item for item in interventions if item.location_id != outcome.location_id]
    if foreign:
        raise ValidationError({"interventions": _("Intervensi %(title)s bukan di lokasi ini.") % {"title": foreign[0]}})
    _set_m2m(outcome, "interventions", interventions)


# Stage assessments ----------------------------------------------------------------------------


@transaction.atomic
def stage_assessment_create(
    *,
    actor,
    location: SlumLocation,
    stage: str,
    level: RubricLevel,
    when: FuzzyDate | None = None,
    assessor_name: str = "",
    evidence_note: str = "",
    source: str = "",
    import_key: str = "",
) -> StageAssessment:
    """The assessor is the named person when one is given, else the signed-in actor."""
    require_location_scope(actor, location)
    assessment = StageAssessment(assessor_user=None if assessor_name.strip() else actor)
    _assign(
        assessment,
        {
            "location": location,
            "stage": stage,
            "level": level,
            "when": when,
            "assessor_name": assessor_name,
            "evidence_note": evidence_note,
            "source": source,
            "import_key": import_key,
        },
        (*STAGE_ASSESSMENT_FIELDS, "import_key"),
    )
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def stage_assessment_update(
    *, actor, assessment: StageAssessment, expected_version: int, changes: Mapping[str, Any]
) -> StageAssessment:
    require_location_scope(actor, assessment.location)
    _update(assessment, expected_version=expected_version, values=changes, allowed=STAGE_ASSESSMENT_FIELDS)
    require_location_scope(actor, assessment.location)
    return assessment


# Contact people (personal data) ---------------------------------------------------------------


@transaction.atomic
def contact_person_create(
    *,
    actor,
    stakeholder: Stakeholder,
    name: str,
    position: str = "",
    phone: str = "",
    email: str = "",
    gender: str = ContactPerson.Gender.UNSTATED,
) -> ContactPerson:
    require_stakeholder_scope(actor, stakeholder)
    person = ContactPerson(stakeholder=stakeholder)
    _assign(
        person, {"name": name, "position": position, "phone": phone, "email": email, "gender": gender}, CONTACT_FIELDS
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def contact_person_update(
    *, actor, person: ContactPerson, expected_version: int, changes: Mapping[str, Any]
) -> ContactPerson:
    require_stakeholder_scope(actor, person.stakeholder)
    _update(person, expected_version=expected_version, values=changes, allowed=CONTACT_FIELDS)
    return person
