from decimal import Decimal

from collaboration import indicators
from collaboration.fuzzydate import FuzzyDate


def test_goal_progress_of_kampung_bugis_is_75_4_percent_of_the_way_to_zero():
    assert indicators.goal_progress(Decimal("18.92"), Decimal("4.66"), Decimal("0")) == Decimal("75.4")


def test_goal_progress_is_unknown_without_data_or_when_baseline_equals_target():
    assert indicators.goal_progress(None, Decimal("4.66"), Decimal("0")) is None
    assert indicators.goal_progress(Decimal("5"), Decimal("5"), None) is None
    assert indicators.goal_progress(Decimal("0"), Decimal("0"), Decimal("0")) is None


def test_goal_progress_reads_negative_when_the_area_grew():
    assert indicators.goal_progress(Decimal("10"), Decimal("12"), Decimal("0")) == Decimal("-20.0")


def test_meetings_per_year_counts_known_years_then_unknown():
    whens = [FuzzyDate.of_year(2018), FuzzyDate.unknown(), FuzzyDate.of_year(2016), FuzzyDate.of_year(2018)]
    assert indicators.per_year(whens) == [(2016, 1), (2018, 2), (None, 1)]


def test_head_count_leaves_out_rows_without_counts():
    count = indicators.head_count([(10, 4), (None, None), (6, 2), (5, None)])
    assert (count.participants, count.women, count.rows_with_counts, count.rows_without_counts) == (16, 6, 2, 2)
    assert count.women_share == Decimal("37.5")


def test_head_count_share_is_unknown_when_nothing_was_counted():
    assert indicators.head_count([(None, None)]).women_share is None


def test_milestone_adherence_separates_late_and_unclear():
    result = indicators.milestone_adherence([(True, True), (True, False), (True, None), (False, None)])
    assert (result.total, result.done, result.on_time, result.late, result.not_comparable) == (4, 3, 1, 1, 1)
    assert result.on_time_share == Decimal("50.0")


def test_sectors_count_each_stakeholder_once():
    pairs = [(1, "government"), (2, "community"), (1, "government"), (3, "community"), (4, "private")]
    assert indicators.sectors(pairs) == [("community", 2), ("government", 1), ("private", 1)]
