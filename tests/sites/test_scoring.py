"""The pure scoring module, against rule descriptions written out here from DOMAIN.md 1.3-1.6.

These tests build their own rule sets (they do not read the fixture), so they check the rule
itself; tests/sites/test_rule_set_seed.py checks that the seeded rule sets say the same thing.
"""

from decimal import Decimal as D

import pytest

from sites import scoring
from sites.scoring import Band, CriterionRule, MeasurementIn, ProblemKind, RuleSetRule, Threshold

# DOMAIN.md 1.4: 76-100 % -> 5, 51-75 % -> 3, 25-50 % -> 1, < 25 % -> 0, on the percent rounded to
# two decimals (so the gaps 50-51 and 75-76 fall at 50.995 and 75.995 unrounded).
BANDS = (Band(D("0"), 0), Band(D("25"), 1), Band(D("51"), 3), Band(D("76"), 5))

CRITERIA_2018 = (
    ("1a", 1, "buildings"),
    ("1b", 1, "area_ha"),
    ("1c", 1, "buildings"),
    ("2a", 2, "road_length_m"),
    ("2b", 2, "road_length_m"),
    ("3a", 3, "households"),
    ("3b", 3, "households"),
    ("4a", 4, "area_ha"),
    ("4b", 4, "drainage_length_m"),
    ("4c", 4, "drainage_length_m"),
    ("5a", 5, "households"),
    ("5b", 5, "households"),
    ("6a", 6, "households"),
    ("6b", 6, "households"),
    ("7a", 7, "buildings"),
    ("7b", 7, "buildings"),
)
CRITERIA_2016 = (
    CRITERIA_2018[:10]
    + (("4d", 4, "drainage_length_m"), ("4e", 4, "drainage_length_m"))
    + (CRITERIA_2018[10:14] + (("6c", 6, "households"),) + CRITERIA_2018[14:])
)

RULE_2018 = RuleSetRule(
    code="permen-14-2018",
    criteria=tuple(CriterionRule(*row) for row in CRITERIA_2018),
    bands=BANDS,
    thresholds=(
        Threshold("tidak_kumuh", 0),
        Threshold("ringan", 16),
        Threshold("sedang", 38),
        Threshold("berat", 60),
    ),
)
RULE_2016 = RuleSetRule(
    code="permen-02-2016",
    criteria=tuple(CriterionRule(*row) for row in CRITERIA_2016),
    bands=BANDS,
    thresholds=(
        Threshold("tidak_kumuh", 0),
        Threshold("ringan", 19),
        Threshold("sedang", 45),
        Threshold("berat", 71),
    ),
)


def score_of(percent: str) -> int:
    return scoring.score_percent(D(percent), RULE_2018)[3]


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        # the lowest band edge: 24.99 % is below 25, 25.00 % is in it
        ("24.99", 0),
        ("25.00", 1),
        ("24.994", 0),  # rounds to 24.99
        ("24.995", 1),  # rounds half-up to 25.00
        # the 50-51 gap: everything that rounds below 51.00 is still band 25-50
        ("50.99", 1),
        ("50.994", 1),
        ("50.995", 3),
        ("51.00", 3),
        # the 75-76 gap
        ("75.99", 3),
        ("75.994", 3),
        ("75.995", 5),
        ("76.00", 5),
        ("100", 5),
        ("0", 0),
        # observed on public portals (DOMAIN.md 1.4)
        ("75.91", 3),
        ("76.29", 5),
        ("50.00", 1),
        ("50.67", 1),
        ("53.57", 3),
        ("26.03", 1),
        ("23.71", 0),
        # negative after subtracting interventions: clamped to 0 (the -13.64 % row scored 0)
        ("-13.64", 0),
    ],
)
def test_band_edges(percent, expected):
    assert score_of(percent) == expected


def test_negative_percent_is_reported_clamped():
    rounded, effective, clamped, score = scoring.score_percent(D("-13.64"), RULE_2018)
    assert (rounded, effective, clamped, score) == (D("-13.64"), D("0.00"), True, 0)


@pytest.mark.parametrize(
    ("volume", "denominator", "percent", "score"),
    [
        # 10199 / 20000 = 0.50995 -> 50.995 % -> rounds to 51.00 % -> score 3
        ("10199", "20000", "51.00", 3),
        # 10198.8 / 20000 = 50.994 % -> 50.99 % -> score 1
        ("10198.8", "20000", "50.99", 1),
        # 15199 / 20000 = 75.995 % -> 76.00 % -> score 5
        ("15199", "20000", "76.00", 5),
        # 1 / 4 = 25 % exactly -> score 1; 4999 / 20000 = 24.995 % -> 25.00 % -> 1
        ("1", "4", "25.00", 1),
        ("4999", "20000", "25.00", 1),
        # 2 / 9 = 22.222... % -> 22.22 % -> 0
        ("2", "9", "22.22", 0),
        # -30 m after interventions on 220 m: -13.636 % -> -13.64 %, clamped to 0 -> score 0
        ("-30", "220", "0.00", 0),
    ],
)
def test_volume_over_denominator(volume, denominator, percent, score):
    result = scoring.evaluate(
        RULE_2018, {}, {"2b": MeasurementIn(volume=D(volume), denominator=D(denominator))}, allow_incomplete=True
    )
    item = result.criterion("2b")
    assert (item.percent, item.score) == (D(percent), score)


@pytest.mark.parametrize(
    ("total", "level"),
    [(0, "tidak_kumuh"), (15, "tidak_kumuh"), (16, "ringan"), (37, "ringan"), (38, "sedang"), (59, "sedang")]
    + [(60, "berat"), (80, "berat")],
)
def test_class_thresholds_2018(total, level):
    assert scoring.classify(total, RULE_2018.thresholds) == level


@pytest.mark.parametrize(
    ("total", "level"),
    [(0, "tidak_kumuh"), (18, "tidak_kumuh"), (19, "ringan"), (44, "ringan"), (45, "sedang"), (70, "sedang")]
    + [(71, "berat"), (95, "berat")],
)
def test_class_thresholds_2016(total, level):
    assert scoring.classify(total, RULE_2016.thresholds) == level


def test_max_totals():
    # 16 criteria x 5 = 80; 19 criteria x 5 = 95
    assert (RULE_2018.max_total, RULE_2016.max_total) == (80, 95)


def test_full_rt_assessment_hand_worked():
    header = {
        "buildings": D("200"),
        "area_ha": D("4"),
        "road_length_m": D("1000"),
        "drainage_length_m": D("800"),
        "households": D("250"),
    }
    m = {
        "1a": MeasurementIn(volume=D("160")),  # 160/200 = 80.00 % -> 5
        "1b": MeasurementIn(volume=D("1")),  # 1/4 ha = 25.00 % -> 1
        "1c": MeasurementIn(volume=D("101")),  # 101/200 = 50.50 % -> 1
        "2a": MeasurementIn(volume=D("510")),  # 510/1000 = 51.00 % -> 3
        "2b": MeasurementIn(percent=D("75.99")),  # given 75.99 % -> 3
        "3a": MeasurementIn(volume=D("0")),  # 0 % -> 0
        "3b": MeasurementIn(volume=D("62")),  # 62/250 = 24.80 % -> 0
        "4a": MeasurementIn(volume=D("4")),  # 4/4 = 100 % -> 5
        "4b": MeasurementIn(volume=D("400")),  # 400/800 = 50.00 % -> 1
        "4c": MeasurementIn(volume=D("610")),  # 610/800 = 76.25 % -> 5
        "5a": MeasurementIn(volume=D("200")),  # 200/250 = 80.00 % -> 5
        "5b": MeasurementIn(volume=D("130"), denominator=D("200")),  # own denominator: 65.00 % -> 3
        "6a": MeasurementIn(volume=D("-10")),  # -4.00 %, clamped -> 0
        "6b": MeasurementIn(volume=D("125")),  # 125/250 = 50.00 % -> 1
        "7a": MeasurementIn(volume=D("190")),  # 95.00 % -> 5
        "7b": MeasurementIn(volume=D("50")),  # 25.00 % -> 1
    }
    result = scoring.evaluate(RULE_2018, header, m)
    assert result.ok and result.complete
    assert [item.score for item in result.criteria] == [5, 1, 1, 3, 3, 0, 0, 5, 1, 5, 5, 3, 0, 1, 5, 1]
    # aspects: 1 = 5+1+1 = 7; 2 = 3+3 = 6; 3 = 0; 4 = 5+1+5 = 11; 5 = 5+3 = 8; 6 = 0+1 = 1; 7 = 5+1 = 6
    assert [(a.number, a.score) for a in result.aspects] == [(1, 7), (2, 6), (3, 0), (4, 11), (5, 8), (6, 1), (7, 6)]
    # aspect 1 average percent: (80 + 25 + 50.5) / 3 = 51.833... -> 51.83
    assert result.aspects[0].average_percent == D("51.83")
    # total 7+6+0+11+8+1+6 = 39 -> 38-59 -> sedang
    assert (result.total, result.level) == (39, "sedang")
    assert result.criterion("6a").clamped is True


def test_missing_criteria_is_a_problem_unless_incomplete_is_allowed():
    m = {"1a": MeasurementIn(volume=D("420"))}
    strict = scoring.evaluate(RULE_2016, {}, m)
    assert not strict.ok
    kinds = {(p.key, p.kind) for p in strict.problems}
    assert ("1a", ProblemKind.MISSING_DENOMINATOR) in kinds
    assert ("7b", ProblemKind.MISSING_CRITERION) in kinds

    loose = scoring.evaluate(RULE_2016, {}, m, allow_incomplete=True)
    assert loose.ok and not loose.complete
    assert (loose.total, loose.level) == (None, None)
    assert loose.criterion("1a").volume == D("420") and loose.criterion("1a").score is None
    assert len(loose.missing) == 19
    assert loose.aspects[0].score is None


@pytest.mark.parametrize(
    ("given", "kind"),
    [
        (MeasurementIn(volume=D("1"), denominator=D("-5")), ProblemKind.NEGATIVE_DENOMINATOR),
        (MeasurementIn(volume=D("1"), denominator=D("0")), ProblemKind.ZERO_DENOMINATOR),
        (MeasurementIn(volume=D("11"), denominator=D("10")), ProblemKind.VOLUME_EXCEEDS_DENOMINATOR),
        (MeasurementIn(percent=D("100.01")), ProblemKind.PERCENT_ABOVE_100),
        (MeasurementIn(volume=D("1"), percent=D("5")), ProblemKind.BOTH_GIVEN),
    ],
)
def test_bad_measurements_are_problems(given, kind):
    result = scoring.evaluate(RULE_2018, {}, {"1a": given}, allow_incomplete=True)
    assert [(p.key, p.kind) for p in result.problems] == [("1a", kind)]
    assert result.total is None


def test_unknown_code_and_negative_header_are_problems():
    result = scoring.evaluate(
        RULE_2018, {"buildings": D("-1")}, {"9z": MeasurementIn(percent=D("5"))}, allow_incomplete=True
    )
    assert {(p.key, p.kind) for p in result.problems} == {
        ("buildings", ProblemKind.NEGATIVE_HEADER),
        ("9z", ProblemKind.UNKNOWN_CRITERION),
    }


def test_2016_criteria_codes_for_extra_drainage_and_waste_criteria():
    assert RULE_2016.codes[8:12] == ("4b", "4c", "4d", "4e")
    assert "6c" in RULE_2016.codes and len(RULE_2016.codes) == 19


# DOMAIN.md 1.6: strategic value 5/1, density 5/3/1, socio-economic 5/1; sum 3-15 -> tinggi 11-15,
# sedang 6-10, rendah <= 5.
CLASSES = (
    scoring.ConsiderationClass("rendah", 0),
    scoring.ConsiderationClass("sedang", 6),
    scoring.ConsiderationClass("tinggi", 11),
)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((1, 1, 1), (3, "rendah")),
        ((1, 3, 1), (5, "rendah")),
        ((5, 1, 1), (7, "sedang")),  # 5+1+1 = 7
        ((1, 5, 1), (7, "sedang")),
        ((5, 1, 5), (11, "tinggi")),  # 5+1+5 = 11, the lowest "tinggi"
        ((5, 3, 1), (9, "sedang")),
        ((5, 5, 5), (15, "tinggi")),
    ],
)
def test_consideration_class(scores, expected):
    assert scoring.consideration_class(scores, CLASSES) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"a": True, "b": True}, "legal"),
        ({"a": True, "b": False}, "tidak_legal"),
        ({"a": False}, "tidak_legal"),
        ({"a": True}, None),
        ({}, None),
    ],
)
def test_legality(answers, expected):
    assert scoring.legality(answers, ["a", "b"]) == expected


def test_handling_pattern_from_table():
    table = {("berat", "legal"): "peremajaan", ("berat", "tidak_legal"): "pemukiman_kembali"}
    assert scoring.handling_pattern("berat", "tidak_legal", table) == "pemukiman_kembali"
    assert scoring.handling_pattern("berat", None, table) is None
    assert scoring.handling_pattern("tidak_kumuh", "legal", table) is None


def test_module_imports_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(scoring))
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(name.startswith(("django", "sites.models", "rest_framework")) for name in imported)
