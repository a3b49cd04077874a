"""Formatting of dashboard figures and report cells by their unit (display only, no queries)."""

from django import template

from core import formatting

register = template.Library()

EMPTY = "—"


def _figure(value, unit: str, symbol: str = "") -> str:
    if value is None or value == "":
        return EMPTY
    if unit == "rupiah":
        return formatting.rupiah(value)
    if unit in ("ha", "hectares"):
        return formatting.hectares(value)
    if unit in ("count", "integer", "score"):
        return formatting.number_id(value, 0)
    if unit == "volume":
        return formatting.quantity(value, symbol)
    return str(value)


@register.filter
def figure(value, unit):
    """``{{ value|figure:"rupiah" }}`` → "Rp 23.562.620.000"; "—" for a missing value."""
    return _figure(value, unit)


@register.filter
def cell(row, column):
    """A report row's value for ``column``, formatted by the column's kind; blank when the row (a
    total row) has no such cell."""
    if column.key not in row:
        return ""
    value = row[column.key]
    return _figure(value, column.kind, row.get(f"{column.key}_unit", ""))
