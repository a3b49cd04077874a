import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from collaboration.fuzzydate import FuzzyDate, Precision
from tests.factories.collaboration import MeetingFactory

MARCH_5 = datetime.date(2018, 3, 5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (FuzzyDate.of_day(MARCH_5), "5 Maret 2018"),
        (FuzzyDate.of_year(2018), "2018"),
        (FuzzyDate.unknown(), "tanggal tidak diketahui"),
    ],
)
def test_display_in_indonesian(value, expected):
    with translation.override("id"):
        assert str(value) == expected


def test_a_full_date_displays_in_english_when_asked():
    assert FuzzyDate.of_day(MARCH_5).display("en") == "5 March 2018"


@pytest.mark.parametrize(
    ("value", "bad_part"),
    [
        (FuzzyDate(Precision.DAY, None, 2018), "date"),
        (FuzzyDate(Precision.YEAR, MARCH_5, 2018), "date"),
        (FuzzyDate(Precision.YEAR, None, None), "year"),
        (FuzzyDate(Precision.UNKNOWN, None, 2018), "year"),
        (FuzzyDate(Precision.UNKNOWN, MARCH_5, None), "date"),
        (FuzzyDate(Precision.YEAR, None, 1850), "year"),
        (FuzzyDate("month", None, None), "precision"),
    ],
)
def test_inconsistent_parts_are_rejected(value, bad_part):
    assert bad_part in value.errors()


@pytest.mark.parametrize("value", [FuzzyDate.of_day(MARCH_5), FuzzyDate.of_year(2018), FuzzyDate.unknown()])
def test_consistent_values_are_accepted(value):
    assert value.errors() == {}


def test_a_full_date_takes_its_year_from_the_date_whatever_was_typed():
    assert FuzzyDate(Precision.DAY, MARCH_5, 2011).normalised().year == 2018


def test_sorting_puts_days_before_their_year_and_unknown_last():
    values = [
        FuzzyDate.unknown(),
        FuzzyDate.of_year(2018),
        FuzzyDate.of_day(datetime.date(2019, 1, 1)),
        FuzzyDate.of_day(MARCH_5),
        FuzzyDate.of_year(2015),
    ]
    ordered = sorted(values, key=FuzzyDate.sort_key)
    assert [str(v) for v in ordered] == ["2015", "5 Maret 2018", "2018", "1 Januari 2019", "tanggal tidak diketahui"]


@pytest.mark.parametrize(
    ("done", "due", "expected"),
    [
        (FuzzyDate.of_day(MARCH_5), FuzzyDate.of_day(datetime.date(2018, 3, 6)), True),
        (FuzzyDate.of_day(datetime.date(2018, 3, 7)), FuzzyDate.of_day(datetime.date(2018, 3, 6)), False),
        (FuzzyDate.of_year(2017), FuzzyDate.of_year(2018), True),
        (FuzzyDate.of_year(2019), FuzzyDate.of_day(MARCH_5), False),
        (FuzzyDate.of_year(2018), FuzzyDate.of_day(MARCH_5), None),
        (FuzzyDate.unknown(), FuzzyDate.of_year(2018), None),
    ],
)
def test_on_or_before_answers_only_what_the_data_can_tell(done, due, expected):
    assert done.on_or_before(due) is expected


def test_model_validation_reports_the_field_in_indonesian(db):
    meeting = MeetingFactory.build(location=MeetingFactory().location, date_precision="year", date=MARCH_5, year=2018)
    with pytest.raises(ValidationError) as caught:
        meeting.full_clean()
    assert "Kosongkan tanggal" in caught.value.message_dict["date"][0]


def test_model_validation_fills_the_year_of_a_full_date(db):
    meeting = MeetingFactory.build(location=MeetingFactory().location, date_precision="day", date=MARCH_5, year=None)
    meeting.full_clean()
    assert meeting.year == 2018


def test_the_database_refuses_an_invented_date_on_an_unknown_precision(db):
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(meeting).objects.filter(pk=meeting.pk).update(date_precision="unknown")
