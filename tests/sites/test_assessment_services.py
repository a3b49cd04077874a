"""The assessment services: computed columns, audit history, optimistic locking, scope."""

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from core.concurrency import Conflict
from sites import selectors, services
from sites.models import Area, Assessment, AssessmentAspect, Measurement, RuleSet, SlumLocation
from tests.factories import sites as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(db):
    f.load_rule_sets()


@pytest.fixture
def location(rules):
    return f.SlumLocationFactory()


def test_scores_are_written_from_the_scoring_module(location):
    # volume 3 on the factory header: 1a 3/200 bldg = 1.50% -> 0; 1b 3/4 Ha = 75.00% -> 3;
    # 2a 3/1000 m = 0.30% -> 0; 3a 3/250 KK = 1.20% -> 0; 4a 3/4 Ha = 75.00% -> 3; ...
    # only the two hectare criteria (1b, 4a) score: total 3 + 3 = 6 -> tidak kumuh (< 16)
    assessment = f.make_assessment(location)
    assert (assessment.total_score, assessment.level, assessment.max_score) == (6, "tidak_kumuh", 80)
    scores = dict(Measurement.objects.filter(assessment=assessment).values_list("criterion__code", "score"))
    assert {code: score for code, score in scores.items() if score} == {"1b": 3, "4a": 3}
    assert Measurement.objects.get(assessment=assessment, criterion__code="1b").percent == D("75")
    aspects = dict(AssessmentAspect.objects.filter(assessment=assessment).values_list("aspect__number", "score"))
    assert aspects == {1: 3, 2: 0, 3: 0, 4: 3, 5: 0, 6: 0, 7: 0}
    # considerations of the factory: 5 + 3 + 5 = 13 -> tinggi; both legality items positive -> legal
    assert (assessment.consideration_score, assessment.consideration_class, assessment.legal_status) == (
        13,
        "tinggi",
        "legal",
    )
    # tidak kumuh has no handling pattern in the table
    assert assessment.handling_pattern is None


def test_evaluate_saves_nothing(location):
    rule_set = selectors.rule_set_get(code="permen-14-2018")
    before = Assessment.objects.count()
    evaluation = services.assessment_evaluate(
        rule_set=rule_set, header=f.HEADER, measurements=f.full_measurements(rule_set, "180")
    )
    # 180 of 200 bldg = 90% -> 5, but 180 Ha of 4 Ha exceeds its denominator
    assert not evaluation.ok
    assert set(evaluation.errors["measurements"]) == {"1b", "4a"}
    assert Assessment.objects.count() == before


def test_update_keeps_history_and_checks_the_version(location):
    assessment = f.make_assessment(location)
    rule_set = RuleSet.objects.get(code="permen-14-2018")
    measurements = {code: {"percent": "80"} for code in rule_set.criteria.values_list("code", flat=True)}
    services.assessment_update(
        actor=None,
        assessment=assessment,
        expected_version=1,
        rule_set=rule_set,
        source=Assessment.Source.MONITORING,
        assessed_on=date(2020, 5, 1),
        header=f.HEADER,
        measurements=measurements,
    )
    assessment.refresh_from_db()
    # 16 criteria x 5 = 80 -> berat
    assert (assessment.total_score, assessment.level, assessment.version, assessment.year) == (80, "berat", 2, 2020)
    assert assessment.history.count() == 2
    assert Measurement.history.filter(assessment_id=assessment.pk).count() == 32
    with pytest.raises(Conflict):
        services.assessment_update(
            actor=None,
            assessment=Assessment.objects.get(pk=assessment.pk),
            expected_version=1,
            rule_set=rule_set,
            source=Assessment.Source.MONITORING,
            assessed_on=date(2020, 5, 1),
            header=f.HEADER,
            measurements=measurements,
        )


def test_invalid_update_changes_nothing(location):
    assessment = f.make_assessment(location)
    rule_set = RuleSet.objects.get(code="permen-14-2018")
    with pytest.raises(services.InvalidAssessment) as caught:
        services.assessment_update(
            actor=None,
            assessment=assessment,
            expected_version=1,
            rule_set=rule_set,
            source=Assessment.Source.MONITORING,
            assessed_on=date(2020, 5, 1),
            measurements={"1a": {"volume": "1", "denominator": "-1"}},
        )
    assert caught.value.detail["measurements"]["1a"] == ["Pembagi tidak boleh negatif."]
    fresh = Assessment.objects.get(pk=assessment.pk)
    assert (fresh.version, fresh.total_score, fresh.source) == (1, 6, "verification")
    assert fresh.measurements.count() == 16


def test_rt_must_lie_in_the_location(location):
    rt_elsewhere = f.make_area(level=Area.Level.RT)
    with pytest.raises(services.InvalidAssessment) as caught:
        f.make_assessment(location, area=rt_elsewhere)
    assert "area" in caught.value.detail
    rw = f.make_area(parent=location.area, level=Area.Level.RW)
    rt = f.make_area(parent=rw, level=Area.Level.RT)
    assert f.make_assessment(location, area=rt).area == rt


def test_coordinator_scope_in_the_service(seed):
    from tests.factories import accounts

    bugis = SlumLocation.objects.get(name="Kampung Bugis")
    other = accounts.coordinator(Area.objects.get(code="21.72.04.1005"), username="luar")
    rule_set = RuleSet.objects.get(code="permen-14-2018")
    with pytest.raises(services.InvalidAssessment) as caught:
        services.assessment_create(
            actor=other,
            location=bugis,
            rule_set=rule_set,
            source=Assessment.Source.VERIFICATION,
            assessed_on=date(2019, 1, 1),
            header=f.HEADER,
            measurements=f.full_measurements(rule_set),
        )
    assert "location" in caught.value.detail


def test_load_seed_again_leaves_the_baseline_untouched(seed):
    baseline = Assessment.objects.get(source="baseline")
    history = baseline.history.count()
    out = StringIO()
    call_command("load_seed", stdout=out)
    assert "sites.json: assessment unchanged: 1" in out.getvalue()
    assert "scoring.json: criterion unchanged: 35" in out.getvalue()
    baseline.refresh_from_db()
    assert (baseline.history.count(), baseline.version) == (history, 1)


def test_latest_location_assessment_orders_by_date_then_year(location):
    old = f.make_assessment(location, assessed_on=date(2017, 1, 1))
    new = f.make_assessment(location, assessed_on=date(2021, 6, 1))
    assert selectors.latest_assessment(location) == new
    row = selectors.location_list().get(pk=location.pk)
    assert row.latest_assessment_id == new.pk != old.pk
