"""What load_seed puts in the sites tables: the paper's facts and the two rule sets, as data."""

from decimal import Decimal as D

import pytest

from sites import rules, scoring, selectors
from sites.models import Assessment, RuleSet, SlumLocation

pytestmark = pytest.mark.django_db

CODES_2018 = ["1a", "1b", "1c", "2a", "2b", "3a", "3b", "4a", "4b", "4c", "5a", "5b", "6a", "6b", "7a", "7b"]


def test_seven_decreed_locations_add_up_to_150_41_ha(seed):
    locations = SlumLocation.objects.filter(decree__number="337", decree__year=2014)
    # Tabel 1: 12,6 + 5,99 + 14,6 + 31,64 + 51,85 + 18,92 + 14,81 = 150,41
    assert sorted(locations.values_list("decreed_area_ha", flat=True)) == sorted(
        D(x) for x in ["12.6", "5.99", "14.6", "31.64", "51.85", "18.92", "14.81"]
    )
    assert sum(locations.values_list("decreed_area_ha", flat=True)) == D("150.41")


def test_rule_set_2018_has_16_criteria_with_stable_codes(seed):
    rule_set = selectors.rule_set_get(code="permen-14-2018")
    assert rule_set.is_default and rule_set.regulation == "14_2018"
    assert [c.code for c in rule_set.criteria.all()] == CODES_2018
    assert {c.code: (c.unit, c.denominator) for c in rule_set.criteria.all()}["4a"] == ("ha", "area_ha")
    assert {c.code: (c.unit, c.denominator) for c in rule_set.criteria.all()}["2b"] == ("m", "road_length_m")
    assert {c.code: (c.unit, c.denominator) for c in rule_set.criteria.all()}["3a"] == ("kk", "households")
    assert [(t.level, t.min_total, t.max_total) for t in rule_set.thresholds.all()] == [
        ("berat", 60, 80),
        ("sedang", 38, 59),
        ("ringan", 16, 37),
        ("tidak_kumuh", 0, 15),
    ]


def test_rule_set_2016_has_19_criteria_and_marks_the_added_codes(seed):
    rule_set = selectors.rule_set_get(code="permen-02-2016")
    codes = [c.code for c in rule_set.criteria.all()]
    assert len(codes) == 19
    assert set(codes) - set(CODES_2018) == {"4d", "4e", "6c"}
    assert [c.code for c in rule_set.criteria.all() if c.aspect.number == 4] == ["4a", "4b", "4c", "4d", "4e"]
    assert [c.code for c in rule_set.criteria.all() if c.aspect.number == 6] == ["6a", "6b", "6c"]
    for code in ("4d", "4e", "6c"):
        assert code in rule_set.notes
    assert "[M]" in rule_set.notes and "[V" in rule_set.notes
    assert [(t.level, t.min_total) for t in rule_set.thresholds.all()] == [
        ("berat", 71),
        ("sedang", 45),
        ("ringan", 19),
        ("tidak_kumuh", 0),
    ]


@pytest.mark.parametrize("code", ["permen-14-2018", "permen-02-2016"])
@pytest.mark.parametrize(
    ("percent", "score"),
    [("24.99", 0), ("24.995", 1), ("25.00", 1), ("50.99", 1), ("50.995", 3), ("51", 3)]
    + [("75.99", 3), ("75.995", 5), ("76", 5), ("-13.64", 0)],
)
def test_seeded_bands_score_the_domain_edges(seed, code, percent, score):
    rule = rules.describe(selectors.rule_set_get(code=code))
    assert scoring.score_percent(D(percent), rule)[3] == score


@pytest.mark.parametrize(
    ("code", "edges"),
    [
        (
            "permen-14-2018",
            [(15, "tidak_kumuh"), (16, "ringan"), (37, "ringan"), (38, "sedang")]
            + [(59, "sedang"), (60, "berat"), (80, "berat")],
        ),
        (
            "permen-02-2016",
            [(18, "tidak_kumuh"), (19, "ringan"), (44, "ringan"), (45, "sedang")]
            + [(70, "sedang"), (71, "berat"), (95, "berat")],
        ),
    ],
)
def test_seeded_thresholds(seed, code, edges):
    rule = rules.describe(selectors.rule_set_get(code=code))
    assert [(total, scoring.classify(total, rule.thresholds)) for total, _ in edges] == edges
    assert rule.max_total == {"permen-14-2018": 80, "permen-02-2016": 95}[code]


def test_handling_patterns_and_considerations_are_data(seed):
    rule_set = selectors.rule_set_get(code="permen-14-2018")
    table = {(p.level, p.legality): p.code for p in rule_set.handling_patterns.all()}
    assert table == {
        ("berat", "legal"): "peremajaan",
        ("berat", "tidak_legal"): "pemukiman-kembali",
        ("sedang", "legal"): "peremajaan",
        ("sedang", "tidak_legal"): "pemukiman-kembali",
        ("ringan", "legal"): "pemugaran",
        ("ringan", "tidak_legal"): "pemukiman-kembali",
    }
    scores = {f.code: sorted(o.score for o in f.options.all()) for f in rule_set.consideration_factors.all()}
    assert scores == {"nilai-strategis": [1, 5], "kependudukan": [1, 3, 5], "sosial-ekonomi": [1, 5]}
    assert [i.code for i in rule_set.legality_items.all()] == ["penguasaan-lahan", "kesesuaian-tata-ruang"]


def test_kampung_bugis_baseline_is_recorded_incomplete_with_the_papers_class(seed):
    baseline = Assessment.objects.get(location__name="Kampung Bugis", source="baseline")
    assert baseline.stated_level == "sedang"
    assert baseline.is_complete is False
    assert (baseline.level, baseline.total_score) == ("", None)
    assert (baseline.assessed_on, baseline.year) == (None, None)
    assert baseline.rule_set.code == "permen-02-2016" and baseline.regulation_version == "02_2016"
    measured = {m.criterion.code: (m.volume, m.denominator, m.score) for m in baseline.measurements.all()}
    assert measured == {"1a": (D("420"), None, None), "2b": (D("1460.39"), None, None)}
    assert baseline.buildings is None and baseline.road_length_m is None
    assert "400 jiwa/Ha" in baseline.notes and "35% hingga 65%" in baseline.notes
    assert {f.code for f in baseline.flags.all()} >= {"data-tidak-lengkap", "regulasi-tidak-dinyatakan"}


def test_rule_sets_are_ordered_default_first(seed):
    assert list(RuleSet.objects.values_list("code", flat=True)) == ["permen-14-2018", "permen-02-2016"]
