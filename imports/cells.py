"""Turn one spreadsheet cell into a Python value, or say in Indonesian why it cannot be.

Cells come from openpyxl (``str``, ``int``, ``float``, ``bool``, ``datetime``, ``None``) or from a
CSV file (always ``str``). Every parser accepts both; an empty cell is ``None`` (or ``""`` for
text). Numbers may be typed the Indonesian way ("2.002,38", "Rp 19.762.620.000") or the machine
way ("2002.38"); a single dot with no comma is read as a decimal point.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.limits import BIG_INTEGER_MAX, BIG_INTEGER_MIN

EMPTY = (None, "")
TRUE_WORDS = {"ya", "y", "benar", "true", "1", "yes"}
FALSE_WORDS = {"tidak", "t", "n", "salah", "false", "0", "no", "bukan"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
# Excel keeps about 15 significant digits in a number cell; digits past the field's places that
# only carry that noise (0.1 + 0.2) are dropped, anything larger is an error.
FLOAT_NOISE_PLACES = 4


class CellError(ValueError):
    """A cell whose content cannot be used; ``message`` is shown next to its sheet, row and column."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, *, max_length: int | None = None) -> str:
    if is_empty(value):
        return ""
    if isinstance(value, bool):
        raise CellError(_("Harus berupa teks."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        raise CellError(_("Harus berupa teks, bukan tanggal."))
    result = str(value).strip()
    if max_length is not None and len(result) > max_length:
        raise CellError(
            _("Terlalu panjang: %(length)s karakter, paling banyak %(max)s.")
            % {"length": len(result), "max": max_length}
        )
    return result


def integer(value, *, minimum: int | None = 0) -> int | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("Harus berupa bilangan bulat."))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("Harus berupa bilangan bulat, tanpa desimal."))
        value = int(value)
    if isinstance(value, str):
        cleaned = value.strip().replace(" ", "")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
            cleaned = cleaned.replace(".", "")
        if not re.fullmatch(r"-?\d+", cleaned):
            raise CellError(_("Harus berupa bilangan bulat: %(value)s") % {"value": value.strip()})
        if len(cleaned.lstrip("-")) > len(str(BIG_INTEGER_MAX)):
            raise CellError(_("Angka terlalu besar."))
        value = int(cleaned)
    if not isinstance(value, int):
        raise CellError(_("Harus berupa bilangan bulat."))
    if not BIG_INTEGER_MIN <= value <= BIG_INTEGER_MAX:
        # No column holds it, and the database driver could not even send it in a query.
        raise CellError(_("Angka terlalu besar."))
    if minimum is not None and value < minimum:
        raise CellError(_("Tidak boleh kurang dari %(min)s.") % {"min": minimum})
    return value


def _decimal_text(raw: str) -> str:
    cleaned = re.sub(r"(?i)^rp\.?", "", raw.strip()).replace(" ", "").replace("\u00a0", "")
    if "," in cleaned:
        # Indonesian: dots group thousands, the comma is the decimal mark.
        if cleaned.count(",") > 1:
            raise CellError(_("Angka tidak dikenali: %(value)s") % {"value": raw.strip()})
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    return cleaned


def decimal(value, *, places: int, max_digits: int, minimum: Decimal | None = Decimal(0)) -> Decimal | None:
    if is_empty(value):
        return None
    if isinstance(value, bool | datetime | date):
        raise CellError(_("Harus berupa angka."))
    if isinstance(value, float):
        number = Decimal(repr(value))
        _check_size(number, places=places, max_digits=max_digits)
        noise = round(number, places + FLOAT_NOISE_PLACES)
        if noise != round(number, places):
            raise CellError(_("Paling banyak %(places)s angka di belakang koma.") % {"places": places})
        number = round(number, places)
    else:
        raw = str(value)
        try:
            number = Decimal(_decimal_text(raw))
        except InvalidOperation:
            raise CellError(_("Angka tidak dikenali: %(value)s") % {"value": raw.strip()}) from None
        if not number.is_finite():
            raise CellError(_("Angka tidak dikenali: %(value)s") % {"value": raw.strip()})
        _check_size(number, places=places, max_digits=max_digits)
        if number.as_tuple().exponent < -places and number != round(number, places):
            raise CellError(_("Paling banyak %(places)s angka di belakang koma.") % {"places": places})
    number = number.quantize(Decimal(1).scaleb(-places))
    if len(number.as_tuple().digits) > max_digits:
        raise CellError(_("Angka terlalu besar."))
    if minimum is not None and number < minimum:
        raise CellError(_("Tidak boleh kurang dari %(min)s.") % {"min": minimum})
    return number


def _check_size(number: Decimal, *, places: int, max_digits: int) -> None:
    """Refuse a number with more whole digits than the column holds before rounding it: rounding
    ``1e400`` to cents would need 403 digits, more than ``decimal`` computes with."""
    if not number.is_finite():
        raise CellError(_("Angka tidak dikenali: %(value)s") % {"value": number})
    if number and number.adjusted() >= max_digits - places:
        raise CellError(_("Angka terlalu besar."))


def day(value) -> date | None:
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        raw = value.strip()
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(raw, pattern).date()
            except ValueError:
                continue
        raise CellError(_("Tanggal tidak dikenali: %(value)s. Tulis TTTT-BB-HH, mis. 2018-07-31.") % {"value": raw})
    raise CellError(_("Tanggal tidak dikenali. Tulis TTTT-BB-HH, mis. 2018-07-31, atau format sel sebagai tanggal."))


def boolean(value) -> bool | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("Isi “ya” atau “tidak”."))


def key(value) -> str:
    """A code as the lookups compare it: trimmed, lower case, inner spaces collapsed."""
    return " ".join(text(value).lower().split())
