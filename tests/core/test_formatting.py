from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import formatting


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("19762620000.00"), "Rp 19.762.620.000"),
        (Decimal("3800000000"), "Rp 3.800.000.000"),
        (Decimal("346500000.00"), "Rp 346.500.000"),
        (Decimal("16500000"), "Rp 16.500.000"),
        (Decimal("999"), "Rp 999"),
        (Decimal("0"), "Rp 0"),
        (Decimal("-1500"), "Rp -1.500"),
    ],
)
def test_rupiah_uses_dots_for_thousands(value, expected):
    assert formatting.rupiah(value) == expected


def test_rupiah_with_cents_uses_comma():
    assert formatting.rupiah(Decimal("19762620000"), places=2) == "Rp 19.762.620.000,00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("18.92"), "18,92 Ha"),
        (Decimal("4.66"), "4,66 Ha"),
        (Decimal("12.60"), "12,60 Ha"),
        (Decimal("150.41"), "150,41 Ha"),
        (Decimal("31.64"), "31,64 Ha"),
        (Decimal("1000.5"), "1.000,50 Ha"),
        (Decimal("20.6"), "20,60 Ha"),
        (Decimal("3"), "3,00 Ha"),
    ],
)
def test_hectares(value, expected):
    assert formatting.hectares(value) == expected


def test_metres():
    assert formatting.metres(Decimal("2002.38")) == "2.002,38 m"
    assert formatting.metres(Decimal("1460.39")) == "1.460,39 m"
    assert formatting.metres(Decimal("760.0")) == "760 m"


def test_empty_values_format_as_empty():
    assert formatting.rupiah(None) == ""
    assert formatting.hectares("") == ""
    assert formatting.date_id(None) == ""


def test_dates_in_indonesian_and_english():
    assert formatting.date_id(date(2018, 3, 5)) == "5 Maret 2018"
    assert formatting.date_id(date(2014, 12, 31)) == "31 Desember 2014"
    assert formatting.date_id(date(2018, 3, 5), "en") == "5 March 2018"


def test_template_filters_follow_the_active_language_for_dates_only():
    template = Template("{% load fmt %}{{ amount|rupiah }}|{{ ha|hektar }}|{{ m|meter }}|{{ day|tanggal }}")
    context = Context(
        {"amount": Decimal("23562620000"), "ha": Decimal("18.92"), "m": Decimal("2762.38"), "day": date(2018, 8, 17)}
    )
    with translation.override("id"):
        assert template.render(context) == "Rp 23.562.620.000|18,92 Ha|2.762,38 m|17 Agustus 2018"
    with translation.override("en"):
        assert template.render(context) == "Rp 23.562.620.000|18,92 Ha|2.762,38 m|17 August 2018"
