from decimal import Decimal as D

from kotaku.aggregates import carry_forward_trend, pivot, totals_by


def test_totals_by_sums_per_key_in_first_seen_order():
    rows = [{"k": "b", "v": D("1.10")}, {"k": "a", "v": D("2")}, {"k": "b", "v": D("0.20")}, {"k": "a", "v": None}]
    assert list(totals_by(rows, lambda row: row["k"], "v").items()) == [("b", D("1.30")), ("a", D("2"))]


def test_trend_uses_the_decreed_area_until_a_location_is_measured_again():
    baseline = {"kampung-bugis": D("18.92"), "senggarang": D("14.81")}
    records = [("kampung-bugis", 2014, D("18.92")), ("kampung-bugis", 2018, D("4.66"))]
    points = carry_forward_trend(start_year=2014, baseline=baseline, records=records)
    assert [(p.year, p.total_ha, p.updated, p.locations) for p in points] == [
        (2014, D("33.73"), 1, 2),
        (2018, D("19.47"), 1, 2),
    ]


def test_trend_carries_the_latest_record_forward_and_ignores_older_or_foreign_rows():
    baseline = {1: D("10"), 2: D("20")}
    records = [
        (1, 2016, D("8")),
        (2, 2019, D("15")),
        (1, 2012, D("99")),  # before the decree: ignored
        (3, 2016, D("50")),  # not one of the decree's locations
    ]
    points = carry_forward_trend(start_year=2014, baseline=baseline, records=records)
    assert [(p.year, p.total_ha, p.updated) for p in points] == [
        (2014, D("30"), 0),
        (2016, D("28"), 1),
        (2019, D("23"), 2),
    ]


def test_trend_without_records_is_the_decreed_total_in_the_decree_year():
    points = carry_forward_trend(start_year=2014, baseline={1: D("150.41")}, records=[])
    assert [(p.year, p.total_ha) for p in points] == [(2014, D("150.41"))]


def test_pivot_sums_cells_rows_and_columns_exactly():
    rows = [
        {"source": "APBN", "aspect": 2, "amount": D("19762620000.00")},
        {"source": "APBN", "aspect": 2, "amount": D("3800000000.00")},
        {"source": "APBD", "aspect": 1, "amount": D("346500000.00")},
        {"source": "APBD", "aspect": 9, "amount": D("0.01")},
    ]
    table = pivot(rows, row_key=lambda r: r["source"], column_key=lambda r: r["aspect"], value="amount", columns=[1, 2])
    assert table.columns == [1, 2, 9]
    assert [(line["key"], line["cells"], line["total"]) for line in table.rows] == [
        ("APBN", {2: D("23562620000.00")}, D("23562620000.00")),
        ("APBD", {1: D("346500000.00"), 9: D("0.01")}, D("346500000.01")),
    ]
    assert table.column_totals == {2: D("23562620000.00"), 1: D("346500000.00"), 9: D("0.01")}
    assert table.total == D("23909120000.01")
