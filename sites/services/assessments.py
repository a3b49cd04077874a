"""Writes of slum assessments.

Every score, total and class stored on an assessment is computed here from ``sites.scoring``;
no form, serializer or admin writes those columns. Bad input raises ``InvalidAssessment`` (a
Django ``ValidationError``) carrying a nested ``detail`` for the API and a flat message dict for
forms, and nothing is saved.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import verification
from core.concurrency import claim_version
from sites import rules, scoping, scoring
from sites.models import (
    HEADER_FIELDS,
    Area,
    Assessment,
    AssessmentAspect,
    ConsiderationAnswer,
    ConsiderationOption,
    HandlingPattern,
    LegalityAnswer,
    Measurement,
    RuleSet,
    SlumLocation,
)
from sites.selectors import rule_sets

HEADER_KEYS = ("verified_area_ha", "buildings", "population", "households", "road_length_m", "drainage_length_m")


def _problem_message(kind: str) -> str:
    messages = {
        scoring.ProblemKind.UNKNOWN_CRITERION: _("Kode kriteria tidak dikenal dalam aturan penilaian ini."),
        scoring.ProblemKind.MISSING_CRITERION: _(
            "Kriteria ini belum diisi. Isi volume atau persen, atau simpan sebagai data tidak lengkap."
        ),
        scoring.ProblemKind.NO_VALUE: _("Isi volume atau persen."),
        scoring.ProblemKind.BOTH_GIVEN: _("Isi volume atau persen, jangan keduanya."),
        scoring.ProblemKind.MISSING_DENOMINATOR: _(
            "Pembagi belum ada: isi pembagi kriteria ini atau data umum penilaian yang menjadi pembaginya."
        ),
        scoring.ProblemKind.NEGATIVE_DENOMINATOR: _("Pembagi tidak boleh negatif."),
        scoring.ProblemKind.ZERO_DENOMINATOR: _("Pembagi harus lebih dari 0."),
        scoring.ProblemKind.VOLUME_EXCEEDS_DENOMINATOR: _("Volume tidak boleh melebihi pembagi."),
        scoring.ProblemKind.PERCENT_ABOVE_100: _("Persen tidak boleh lebih dari 100."),
        scoring.ProblemKind.NEGATIVE_HEADER: _("Nilai tidak boleh negatif."),
    }
    return messages[kind]


class InvalidAssessment(ValidationError):
    """Input that cannot be saved. ``detail`` nests per section and key, e.g.
    ``{"measurements": {"1a": ["Pembagi tidak boleh negatif."]}, "location": ["..."]}``."""

    def __init__(self, detail: dict):
        self.detail = detail
        flat = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                flat[key] = [f"{sub}: {message}" for sub, messages in value.items() for message in messages]
            else:
                flat[key] = list(value)
        super().__init__(flat)


@dataclass
class Evaluation:
    """What an input scores, before anything is saved (the preview shows exactly this)."""

    rule_set: RuleSet
    result: scoring.Result
    options: dict[str, ConsiderationOption] = field(default_factory=dict)
    consideration_score: int | None = None
    consideration_class: str = ""
    legality: dict[str, bool] = field(default_factory=dict)
    legal_status: str = ""
    handling_pattern: HandlingPattern | None = None
    errors: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _decimal(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def assessment_evaluate(
    *,
    rule_set: RuleSet,
    header: dict | None = None,
    measurements: dict[str, dict] | None = None,
    considerations: dict[str, str] | None = None,
    legality: dict[str, bool | None] | None = None,
    allow_incomplete: bool = False,
) -> Evaluation:
    """Score an input under ``rule_set`` (fetched with ``sites.selectors.rule_sets()``)."""
    header = header or {}
    measurements = measurements or {}
    considerations = considerations or {}
    legality = legality or {}

    scoring_header = {key: _decimal(header.get(name)) for key, name in HEADER_FIELDS.items()}
    inputs = {
        code: scoring.MeasurementIn(
            volume=_decimal(given.get("volume")),
            denominator=_decimal(given.get("denominator")),
            percent=_decimal(given.get("percent")),
        )
        for code, given in measurements.items()
    }
    result = scoring.evaluate(rules.describe(rule_set), scoring_header, inputs, allow_incomplete=allow_incomplete)
    evaluation = Evaluation(rule_set=rule_set, result=result)
    errors: dict = {}
    for problem in result.problems:
        if problem.kind == scoring.ProblemKind.NEGATIVE_HEADER:
            errors.setdefault("header", {}).setdefault(HEADER_FIELDS[problem.key], []).append(
                _problem_message(problem.kind)
            )
        else:
            errors.setdefault("measurements", {}).setdefault(problem.key, []).append(_problem_message(problem.kind))

    factors = {factor.code: factor for factor in rule_set.consideration_factors.all()}
    for code, option_code in considerations.items():
        if not option_code:
            continue
        factor = factors.get(code)
        option = next((item for item in factor.options.all() if item.code == option_code), None) if factor else None
        if factor is None:
            errors.setdefault("considerations", {})[code] = [_("Pertimbangan tidak dikenal dalam aturan ini.")]
        elif option is None:
            errors.setdefault("considerations", {})[code] = [_("Pilihan tidak dikenal untuk pertimbangan ini.")]
        else:
            evaluation.options[code] = option
    if factors and set(evaluation.options) == set(factors):
        evaluation.consideration_score, evaluation.consideration_class = scoring.consideration_class(
            [option.score for option in evaluation.options.values()], rules.consideration_classes(rule_set)
        )

    items = [item.code for item in rule_set.legality_items.all()]
    for code, positive in legality.items():
        if positive is None:
            continue
        if code not in items:
            errors.setdefault("legality", {})[code] = [_("Butir legalitas tidak dikenal dalam aturan ini.")]
        else:
            evaluation.legality[code] = bool(positive)
    evaluation.legal_status = scoring.legality(evaluation.legality, items) or ""
    evaluation.handling_pattern = scoring.handling_pattern(
        result.level, evaluation.legal_status or None, rules.handling_table(rule_set)
    )
    evaluation.errors = errors
    return evaluation


def _check_place(actor, location: SlumLocation, area: Area | None) -> None:
    if area is not None and (area.level != Area.Level.RT or not location.area.contains(area)):
        raise InvalidAssessment({"area": [_("Pilih RT yang berada di wilayah lokasi ini.")]})
    if actor is not None and not scoping.can_edit_area(actor, area or location.area):
        key = "area" if area is not None else "location"
        raise InvalidAssessment({key: [_("Lokasi atau RT tidak ditemukan.")]})


def _changed(obj, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(obj, name) != value]


def _save(obj, values: dict, *, always: bool = False) -> bool:
    """Set ``values`` on ``obj`` and save it (new rows always, others only when something changed)."""
    changed = list(values) if obj.pk is None else _changed(obj, values)
    for name in changed:
        setattr(obj, name, values[name])
    if obj.pk is None:
        obj.full_clean()
        obj.save()
        return True
    if changed or always:
        obj.full_clean()
        extra = [name for name in ("version", "updated_at") if hasattr(obj, name)]
        obj.save(update_fields=sorted(set(changed) | set(extra)))
        return True
    return False


def _assessment_values(
    *,
    location: SlumLocation,
    area: Area | None,
    rule_set: RuleSet,
    source: str,
    assessed_on: date | None,
    year: int | None,
    regulation_version: str,
    source_document: str,
    stated_level: str,
    notes: str,
    header: dict,
    evaluation: Evaluation,
) -> dict:
    result = evaluation.result
    values = {
        "location": location,
        "area": area,
        "rule_set": rule_set,
        "source": source,
        "assessed_on": assessed_on,
        "year": assessed_on.year if assessed_on else year,
        "regulation_version": regulation_version or rule_set.regulation,
        "source_document": source_document,
        "stated_level": stated_level,
        "notes": notes,
        "is_complete": result.complete,
        "total_score": result.total,
        "max_score": result.max_total,
        "level": result.level or "",
        "consideration_score": evaluation.consideration_score,
        "consideration_class": evaluation.consideration_class,
        "legal_status": evaluation.legal_status,
        "handling_pattern": evaluation.handling_pattern,
    }
    for name in HEADER_KEYS:
        value = header.get(name)
        values[name] = None if value in (None, "") else value
    return values


def _write_children(assessment: Assessment, evaluation: Evaluation, measurements: dict[str, dict]) -> bool:
    """Bring measurements, aspect scores and answers in line with the evaluation; True if any changed."""
    changed = False
    criteria = {criterion.code: criterion for criterion in evaluation.rule_set.criteria.all()}
    existing = {item.criterion.code: item for item in assessment.measurements.select_related("criterion")}
    for code, given in measurements.items():
        scored = evaluation.result.criterion(code)
        values = {
            "criterion": criteria[code],
            "volume": _decimal(given.get("volume")),
            "denominator": _decimal(given.get("denominator")),
            "given_percent": _decimal(given.get("percent")),
            "note": given.get("note") or "",
            "used_denominator": scored.denominator,
            "percent": scored.percent,
            "score": scored.score,
        }
        changed |= _save(existing.pop(code, None) or Measurement(assessment=assessment), values)
    for stale in existing.values():
        stale.delete()
        changed = True

    aspects = {criterion.aspect.number: criterion.aspect for criterion in criteria.values()}
    existing_aspects = {item.aspect.number: item for item in assessment.aspect_scores.select_related("aspect")}
    for item in evaluation.result.aspects:
        values = {
            "aspect": aspects[item.number],
            "criteria": item.criteria,
            "measured": item.measured,
            "score": item.score,
            "average_percent": item.average_percent,
        }
        changed |= _save(existing_aspects.pop(item.number, None) or AssessmentAspect(assessment=assessment), values)
    for stale in existing_aspects.values():
        stale.delete()
        changed = True

    answers = {item.factor.code: item for item in assessment.consideration_answers.select_related("factor")}
    for code, option in evaluation.options.items():
        answer = answers.pop(code, None) or ConsiderationAnswer(assessment=assessment)
        changed |= _save(answer, {"factor": option.factor, "option": option})
    for stale in answers.values():
        stale.delete()
        changed = True

    legal_items = {item.code: item for item in evaluation.rule_set.legality_items.all()}
    legal_answers = {item.item.code: item for item in assessment.legality_answers.select_related("item")}
    for code, positive in evaluation.legality.items():
        answer = legal_answers.pop(code, None) or LegalityAnswer(assessment=assessment)
        changed |= _save(answer, {"item": legal_items[code], "is_positive": positive})
    for stale in legal_answers.values():
        stale.delete()
        changed = True
    return changed


def _evaluate_or_raise(*, rule_set, header, measurements, considerations, legality, allow_incomplete) -> Evaluation:
    evaluation = assessment_evaluate(
        rule_set=rule_set,
        header=header,
        measurements=measurements,
        considerations=considerations,
        legality=legality,
        allow_incomplete=allow_incomplete,
    )
    if not evaluation.ok:
        raise InvalidAssessment(evaluation.errors)
    return evaluation


@transaction.atomic
def assessment_create(
    *,
    actor,
    location: SlumLocation,
    rule_set: RuleSet,
    source: str,
    assessed_on: date | None,
    area: Area | None = None,
    header: dict | None = None,
    measurements: dict[str, dict] | None = None,
    considerations: dict[str, str] | None = None,
    legality: dict[str, bool | None] | None = None,
    regulation_version: str = "",
    source_document: str = "",
    stated_level: str = "",
    notes: str = "",
    allow_incomplete: bool = False,
    verification_state: str | None = None,
) -> Assessment:
    """Record an assessment; its scores, total, level and handling pattern are computed here."""
    _check_place(actor, location, area)
    rule_set = rule_sets().get(pk=rule_set.pk)
    header = header or {}
    measurements = measurements or {}
    evaluation = _evaluate_or_raise(
        rule_set=rule_set,
        header=header,
        measurements=measurements,
        considerations=considerations,
        legality=legality,
        allow_incomplete=allow_incomplete,
    )
    assessment = Assessment(created_by=actor, verification=verification_state or verification.initial_state(actor))
    values = _assessment_values(
        location=location,
        area=area,
        rule_set=rule_set,
        source=source,
        assessed_on=assessed_on,
        year=None,
        regulation_version=regulation_version,
        source_document=source_document,
        stated_level=stated_level,
        notes=notes,
        header=header,
        evaluation=evaluation,
    )
    _save(assessment, values)
    _write_children(assessment, evaluation, measurements)
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor,
    assessment: Assessment,
    expected_version: int,
    rule_set: RuleSet,
    source: str,
    assessed_on: date | None,
    area: Area | None = None,
    header: dict | None = None,
    measurements: dict[str, dict] | None = None,
    considerations: dict[str, str] | None = None,
    legality: dict[str, bool | None] | None = None,
    regulation_version: str = "",
    source_document: str = "",
    stated_level: str = "",
    notes: str = "",
    allow_incomplete: bool = False,
    verification_state: str | None = None,
) -> Assessment:
    """Replace an assessment's data from a copy read at ``expected_version`` (409 when stale)."""
    verification.ensure_editable(actor, assessment)
    claim_version(assessment, expected_version)
    _check_place(actor, assessment.location, assessment.area)
    _check_place(actor, assessment.location, area)
    rule_set = rule_sets().get(pk=rule_set.pk)
    header = header or {}
    measurements = measurements or {}
    evaluation = _evaluate_or_raise(
        rule_set=rule_set,
        header=header,
        measurements=measurements,
        considerations=considerations,
        legality=legality,
        allow_incomplete=allow_incomplete,
    )
    values = _assessment_values(
        location=assessment.location,
        area=area,
        rule_set=rule_set,
        source=source,
        assessed_on=assessed_on,
        year=None,
        regulation_version=regulation_version,
        source_document=source_document,
        stated_level=stated_level,
        notes=notes,
        header=header,
        evaluation=evaluation,
    )
    if verification_state:
        values["verification"] = verification_state
    _save(assessment, values, always=True)
    _write_children(assessment, evaluation, measurements)
    return assessment


@transaction.atomic
def assessment_seed(
    *,
    location: SlumLocation,
    rule_set: RuleSet,
    source: str,
    year: int | None,
    assessed_on: date | None,
    header: dict,
    measurements: dict[str, dict],
    regulation_version: str,
    source_document: str,
    stated_level: str,
    notes: str,
    allow_incomplete: bool,
) -> tuple[Assessment, str]:
    """Idempotent load of an assessment from the seed: found by location, rule set, source and
    date; saved only where something differs. Returns ``(assessment, status)``."""
    rule_set = rule_sets().get(pk=rule_set.pk)
    evaluation = _evaluate_or_raise(
        rule_set=rule_set,
        header=header,
        measurements=measurements,
        considerations=None,
        legality=None,
        allow_incomplete=allow_incomplete,
    )
    assessment = Assessment.objects.filter(
        location=location, area=None, rule_set=rule_set, source=source, year=year, assessed_on=assessed_on
    ).first()
    created = assessment is None
    assessment = assessment or Assessment()
    values = _assessment_values(
        location=location,
        area=None,
        rule_set=rule_set,
        source=source,
        assessed_on=assessed_on,
        year=year,
        regulation_version=regulation_version,
        source_document=source_document,
        stated_level=stated_level,
        notes=notes,
        header=header,
        evaluation=evaluation,
    )
    values.update(verification.SEEDED)
    if not created and _changed(assessment, values):
        values["version"] = assessment.version + 1
    changed = _save(assessment, values)
    changed |= _write_children(assessment, evaluation, measurements)
    return assessment, "created" if created else ("updated" if changed else "unchanged")
