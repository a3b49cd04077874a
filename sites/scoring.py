"""Slum scoring: criterion percentages and scores, aspect scores, the total and the slum level.

A pure module: plain frozen dataclasses in, plain frozen dataclasses out, no Django. Every number
that a regulation (or practice) fixes, such as score bands, class thresholds or the rounding of
percentages, comes in through a ``RuleSetRule`` built from the database; nothing here is a
constant of a particular Permen.

The rule, per criterion (DOMAIN.md 1.2-1.5):
- percent = volume / denominator x 100, rounded half-up to ``percent_places`` decimals (2), so
  75.995 % counts as 76.00 % and 75.994 % as 75.99 %;
- a negative volume (after subtracting interventions) gives a negative percent, clamped to 0;
- the score is that of the highest band whose lower bound the rounded percent reaches;
- an aspect's score is the sum of its criteria's scores, the total the sum of all criteria;
- the level is that of the highest threshold whose minimum the total reaches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
ZERO = Decimal(0)

LEGAL = "legal"
NOT_LEGAL = "tidak_legal"


class ProblemKind:
    UNKNOWN_CRITERION = "unknown_criterion"
    MISSING_CRITERION = "missing_criterion"
    NO_VALUE = "no_value"
    BOTH_GIVEN = "both_given"
    MISSING_DENOMINATOR = "missing_denominator"
    NEGATIVE_DENOMINATOR = "negative_denominator"
    ZERO_DENOMINATOR = "zero_denominator"
    VOLUME_EXCEEDS_DENOMINATOR = "volume_exceeds_denominator"
    PERCENT_ABOVE_100 = "percent_above_100"
    NEGATIVE_HEADER = "negative_header"


@dataclass(frozen=True)
class Band:
    """Scores ``score`` when the rounded percent is at least ``min_percent``."""

    min_percent: Decimal
    score: int


@dataclass(frozen=True)
class Threshold:
    """Level ``level`` when the total is at least ``min_total``."""

    level: str
    min_total: int


@dataclass(frozen=True)
class CriterionRule:
    code: str
    aspect: int
    denominator: str


@dataclass(frozen=True)
class RuleSetRule:
    code: str
    criteria: tuple[CriterionRule, ...]
    bands: tuple[Band, ...]
    thresholds: tuple[Threshold, ...]
    percent_places: int = 2

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(criterion.code for criterion in self.criteria)

    @property
    def max_total(self) -> int:
        return len(self.criteria) * max((band.score for band in self.bands), default=0)


@dataclass(frozen=True)
class MeasurementIn:
    """A failing ``volume`` with an optional ``denominator`` (else the header's), or a ``percent``."""

    volume: Decimal | None = None
    denominator: Decimal | None = None
    percent: Decimal | None = None


@dataclass(frozen=True)
class Problem:
    """Why an input cannot be scored. ``key`` is a criterion code or a header key."""

    key: str
    kind: str
    field: str = ""


@dataclass(frozen=True)
class CriterionScore:
    code: str
    aspect: int
    volume: Decimal | None
    denominator: Decimal | None
    raw_percent: Decimal | None
    percent: Decimal | None
    clamped: bool
    score: int | None


@dataclass(frozen=True)
class AspectScore:
    number: int
    criteria: int
    measured: int
    score: int | None
    average_percent: Decimal | None

    @property
    def complete(self) -> bool:
        return self.measured == self.criteria


@dataclass(frozen=True)
class Result:
    rule_set: str
    criteria: tuple[CriterionScore, ...]
    aspects: tuple[AspectScore, ...]
    total: int | None
    level: str | None
    max_total: int
    missing: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def complete(self) -> bool:
        return not self.missing and not self.problems

    def criterion(self, code: str) -> CriterionScore | None:
        return next((item for item in self.criteria if item.code == code), None)


def round_percent(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent_of(volume: Decimal, denominator: Decimal, places: int) -> Decimal:
    return round_percent(Decimal(volume) * HUNDRED / Decimal(denominator), places)


def band_score(percent: Decimal, bands: Sequence[Band]) -> int:
    """The score of an already rounded percent; negative percents count as 0."""
    value = max(Decimal(percent), ZERO)
    matching = [band for band in bands if value >= band.min_percent]
    if not matching:
        raise ValueError(f"no score band covers {value} %")
    return max(matching, key=lambda band: band.min_percent).score


def classify(total: int, thresholds: Sequence[Threshold]) -> str:
    matching = [threshold for threshold in thresholds if total >= threshold.min_total]
    if not matching:
        raise ValueError(f"no class threshold covers a total of {total}")
    return max(matching, key=lambda threshold: threshold.min_total).level


def score_percent(percent: Decimal, rule: RuleSetRule) -> tuple[Decimal, Decimal, bool, int]:
    """(rounded percent, clamped percent, whether clamped, score) for a percent."""
    rounded = round_percent(Decimal(percent), rule.percent_places)
    clamped = rounded < ZERO
    effective = ZERO if clamped else rounded
    return rounded, effective, clamped, band_score(effective, rule.bands)


def evaluate(
    rule: RuleSetRule,
    header: Mapping[str, Decimal | None],
    measurements: Mapping[str, MeasurementIn],
    *,
    allow_incomplete: bool = False,
) -> Result:
    """Score ``measurements`` (keyed by criterion code) under ``rule``.

    With ``allow_incomplete`` a criterion without data, or a volume without a denominator, is
    recorded as unscored instead of being a problem; the total and level are then ``None``.
    """
    problems: list[Problem] = []
    for key, value in header.items():
        if value is not None and Decimal(value) < ZERO:
            problems.append(Problem(key, ProblemKind.NEGATIVE_HEADER))
    known = set(rule.codes)
    for code in measurements:
        if code not in known:
            problems.append(Problem(code, ProblemKind.UNKNOWN_CRITERION))

    scores: list[CriterionScore] = []
    missing: list[str] = []
    for criterion in rule.criteria:
        given = measurements.get(criterion.code)
        if given is None or (given.volume is None and given.percent is None):
            missing.append(criterion.code)
            if given is not None and given.denominator is not None and given.denominator < ZERO:
                problems.append(Problem(criterion.code, ProblemKind.NEGATIVE_DENOMINATOR, "denominator"))
            if not allow_incomplete:
                kind = ProblemKind.MISSING_CRITERION if given is None else ProblemKind.NO_VALUE
                problems.append(Problem(criterion.code, kind))
            scores.append(_unscored(criterion, given))
            continue
        scored, found = _score_one(criterion, given, header, rule, allow_incomplete=allow_incomplete)
        problems.extend(found)
        if scored.score is None:
            missing.append(criterion.code)
        scores.append(scored)

    aspects = _aspects(rule, scores)
    total = level = None
    if not missing and not problems:
        total = sum(item.score for item in scores)
        level = classify(total, rule.thresholds)
    return Result(
        rule_set=rule.code,
        criteria=tuple(scores),
        aspects=aspects,
        total=total,
        level=level,
        max_total=rule.max_total,
        missing=tuple(missing),
        problems=tuple(problems),
    )


def _unscored(criterion: CriterionRule, given: MeasurementIn | None) -> CriterionScore:
    return CriterionScore(
        code=criterion.code,
        aspect=criterion.aspect,
        volume=given.volume if given else None,
        denominator=given.denominator if given else None,
        raw_percent=None,
        percent=None,
        clamped=False,
        score=None,
    )


def _score_one(
    criterion: CriterionRule,
    given: MeasurementIn,
    header: Mapping[str, Decimal | None],
    rule: RuleSetRule,
    *,
    allow_incomplete: bool,
) -> tuple[CriterionScore, list[Problem]]:
    code = criterion.code
    problems: list[Problem] = []
    if given.volume is not None and given.percent is not None:
        return _unscored(criterion, given), [Problem(code, ProblemKind.BOTH_GIVEN)]

    denominator = given.denominator if given.denominator is not None else header.get(criterion.denominator)
    if denominator is not None:
        denominator = Decimal(denominator)
        if denominator < ZERO:
            problems.append(Problem(code, ProblemKind.NEGATIVE_DENOMINATOR, "denominator"))
        elif denominator == ZERO and given.volume is not None:
            problems.append(Problem(code, ProblemKind.ZERO_DENOMINATOR, "denominator"))

    if given.percent is not None:
        if Decimal(given.percent) > HUNDRED:
            problems.append(Problem(code, ProblemKind.PERCENT_ABOVE_100, "percent"))
        if problems:
            return _unscored(criterion, given), problems
        rounded, effective, clamped, score = score_percent(given.percent, rule)
        return (
            CriterionScore(code, criterion.aspect, None, denominator, rounded, effective, clamped, score),
            problems,
        )

    volume = Decimal(given.volume)
    if denominator is None:
        if not allow_incomplete:
            problems.append(Problem(code, ProblemKind.MISSING_DENOMINATOR, "denominator"))
        return CriterionScore(code, criterion.aspect, volume, None, None, None, False, None), problems
    if not problems and volume > denominator:
        problems.append(Problem(code, ProblemKind.VOLUME_EXCEEDS_DENOMINATOR, "volume"))
    if problems:
        return CriterionScore(code, criterion.aspect, volume, denominator, None, None, False, None), problems
    rounded, effective, clamped, score = score_percent(volume * HUNDRED / denominator, rule)
    return CriterionScore(code, criterion.aspect, volume, denominator, rounded, effective, clamped, score), problems


def _aspects(rule: RuleSetRule, scores: Iterable[CriterionScore]) -> tuple[AspectScore, ...]:
    by_aspect: dict[int, list[CriterionScore]] = {}
    for item in scores:
        by_aspect.setdefault(item.aspect, []).append(item)
    result = []
    for number in sorted(by_aspect):
        items = by_aspect[number]
        scored = [item for item in items if item.score is not None]
        complete = len(scored) == len(items)
        average = None
        if complete and items:
            average = round_percent(sum((item.percent for item in items), ZERO) / len(items), rule.percent_places)
        result.append(
            AspectScore(
                number=number,
                criteria=len(items),
                measured=len(scored),
                score=sum(item.score for item in scored) if complete else None,
                average_percent=average,
            )
        )
    return tuple(result)


# Non-physical considerations (pertimbangan lain), land legality and the handling pattern.


@dataclass(frozen=True)
class ConsiderationClass:
    """Class ``label`` (tinggi/sedang/rendah) when the summed option scores reach ``min_total``."""

    label: str
    min_total: int


def consideration_class(scores: Sequence[int], classes: Sequence[ConsiderationClass]) -> tuple[int, str]:
    total = sum(scores)
    matching = [item for item in classes if total >= item.min_total]
    if not matching:
        raise ValueError(f"no consideration class covers a total of {total}")
    return total, max(matching, key=lambda item: item.min_total).label


def legality(answers: Mapping[str, bool | None], items: Sequence[str]) -> str | None:
    """``legal`` when every item is positive, ``tidak_legal`` when one is negative, else unknown."""
    values = [answers.get(item) for item in items]
    if not items or any(value is None for value in values):
        return None if not any(value is False for value in values) else NOT_LEGAL
    return LEGAL if all(values) else NOT_LEGAL


def handling_pattern(level: str | None, legal: str | None, table: Mapping[tuple[str, str], str]) -> str | None:
    if level is None or legal is None:
        return None
    return table.get((level, legal))
