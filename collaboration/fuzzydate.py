"""A date that may be known to the day, to the year only, or not at all ("fuzzy date").

Sources such as the seed paper often give no date, or only a year. A record keeps exactly what is
known: ``date_precision`` in {day, year, unknown} plus ``date`` and ``year``, never an invented
1 January. This module holds the value type, its validation, sorting and display, and the model
pieces (fields, check constraint, abstract model) that store it. It imports nothing from the other
apps, so it can move to ``core`` unchanged if another app needs it.
"""

from dataclasses import dataclass
from datetime import date as date_type

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.formatting import date_id

MIN_YEAR = 1900
MAX_YEAR = 2100


class Precision(models.TextChoices):
    DAY = "day", _("Tanggal lengkap")
    YEAR = "year", _("Tahun saja")
    UNKNOWN = "unknown", _("Tidak diketahui")


@dataclass(frozen=True)
class FuzzyDate:
    precision: str = Precision.UNKNOWN
    date: date_type | None = None
    year: int | None = None

    @classmethod
    def unknown(cls) -> "FuzzyDate":
        return cls(Precision.UNKNOWN)

    @classmethod
    def of_year(cls, year: int) -> "FuzzyDate":
        return cls(Precision.YEAR, None, year)

    @classmethod
    def of_day(cls, day: date_type) -> "FuzzyDate":
        return cls(Precision.DAY, day, day.year)

    def errors(self) -> dict[str, str]:
        """Problems keyed by part ("precision", "date", "year"); empty when the value is valid."""
        if self.precision not in Precision.values:
            return {"precision": gettext("Pilih ketepatan tanggal: tanggal lengkap, tahun saja, atau tidak diketahui.")}
        problems = {}
        if self.precision == Precision.DAY:
            if self.date is None:
                problems["date"] = gettext("Isi tanggalnya, atau pilih ketepatan 'tahun saja' / 'tidak diketahui'.")
        elif self.precision == Precision.YEAR:
            if self.date is not None:
                problems["date"] = gettext("Kosongkan tanggal bila hanya tahunnya yang diketahui.")
            if self.year is None:
                problems["year"] = gettext("Isi tahunnya, atau pilih ketepatan 'tidak diketahui'.")
        else:
            if self.date is not None:
                problems["date"] = gettext("Kosongkan tanggal bila waktunya tidak diketahui.")
            if self.year is not None:
                problems["year"] = gettext("Kosongkan tahun bila waktunya tidak diketahui.")
        year = self.normalised().year
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            problems["date" if self.precision == Precision.DAY else "year"] = gettext(
                "Tahun harus antara %(min)s dan %(max)s."
            ) % {"min": MIN_YEAR, "max": MAX_YEAR}
        return problems

    def normalised(self) -> "FuzzyDate":
        """A full date also carries its year (taken from the date, whatever was typed), so that
        sorting by year puts it in place."""
        if self.precision == Precision.DAY and self.date is not None:
            return FuzzyDate(self.precision, self.date, self.date.year)
        return self

    @property
    def is_known(self) -> bool:
        return self.precision != Precision.UNKNOWN

    @property
    def known_year(self) -> int | None:
        return self.normalised().year if self.is_known else None

    def sort_key(self) -> tuple:
        """Ascending chronological key: a year-only value sorts after the dated days of its year,
        unknown values after everything."""
        value = self.normalised()
        if not value.is_known or value.year is None:
            return (1, 0, date_type.max)
        return (0, value.year, value.date or date_type.max)

    def on_or_before(self, other: "FuzzyDate") -> bool | None:
        """Whether this happened no later than ``other``; ``None`` when the data cannot tell."""
        mine, theirs = self.normalised(), other.normalised()
        if not (mine.is_known and theirs.is_known):
            return None
        if mine.precision == Precision.DAY and theirs.precision == Precision.DAY:
            return mine.date <= theirs.date
        if mine.year != theirs.year:
            return mine.year < theirs.year
        return None

    def display(self, language: str | None = None) -> str:
        """ "5 Maret 2018", "2018" or "tanggal tidak diketahui"."""
        if self.precision == Precision.DAY and self.date is not None:
            return date_id(self.date, (language or get_language() or "id")[:2])
        if self.precision == Precision.YEAR and self.year is not None:
            return str(self.year)
        return gettext("tanggal tidak diketahui")

    def __str__(self) -> str:
        return self.display()


def fuzzy_date_fields(label_date, label_year, label_precision, *, default=Precision.UNKNOWN):
    """The three model fields of a fuzzy date: ``(precision, date, year)``."""
    return (
        models.CharField(label_precision, max_length=8, choices=Precision.choices, default=default),
        models.DateField(label_date, null=True, blank=True),
        models.PositiveSmallIntegerField(
            label_year,
            null=True,
            blank=True,
            validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        ),
    )


def fuzzy_date_condition(precision: str, date: str, year: str) -> Q:
    """The database rule for one fuzzy date: which parts must be filled for each precision."""
    return (
        Q(**{precision: Precision.DAY, f"{date}__isnull": False, f"{year}__isnull": False})
        | Q(**{precision: Precision.YEAR, f"{date}__isnull": True, f"{year}__isnull": False})
        | Q(**{precision: Precision.UNKNOWN, f"{date}__isnull": True, f"{year}__isnull": True})
    )


def read_fuzzy(obj, precision: str, date: str, year: str) -> FuzzyDate:
    return FuzzyDate(getattr(obj, precision), getattr(obj, date), getattr(obj, year))


def write_fuzzy(obj, value: FuzzyDate, precision: str, date: str, year: str) -> None:
    value = value.normalised()
    setattr(obj, precision, value.precision)
    setattr(obj, date, value.date)
    setattr(obj, year, value.year)


def clean_fuzzy(obj, precision: str, date: str, year: str) -> None:
    """Normalise the stored parts and raise field errors in the model's own field names."""
    value = read_fuzzy(obj, precision, date, year)
    problems = value.errors()
    if problems:
        names = {"precision": precision, "date": date, "year": year}
        raise ValidationError({names[part]: message for part, message in problems.items()})
    write_fuzzy(obj, value, precision, date, year)


def newest_first(date: str = "date", year: str = "year") -> list:
    """Ordering for lists: latest year first, full dates before year-only ones, unknown last."""
    return [F(year).desc(nulls_last=True), F(date).desc(nulls_last=True), "-id"]


class FuzzyDated(models.Model):
    """Abstract model: a record dated with a fuzzy date (``date_precision``, ``date``, ``year``)."""

    date_precision, date, year = fuzzy_date_fields(_("tanggal"), _("tahun"), _("ketepatan tanggal"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=fuzzy_date_condition("date_precision", "date", "year"),
                name="%(app_label)s_%(class)s_fuzzy_date",
                violation_error_message=_("Tanggal, tahun dan ketepatannya tidak cocok."),
            )
        ]

    @property
    def when(self) -> FuzzyDate:
        return read_fuzzy(self, "date_precision", "date", "year")

    def clean(self):
        super().clean()
        clean_fuzzy(self, "date_precision", "date", "year")
