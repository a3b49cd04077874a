"""generate_demo_data: counts per scale, determinism, the seed left untouched, reset of synthetic rows only."""

import hashlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Sum

from collaboration.models import Attendance, Meeting
from interventions.models import FundingLine, Intervention, ProgressUpdate
from kotaku.demo_data import SCALES, SYNTHETIC_PREFIX
from sites import rules, scoring
from sites.models import Area, AreaRecord, Assessment, Decree, Measurement, SlumLocation, Stakeholder
from sites.selectors import rule_sets

pytestmark = pytest.mark.scale

APPS = ("core", "sites", "interventions", "collaboration")


def generate(*args):
    call_command("generate_demo_data", *args, verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def snapshot() -> dict:
    """Every row of every model (and history table) of the domain apps, by primary key."""
    rows = {}
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            names = [field.attname for field in model._meta.concrete_fields]
            rows[model._meta.label] = {row[0]: row for row in model.objects.values_list("pk", *names)}
    return rows


def fingerprint() -> str:
    """The synthetic data by natural keys (no primary keys), hashed."""
    synthetic = {"area__path__startswith": SYNTHETIC_PREFIX}
    at_location = {"location__area__path__startswith": SYNTHETIC_PREFIX}
    parts = [
        Area.objects.filter(path__startswith=SYNTHETIC_PREFIX).values_list("path", "level", "name", "code", "depth"),
        Decree.objects.filter(**synthetic).values_list("issuer", "number", "year", "issued_on", "stated_total_ha"),
        SlumLocation.objects.filter(**synthetic).values_list(
            "area__path", "number", "name", "decreed_area_ha", "typology", "is_priority", "covered_areas__path"
        ),
        AreaRecord.objects.filter(**at_location).values_list("location__area__path", "year", "recorded_on", "area_ha"),
        Stakeholder.objects.filter(**synthetic).values_list("name", "role", "area__path"),
        Assessment.objects.filter(**at_location).values_list(
            "location__area__path", "assessed_on", "rule_set__code", "total_score", "level", "handling_pattern__code"
        ),
        Measurement.objects.filter(assessment__location__area__path__startswith=SYNTHETIC_PREFIX).values_list(
            "assessment__location__area__path", "assessment__year", "criterion__code", "volume", "percent", "score"
        ),
        Intervention.objects.filter(**at_location).values_list(
            "reference",
            "title",
            "area__path",
            "kind__code",
            "fiscal_year",
            "volume",
            "unit",
            "status",
            "start_date",
            "end_date",
            "progress_percent",
            "implementer__name",
            "coordinator__name",
        ),
        FundingLine.objects.filter(intervention__location__area__path__startswith=SYNTHETIC_PREFIX).values_list(
            "intervention__reference", "source__code", "fiscal_year", "amount"
        ),
        ProgressUpdate.objects.filter(intervention__location__area__path__startswith=SYNTHETIC_PREFIX).values_list(
            "intervention__reference", "date", "percent", "note"
        ),
        Meeting.objects.filter(**at_location).values_list(
            "location__area__path", "title", "date", "year", "forum_type"
        ),
        Attendance.objects.filter(meeting__location__area__path__startswith=SYNTHETIC_PREFIX).values_list(
            "meeting__location__area__path",
            "meeting__title",
            "meeting__date",
            "stakeholder__name",
            "participants",
            "women",
        ),
    ]
    text = repr([sorted(map(repr, part)) for part in parts])
    return hashlib.sha256(text.encode()).hexdigest()


def synthetic_count(model, path_field: str) -> int:
    return model.objects.filter(**{f"{path_field}__startswith": SYNTHETIC_PREFIX}).count()


def test_city_scale_counts_leave_the_seed_untouched_and_reset_removes_only_synthetic_rows(seed):
    before = snapshot()
    scale = SCALES["city"]

    generate("--scale", "city")

    areas = Area.objects.filter(path__startswith=SYNTHETIC_PREFIX)
    levels = dict(areas.values_list("level").annotate(n=Count("pk")))
    assert levels[Area.Level.PROVINSI] == scale.provinces
    assert levels.get(Area.Level.KOTA, 0) + levels.get(Area.Level.KABUPATEN, 0) == scale.kota
    assert levels[Area.Level.KECAMATAN] == scale.kecamatan
    assert levels.get(Area.Level.KELURAHAN, 0) + levels.get(Area.Level.DESA, 0) == scale.kelurahan
    assert levels[Area.Level.RT] == scale.rt
    assert synthetic_count(SlumLocation, "area__path") == scale.kelurahan
    assert synthetic_count(Intervention, "location__area__path") == scale.interventions
    assert synthetic_count(Meeting, "location__area__path") == scale.meetings
    updates = synthetic_count(ProgressUpdate, "intervention__location__area__path")
    assert 1.5 * scale.interventions < updates < 2.5 * scale.interventions
    assert synthetic_count(FundingLine, "intervention__location__area__path") >= scale.interventions
    assert synthetic_count(Attendance, "meeting__location__area__path") >= 2 * scale.meetings
    assert all(code.startswith(SYNTHETIC_PREFIX) for code in areas.exclude(code=None).values_list("code", flat=True))
    assert not Area.objects.exclude(path__startswith=SYNTHETIC_PREFIX).filter(parent__in=areas).exists()

    after = snapshot()
    for label, rows in before.items():
        for pk, row in rows.items():
            assert after[label].get(pk) == row, f"seed row {label} #{pk} changed"

    generate("--delete")
    assert snapshot() == before


def test_assessments_carry_the_scores_the_scoring_module_computes(seed):
    generate("--scale", "tiny")
    described = {rule_set.pk: rules.describe(rule_set) for rule_set in rule_sets()}
    assessments = Assessment.objects.filter(location__area__path__startswith=SYNTHETIC_PREFIX).prefetch_related(
        "measurements__criterion"
    )
    assert assessments.count() == 2 * SCALES["tiny"].kelurahan
    for assessment in assessments:
        header = {
            key: getattr(assessment, name)
            for key, name in {
                "area_ha": "verified_area_ha",
                "buildings": "buildings",
                "households": "households",
                "road_length_m": "road_length_m",
                "drainage_length_m": "drainage_length_m",
            }.items()
        }
        inputs = {m.criterion.code: scoring.MeasurementIn(volume=m.volume) for m in assessment.measurements.all()}
        result = scoring.evaluate(described[assessment.rule_set_id], header, inputs)
        assert result.complete
        assert (assessment.total_score, assessment.level) == (result.total, result.level)
        assert sum(m.score for m in assessment.measurements.all()) == assessment.total_score


def test_funding_lines_and_progress_are_consistent(seed):
    generate("--scale", "tiny")
    interventions = Intervention.objects.filter(location__area__path__startswith=SYNTHETIC_PREFIX)
    for intervention in interventions.annotate(total=Sum("funding_lines__amount")):
        assert intervention.total > 0
        assert intervention.area.path.startswith(intervention.location.area.path)
        if intervention.status == Intervention.Status.COMPLETED:
            assert intervention.progress_percent == Decimal(100)
        if intervention.status == Intervention.Status.PLANNED:
            assert not intervention.progress_updates.exists()
    assert (
        Meeting.objects.filter(location__area__path__startswith=SYNTHETIC_PREFIX, attendance__isnull=True).count() == 0
    )


def test_same_seed_gives_the_same_data_and_another_seed_other_data(seed):
    generate("--scale", "tiny", "--seed", "5")
    first = fingerprint()
    generate("--scale", "tiny", "--seed", "5", "--reset")
    assert fingerprint() == first
    generate("--scale", "tiny", "--seed", "6", "--reset")
    assert fingerprint() != first


def test_refuses_to_generate_twice_without_reset(seed):
    generate("--scale", "tiny")
    with pytest.raises(CommandError, match="--reset"):
        generate("--scale", "tiny")
    assert synthetic_count(Intervention, "location__area__path") == SCALES["tiny"].interventions


def test_needs_the_reference_data_from_load_seed(empty_db):
    with pytest.raises(CommandError, match="load_seed"):
        generate("--scale", "tiny")
    assert not Area.objects.exists()


@pytest.mark.postgres
def test_copy_and_bulk_create_write_the_same_rows(seed):
    assert connection.vendor == "postgresql"
    generate("--scale", "tiny", "--no-copy")
    bulk = fingerprint()
    generate("--scale", "tiny", "--reset")
    assert fingerprint() == bulk
