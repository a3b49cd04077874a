"""Assessments and their measurements (long sheet) through the import; scores computed by sites."""

import pytest

from imports.models import ImportRun
from sites.models import Assessment, Measurement, RuleSet
from sites.selectors import rule_set_get
from sites.services import assessment_evaluate
from tests.factories.imports import data_sheets, errors_of, records, run_import, sheet_from, template

KEY = {"rt": "RW006/RT002", "aturan": "permen-14-2018", "jenis_data": "verification", "tanggal": "2019-06-01"}
HEADER = {
    "jumlah_bangunan": 120,
    "luas_terverifikasi_ha": "1,25",
    "jumlah_kk": 140,
    "panjang_jalan_m": 600,
    "panjang_drainase_m": 450,
}


def snapshot():
    return (
        list(Assessment.objects.order_by("pk").values()),
        list(Measurement.objects.order_by("pk").values()),
        Assessment.history.count(),
        Measurement.history.count(),
    )


def volumes(rule_set: RuleSet) -> dict[str, int]:
    """A volume per criterion that stays below every denominator of ``HEADER``."""
    return dict.fromkeys(rule_set.criteria.values_list("code", flat=True), 1)


def new_assessment(sheets, *, measurements: dict, **overrides) -> dict:
    main = records(sheets["penilaian"])
    location = main[0]["kode_lokasi"]
    main.append({"kode_lokasi": location, **KEY, **HEADER, "legalitas_penguasaan_lahan": "ya", **overrides})
    rows = records(sheets["pengukuran"])
    rows += [
        {"kode_lokasi": location, **KEY, "kode_kriteria": code, "volume": volume}
        for code, volume in measurements.items()
    ]
    return {
        "penilaian": sheet_from(main, sheets["penilaian"][0]),
        "pengukuran": sheet_from(rows, sheets["pengukuran"][0]),
    }


def test_assessment_template_round_trip_changes_nothing(seed, official, tmp_path):
    sheets = data_sheets(template(official, "penilaian"))
    (baseline,) = records(sheets["penilaian"])
    assert (baseline["aturan"], baseline["jenis_data"], baseline["tanggal"], baseline["data_tidak_lengkap"]) == (
        "permen-02-2016",
        "baseline",
        None,
        "ya",
    )
    assert {row["kode_kriteria"] for row in records(sheets["pengukuran"])} == {"1a", "2b"}
    before = snapshot()
    run = run_import(official, tmp_path, sheets, commit=True)
    assert (run.status, run.created, run.updated, run.unchanged) == ("valid", 0, 0, 1)
    assert snapshot() == before


def test_new_rt_assessment_is_scored_by_the_service_and_imported_once(seed, official, tmp_path):
    rule_set = rule_set_get(code="permen-14-2018")
    sheets = new_assessment(template(official, "penilaian"), measurements=volumes(rule_set))
    before = snapshot()
    dry = run_import(official, tmp_path, sheets, commit=False)
    assert (dry.status, dry.created, dry.unchanged) == ("valid", 1, 1), dry.report["errors"]
    assert snapshot() == before

    run = run_import(official, tmp_path, sheets, commit=True)
    assert (run.created, run.unchanged) == (1, 1)
    created = Assessment.objects.get(area__path__endswith="RW006/RT002/")
    expected = assessment_evaluate(
        rule_set=rule_set,
        header={
            "buildings": 120,
            "verified_area_ha": "1.25",
            "households": 140,
            "road_length_m": 600,
            "drainage_length_m": 450,
        },
        measurements={code: {"volume": volume} for code, volume in volumes(rule_set).items()},
        legality={"penguasaan-lahan": True},
    )
    assert (created.is_complete, created.total_score, created.level) == (
        True,
        expected.result.total,
        expected.result.level,
    )
    assert created.measurements.count() == 16
    assert created.legality_answers.get().is_positive is True
    assert (created.created_by, created.history.get().history_user) == (official, official)

    after = snapshot()
    again = run_import(official, tmp_path, sheets, commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot() == after


def test_changed_measurement_is_listed_and_rescored(seed, official, tmp_path):
    rule_set = rule_set_get(code="permen-14-2018")
    sheets = new_assessment(template(official, "penilaian"), measurements=volumes(rule_set))
    run_import(official, tmp_path, sheets, commit=True)
    rows = records(sheets["pengukuran"])
    next(row for row in rows if row["kode_kriteria"] == "1a" and row.get("rt"))["volume"] = 110
    sheets["pengukuran"] = sheet_from(rows, sheets["pengukuran"][0])

    dry = run_import(official, tmp_path, sheets, commit=False)
    assert dry.updated == 1
    assert dry.report["updated"][0]["changes"] == [
        {"column": "pengukuran 1a", "old": "volume=1.00", "new": "volume=110.00"}
    ]
    run_import(official, tmp_path, sheets, commit=True)
    measurement = Measurement.objects.get(assessment__area__isnull=False, criterion__code="1a")
    assert (measurement.volume, measurement.score) == (110, 5)


def test_bad_measurement_rows_are_named_and_nothing_is_written(seed, official, tmp_path):
    rule_set = rule_set_get(code="permen-14-2018")
    measurements = volumes(rule_set)
    measurements["9z"] = 1
    measurements.pop("7b")
    sheets = new_assessment(template(official, "penilaian"), measurements=measurements)
    before = snapshot()
    run = run_import(official, tmp_path, sheets, commit=True)
    assert run.status == ImportRun.Status.INVALID
    assert errors_of(run) == [("pengukuran", 19, "kode_kriteria", "Kriteria 9z tidak ada dalam aturan permen-14-2018.")]
    measurements.pop("9z")
    run = run_import(
        official, tmp_path, new_assessment(template(official, "penilaian"), measurements=measurements), commit=True
    )
    assert errors_of(run) == [
        (
            "penilaian",
            3,
            "",
            "Kriteria 7b: Kriteria ini belum diisi. Isi volume atau persen, atau simpan sebagai data tidak lengkap.",
        )
    ]
    assert snapshot() == before
    allowed = run_import(
        official,
        tmp_path,
        new_assessment(template(official, "penilaian"), measurements=measurements, data_tidak_lengkap="ya"),
        commit=True,
    )
    assert (allowed.status, allowed.created) == ("valid", 1)
    assert Assessment.objects.get(area__isnull=False).is_complete is False


@pytest.mark.parametrize("rt", ["RW006/RT002", ""])
def test_coordinator_cannot_import_assessments_for_another_kelurahan(seed, coordinator_tu, tmp_path, rt):
    header = template(coordinator_tu, "penilaian", filled=False)["penilaian"][0]
    row = {"kode_lokasi": "21.72 337/2014 #6", **KEY, "rt": rt, **HEADER, "data_tidak_lengkap": "ya"}
    before = snapshot()
    run = run_import(coordinator_tu, tmp_path, {"penilaian": sheet_from([row], header)}, commit=True)
    assert errors_of(run) == [
        ("penilaian", 2, "rt" if rt else "kode_lokasi", "Wilayah ini berada di luar wilayah tugas Anda.")
    ]
    assert snapshot() == before
