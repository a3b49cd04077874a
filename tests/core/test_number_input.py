"""Reading typed numbers (core.numbers) and the rule that every decimal a form takes is read that
way: a form with a plain ``forms.DecimalField`` (an ``<input type="number">``, which turns
``350,5`` into 3505) fails here."""

import importlib
from decimal import Decimal

import pytest
from django import forms

from core.forms import DecimalInput, IndonesianDecimalField
from core.numbers import NumberInputError, parse_decimal
from sites.forms import AssessmentForm
from sites.models import Area, RuleSet
from tests.pages.test_indonesian_numbers import FORMS_WITH_DECIMALS

FORM_MODULES = ["core.forms", "sites.forms", "interventions.forms", "collaboration.forms", "imports.forms"]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("350,5", Decimal("350.5")),
        ("2.002,38", Decimal("2002.38")),
        ("250.000.000", Decimal("250000000")),
        ("Rp 250.000.000", Decimal("250000000")),
        ("Rp. 19.762.620.000,00", Decimal("19762620000.00")),
        ("2002.38", Decimal("2002.38")),
        ("25,3 Ha", Decimal("25.3")),
        ("0.125", Decimal("0.125")),
        ("-1,5", Decimal("-1.5")),
        (",5", Decimal("0.5")),
        ("1234", Decimal("1234")),
        ("  ", None),
    ],
)
def test_reads_indonesian_and_plain_numbers(typed, value):
    assert parse_decimal(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.234", "bisa berarti 1234 (ribuan) atau 1,234 (pecahan)"),
        ("2,002.38", "Pakai titik untuk ribuan dan koma untuk desimal"),
        ("1,234,567", "Pakai titik untuk ribuan dan koma untuk desimal"),
        ("12.34.5", "tiap tiga angka"),
        ("1e5", "bukan angka"),
        ("NaN", "bukan angka"),
        ("Infinity", "bukan angka"),
        ("Rp", "bukan angka"),
        ("9" * 41, "terlalu panjang"),
    ],
)
def test_unclear_numbers_are_refused_with_a_reason(typed, message):
    with pytest.raises(NumberInputError) as caught:
        parse_decimal(typed)
    assert message in str(caught.value.message)


def _project_forms():
    for name in FORM_MODULES:
        importlib.import_module(name)
    seen, stack = [], [forms.BaseForm]
    while stack:
        for cls in stack.pop().__subclasses__():
            stack.append(cls)
            if cls.__module__.split(".")[0] in {"core", "sites", "interventions", "collaboration", "imports"}:
                seen.append(cls)
    return seen


def _decimal_fields(form_fields):
    return {name: field for name, field in form_fields.items() if isinstance(field, forms.DecimalField)}


@pytest.mark.django_db
def test_every_decimal_of_every_form_is_read_the_indonesian_way(seed):
    with_decimals = set()
    for cls in _project_forms():
        fields = _decimal_fields(getattr(cls, "base_fields", {}))
        if cls is AssessmentForm:
            for rule_set in RuleSet.objects.all():
                form = cls(rule_set=rule_set, rts=Area.objects.none(), allow_whole_location=True)
                fields.update(_decimal_fields(form.fields))
        for name, field in fields.items():
            assert isinstance(field, IndonesianDecimalField), f"{cls.__qualname__}.{name} is a plain DecimalField"
            assert isinstance(field.widget, DecimalInput)
            html = field.widget.render(name, Decimal("2002.38"))
            assert 'type="text"' in html and 'inputmode="decimal"' in html and 'value="2.002,38"' in html
        if fields:
            with_decimals.add(f"{cls.__module__}.{cls.__qualname__}")
    # each of them is posted through with 350,5 / 2.002,38 / 250.000.000 in tests/pages
    assert with_decimals == set(FORMS_WITH_DECIMALS)
