"""Single-value rules shared by model fields, forms and API serializers, with Indonesian messages."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_FISCAL_YEAR = 2000
FISCAL_YEARS_AHEAD = 5


def fiscal_year_bounds() -> tuple[int, int]:
    """Sensible fiscal years: 2000 up to five years after the current one (plans are entered ahead)."""
    return FIRST_FISCAL_YEAR, timezone.localdate().year + FISCAL_YEARS_AHEAD


def validate_fiscal_year(value) -> None:
    if value is None:
        return
    low, high = fiscal_year_bounds()
    if not low <= value <= high:
        raise ValidationError(
            _("Tahun anggaran harus antara %(low)s dan %(high)s."),
            code="fiscal_year_range",
            params={"low": low, "high": high},
        )


def validate_volume(value) -> None:
    if value is not None and value <= 0:
        raise ValidationError(_("Volume harus lebih dari 0."), code="volume_not_positive")


def validate_amount(value) -> None:
    if value is not None and value < 0:
        raise ValidationError(_("Jumlah anggaran tidak boleh negatif."), code="amount_negative")


def validate_percent(value) -> None:
    if value is not None and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("Persentase kemajuan harus antara 0 dan 100."), code="percent_range")
