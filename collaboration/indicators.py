"""Signals computed from collaboration evidence. Pure functions on plain values: no ORM here.

The selectors fetch the evidence in a fixed number of queries and hand the values to these
functions, so the rules can be tested without a database.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from collaboration.fuzzydate import FuzzyDate

UNKNOWN_YEAR = None


def per_year(whens: Iterable[FuzzyDate]) -> list[tuple[int | None, int]]:
    """How many records fall in each known year (ascending), then those without a year."""
    counts = Counter(when.known_year for when in whens)
    years = sorted(year for year in counts if year is not None)
    result = [(year, counts[year]) for year in years]
    if counts.get(UNKNOWN_YEAR):
        result.append((UNKNOWN_YEAR, counts[UNKNOWN_YEAR]))
    return result


def share(part: int, whole: int, places: int = 1) -> Decimal | None:
    """``part`` as a percentage of ``whole``; ``None`` when the whole is zero or unknown."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class HeadCount:
    """Attendance totals over the rows where a count was recorded (unknown counts are left out)."""

    participants: int
    women: int
    rows_with_counts: int
    rows_without_counts: int

    @property
    def women_share(self) -> Decimal | None:
        return share(self.women, self.participants)


def head_count(rows: Iterable[tuple[int | None, int | None]]) -> HeadCount:
    """Sum ``(participants, women)`` over rows where both are known."""
    participants = women = known = unknown = 0
    for total, female in rows:
        if total is None or female is None:
            unknown += 1
            continue
        participants += total
        women += female
        known += 1
    return HeadCount(participants, women, known, unknown)


@dataclass(frozen=True)
class MilestoneAdherence:
    total: int
    done: int
    on_time: int
    late: int
    not_comparable: int

    @property
    def on_time_share(self) -> Decimal | None:
        """On-time milestones as a share of finished milestones whose dates can be compared."""
        return share(self.on_time, self.on_time + self.late)


def milestone_adherence(milestones: Iterable[tuple[bool, bool | None]]) -> MilestoneAdherence:
    """From ``(is_done, met_on_time)`` pairs; ``met_on_time`` is ``None`` when dates cannot tell."""
    total = done = on_time = late = unclear = 0
    for is_done, met in milestones:
        total += 1
        if not is_done:
            continue
        done += 1
        if met is True:
            on_time += 1
        elif met is False:
            late += 1
        else:
            unclear += 1
    return MilestoneAdherence(total, done, on_time, late, unclear)


def sectors(stakeholders: Iterable[tuple[int, str]]) -> list[tuple[str, int]]:
    """Distinct stakeholders per sector from ``(stakeholder id, sector)`` pairs, largest first."""
    seen: dict[int, str] = {}
    for pk, sector in stakeholders:
        seen[pk] = sector
    counts = Counter(seen.values())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def goal_progress(baseline: Decimal | None, current: Decimal | None, target: Decimal | None) -> Decimal | None:
    """How far a quantity has moved from its baseline towards its target, in percent.

    18,92 → 4,66 Ha against a target of 0 Ha is 75,4 % of the way. ``None`` when a value is
    missing or the baseline already equals the target. Not clamped: overshooting reads above
    100 %, moving away from the target reads below 0 %.
    """
    if baseline is None or current is None or target is None or baseline == target:
        return None
    return share_decimal(Decimal(baseline) - Decimal(current), Decimal(baseline) - Decimal(target))


def share_decimal(part: Decimal, whole: Decimal, places: int = 1) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
