"""Indonesian number and date formatting: Rp 19.762.620.000, 18,92 Ha, 2.002,38 m, 5 Maret 2018.

Figures are formatted the Indonesian way whatever the interface language: they are the program's
official figures, and a rupiah amount must read the same in every report.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number_id(value, places: int | None = None, *, trim: bool = False) -> str:
    """Format with '.' for thousands and ',' for decimals.

    ``places=None`` keeps the value's own decimals; ``trim`` drops trailing zeros after rounding.
    """
    number = _to_decimal(value)
    if number is None:
        return ""
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, frac = text.partition(".")
    if trim:
        frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if frac:
        result += "," + frac
    return sign + result


def rupiah(value, places: int = 0) -> str:
    """Rp 19.762.620.000 (whole rupiah by default; the paper prints ',00')."""
    text = number_id(value, places)
    return f"Rp {text}" if text else ""


def hectares(value) -> str:
    """18,92 Ha; 12,60 Ha; 150,41 Ha: always two decimals, so figures side by side read alike."""
    text = number_id(value, 2)
    return f"{text} Ha" if text else ""


def metres(value) -> str:
    """2.002,38 m; 760 m."""
    text = number_id(value, 2, trim=True)
    return f"{text} m" if text else ""


def quantity(value, unit: str = "") -> str:
    text = number_id(value, 2, trim=True)
    if not text:
        return ""
    return f"{text} {unit}".strip()


def percent(value, places: int = 2) -> str:
    text = number_id(value, places, trim=True)
    return f"{text}%" if text else ""


def date_id(value, language: str = "id") -> str:
    """5 Maret 2018 (or 5 March 2018 in English)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if not isinstance(value, date):
        return str(value)
    months = MONTHS_EN if language == "en" else MONTHS_ID
    return f"{value.day} {months[value.month - 1]} {value.year}"
