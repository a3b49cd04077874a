"""Pure helpers over rows the database has already aggregated. No ORM here.

The dashboards ask the database for small aggregated results (a few rows per location, per source
and year, ...); these functions derive totals, pivots and trends from them, so their rules can be
tested without a database and the number of queries never depends on these loops.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)


def totals_by(rows: Iterable[Mapping], key: Callable[[Mapping], Hashable], value: str) -> dict:
    """Sum ``row[value]`` per ``key(row)``, keeping the order in which keys first appear."""
    totals: dict = {}
    for row in rows:
        name = key(row)
        totals[name] = totals.get(name, ZERO) + (row[value] or ZERO)
    return totals


@dataclass(frozen=True)
class TrendPoint:
    year: int
    total_ha: Decimal
    updated: int
    locations: int


def carry_forward_trend(
    *, start_year: int, baseline: Mapping[Hashable, Decimal], records: Iterable[tuple[Hashable, int, Decimal]]
) -> list[TrendPoint]:
    """The total slum area of a set of locations in each year that has a record.

    ``baseline`` is each location's decreed area, valid from ``start_year`` (the decree's year);
    ``records`` are ``(location, year, area)``, one per location and year. In a year, a location
    counts with its latest record up to that year, or with its decreed area when it has none yet:
    a location that was never re-measured is not assumed to have improved. Records before
    ``start_year`` and records of locations outside ``baseline`` are ignored. ``updated`` counts
    the locations whose figure comes from a record rather than from the decree.
    """
    by_location: dict[Hashable, list[tuple[int, Decimal]]] = {}
    for location, year, area in records:
        if location in baseline and year >= start_year and area is not None:
            by_location.setdefault(location, []).append((year, area))
    for history in by_location.values():
        history.sort()
    years = sorted({start_year} | {year for history in by_location.values() for year, _area in history})
    points = []
    for year in years:
        total, updated = ZERO, 0
        for location, decreed in baseline.items():
            known = [area for record_year, area in by_location.get(location, ()) if record_year <= year]
            if known:
                total += known[-1]
                updated += 1
            else:
                total += decreed or ZERO
        points.append(TrendPoint(year=year, total_ha=total, updated=updated, locations=len(baseline)))
    return points


@dataclass
class Pivot:
    """A table of sums: one row per ``row key``, one column per ``column key``, with totals."""

    columns: list
    rows: list[dict] = field(default_factory=list)
    column_totals: dict = field(default_factory=dict)
    total: Decimal = ZERO


def pivot(
    rows: Iterable[Mapping],
    *,
    row_key: Callable[[Mapping], Hashable],
    column_key: Callable[[Mapping], Hashable],
    value: str,
    columns: list,
) -> Pivot:
    """Pivot aggregated rows. Each result row is ``{"key", "cells": {column: sum}, "total"}``;
    ``columns`` fixes the column order (keys met in the rows but not listed are appended)."""
    table = Pivot(columns=list(columns))
    by_key: dict[Hashable, dict] = {}
    for row in rows:
        name, column, amount = row_key(row), column_key(row), row[value] or ZERO
        if column not in table.columns:
            table.columns.append(column)
        line = by_key.get(name)
        if line is None:
            line = by_key[name] = {"key": name, "cells": {}, "total": ZERO}
            table.rows.append(line)
        line["cells"][column] = line["cells"].get(column, ZERO) + amount
        line["total"] += amount
        table.column_totals[column] = table.column_totals.get(column, ZERO) + amount
        table.total += amount
    return table
