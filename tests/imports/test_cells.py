"""Parsing single cells, as openpyxl or a CSV gives them (pure functions, no database)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from imports import cells
from imports.cells import CellError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2.002,38", Decimal("2002.38")),
        ("2002.38", Decimal("2002.38")),
        ("Rp 19.762.620.000", Decimal("19762620000.00")),
        ("19.762.620.000,00", Decimal("19762620000.00")),
        ("760,0", Decimal("760.00")),
        (2002.38, Decimal("2002.38")),
        (0.1 + 0.2, Decimal("0.30")),
        (19762620000, Decimal("19762620000.00")),
        ("", None),
        (None, None),
        ("  ", None),
    ],
)
def test_decimal_accepts_indonesian_and_machine_numbers(raw, expected):
    assert cells.decimal(raw, places=2, max_digits=18) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("dua", "Angka tidak dikenali: dua"),
        ("1,2,3", "Angka tidak dikenali: 1,2,3"),
        ("1.234", "Paling banyak 2 angka di belakang koma."),
        (1.234, "Paling banyak 2 angka di belakang koma."),
        ("-1", "Tidak boleh kurang dari 0."),
        ("NaN", "Angka tidak dikenali: NaN"),
        (True, "Harus berupa angka."),
        (datetime(2020, 1, 1), "Harus berupa angka."),
    ],
)
def test_decimal_errors_say_why(raw, message):
    with pytest.raises(CellError) as error:
        cells.decimal(raw, places=2, max_digits=18)
    assert error.value.message == message


def test_decimal_too_many_digits():
    with pytest.raises(CellError, match="Angka terlalu besar"):
        cells.decimal("1234567", places=2, max_digits=5)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2018-07-31", date(2018, 7, 31)),
        ("31/07/2018", date(2018, 7, 31)),
        ("31-07-2018", date(2018, 7, 31)),
        (datetime(2018, 7, 31, 0, 0), date(2018, 7, 31)),
        (date(2018, 7, 31), date(2018, 7, 31)),
        (None, None),
    ],
)
def test_dates(raw, expected):
    assert cells.day(raw) == expected


@pytest.mark.parametrize("raw", ["31 Juli 2018", "2018-02-30", 43312])
def test_bad_dates(raw):
    with pytest.raises(CellError, match="Tanggal tidak dikenali"):
        cells.day(raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [(2018, 2018), (2018.0, 2018), ("2018", 2018), ("1.500", 1500), (None, None)]
)
def test_integers(raw, expected):
    assert cells.integer(raw) == expected


@pytest.mark.parametrize("raw", [2018.5, "20x", "1,5"])
def test_bad_integers(raw):
    with pytest.raises(CellError, match="bilangan bulat"):
        cells.integer(raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [("ya", True), ("Tidak", False), (1, True), (0, False), (True, True), ("", None)]
)
def test_booleans(raw, expected):
    assert cells.boolean(raw) == expected


def test_text_limits_and_numbers():
    assert cells.text(12.0) == "12"
    assert cells.text("  RW006 ") == "RW006"
    with pytest.raises(CellError, match="Terlalu panjang: 5 karakter, paling banyak 4"):
        cells.text("abcde", max_length=4)
