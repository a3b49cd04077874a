"""Read a number typed by a person: the Indonesian way (``2.002,38``, ``250.000.000``,
``Rp 250.000.000``, ``350,5``) or the plain way (``2002.38``).

The dot groups thousands and the comma is the decimal mark. A single dot is read as a decimal
point unless it is followed by exactly three digits: ``1.234`` could be either, so it is refused
with a message that says how to write each meaning. The same rules live in
``static/js/number_input.js``, which shows the user how the field was understood as they type.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

UNIT_SUFFIX = re.compile(r"(?i)\s*(ha|m2|m²|m|%|unit|kk)$")
CURRENCY_PREFIX = re.compile(r"(?i)^rp\.?\s*")
GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")
DIGITS = re.compile(r"\d+")
AMBIGUOUS = re.compile(r"[1-9]\d{0,2}\.\d{3}")

# The longest figure the database holds (14 digits with grouping, sign and "Rp ") fits in far less;
# anything longer is refused before it is read or echoed back in a message.
MAX_LENGTH = 40
TOO_LONG = _("Angka terlalu panjang (lebih dari %(max)s karakter).")
NOT_A_NUMBER = _("“%(value)s” bukan angka. Tulis mis. 2.002,38 atau 2002.38.")
AMBIGUOUS_DOT = _(
    "“%(value)s” bisa berarti %(thousands)s (ribuan) atau %(fraction)s (pecahan). "
    "Tulis %(thousands_hint)s untuk ribuan, atau %(fraction_hint)s untuk pecahan."
)
ENGLISH_GROUPING = _("Pakai titik untuk ribuan dan koma untuk desimal, mis. 2.002,38 (bukan %(value)s).")
BAD_GROUPING = _("Titik pemisah ribuan harus memisahkan tiap tiga angka, mis. 250.000.000 (bukan %(value)s).")


class NumberInputError(ValueError):
    """A typed number that cannot be read without guessing; ``message`` says why, in Indonesian."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _whole_part(text: str, raw: str) -> str:
    """``text`` is the part before the decimal mark: plain digits or dot-grouped thousands."""
    if DIGITS.fullmatch(text):
        return text
    if GROUPED.fullmatch(text):
        return text.replace(".", "")
    raise NumberInputError(BAD_GROUPING % {"value": raw})


def parse_decimal(raw: str) -> Decimal | None:
    """The exact value of a typed number, ``None`` for an empty one; ``NumberInputError`` when it
    cannot be read (its message is shown to the user)."""
    value = str(raw).strip().replace("\u00a0", " ")
    if not value:
        return None
    if len(value) > MAX_LENGTH:
        raise NumberInputError(TOO_LONG % {"max": MAX_LENGTH})
    text = CURRENCY_PREFIX.sub("", value)
    text = UNIT_SUFFIX.sub("", text).replace(" ", "")
    sign = ""
    if text and text[0] in "-+":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    if not text or not re.fullmatch(r"[\d.,]+", text) or not text[0].isdigit() and text[0] != ",":
        raise NumberInputError(NOT_A_NUMBER % {"value": value})
    if "," in text:
        if text.count(",") > 1 or "." in text.partition(",")[2]:
            raise NumberInputError(ENGLISH_GROUPING % {"value": value})
        whole, _sep, fraction = text.partition(",")
        if not DIGITS.fullmatch(fraction):
            raise NumberInputError(NOT_A_NUMBER % {"value": value})
        digits = f"{_whole_part(whole or '0', value)}.{fraction}"
    elif text.count(".") > 1:
        digits = _whole_part(text, value)
    elif AMBIGUOUS.fullmatch(text):
        whole, _sep, fraction = text.partition(".")
        raise NumberInputError(
            AMBIGUOUS_DOT
            % {
                "value": value,
                "thousands": whole + fraction,
                "fraction": f"{whole},{fraction}",
                "thousands_hint": f"{whole}{fraction} / {text},00",
                "fraction_hint": f"{whole},{fraction}",
            }
        )
    else:
        whole, _sep, fraction = text.partition(".")
        if not DIGITS.fullmatch(whole) or (_sep and not DIGITS.fullmatch(fraction)):
            raise NumberInputError(NOT_A_NUMBER % {"value": value})
        digits = text
    try:
        number = Decimal(sign + digits)
    except InvalidOperation:
        raise NumberInputError(NOT_A_NUMBER % {"value": value}) from None
    return number
