"""Interventions and their funding lines through the spreadsheet import (service level)."""

from decimal import Decimal

import pytest

from imports.models import ImportRun
from interventions.models import FundingLine, Intervention
from sites.models import SlumLocation
from tests.factories.imports import data_sheets, errors_of, records, run_import, sheet_from, template
from tests.factories.interventions import rt_in

NEW_REFERENCE = "bkm-kb-2024-001"


@pytest.fixture
def bugis(seed):
    return SlumLocation.objects.get(decree__number="337", number=6)


def snapshot():
    """Everything an import could touch, to prove that a run wrote nothing."""
    return (
        list(Intervention.objects.order_by("pk").values()),
        list(FundingLine.objects.order_by("pk").values()),
        Intervention.history.count(),
        FundingLine.history.count(),
    )


def with_new_intervention(sheets, *, rt_rw="RW006/RT001", volume=150, amount="250000000", reference=NEW_REFERENCE):
    """The template plus one new intervention (and its funding line), as a BKM would add it."""
    main = records(sheets["intervensi"])
    location_code = main[0]["kode_lokasi"]
    main.append(
        {
            "kode_referensi": reference,
            "nama_kegiatan": "Drainase lingkungan",
            "kode_lokasi": location_code,
            "rt_rw": rt_rw,
            "jenis_kegiatan": "drainase",
            "tahun_anggaran": 2024,
            "volume": volume,
            "satuan": "m",
            "status": "planned",
            "pelaksana": "BKM Kampung Bugis",
        }
    )
    lines = records(sheets["pendanaan"])
    lines.append(
        {"kode_referensi": reference, "sumber_dana": "dana-kelurahan", "tahun_anggaran": 2024, "jumlah_rp": amount}
    )
    return {
        "intervensi": sheet_from(main, sheets["intervensi"][0]),
        "pendanaan": sheet_from(lines, sheets["pendanaan"][0]),
    }


def test_downloaded_template_imported_unchanged_changes_nothing(seed, official, tmp_path):
    before = snapshot()
    run = run_import(official, tmp_path, data_sheets(template(official, "intervensi")), commit=True)
    assert (run.status, run.mode) == (ImportRun.Status.VALID, ImportRun.Mode.COMMIT)
    assert (run.created, run.updated, run.unchanged, run.errors) == (0, 0, Intervention.objects.count(), 0)
    assert snapshot() == before


def test_filled_template_creates_the_new_row_and_again_changes_nothing(seed, official, tmp_path):
    sheets = with_new_intervention(template(official, "intervensi"))
    before = snapshot()

    dry = run_import(official, tmp_path, sheets, commit=False)
    assert (dry.status, dry.created, dry.unchanged) == (ImportRun.Status.VALID, 1, 7)
    assert [entry["row"] for entry in dry.report["created"]] == [9]
    assert snapshot() == before, "a dry run writes nothing"

    run = run_import(official, tmp_path, sheets, commit=True)
    assert (run.status, run.created, run.updated, run.unchanged) == (ImportRun.Status.VALID, 1, 0, 7)
    created = Intervention.objects.get(reference=NEW_REFERENCE)
    assert (created.title, created.area.path.endswith("RW006/RT001/"), created.volume) == (
        "Drainase lingkungan",
        True,
        Decimal("150.00"),
    )
    assert [(line.source.code, line.amount) for line in created.funding_lines.all()] == [
        ("dana-kelurahan", Decimal("250000000.00"))
    ]
    assert created.implementer.name == "BKM Kampung Bugis"
    assert created.history.get().history_user == official, "audit history names the importer"

    after_first = snapshot()
    again = run_import(official, tmp_path, sheets, commit=True)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 8, 0)
    assert snapshot() == after_first


def test_changed_cells_are_listed_field_by_field_then_written_through_the_service(seed, official, tmp_path):
    sheets = data_sheets(template(official, "intervensi"))
    main = records(sheets["intervensi"])
    target = next(row for row in main if row["kode_referensi"] == "makalah-2018-tabel2-2")
    target["volume"] = "800,5"
    target["tanggal_selesai"] = "2018-12-20"
    lines = records(sheets["pendanaan"])
    next(row for row in lines if row["kode_referensi"] == "makalah-2018-tabel2-2")["jumlah_rp"] = "Rp 3.900.000.000"
    changed = {
        "intervensi": sheet_from(main, sheets["intervensi"][0]),
        "pendanaan": sheet_from(lines, sheets["pendanaan"][0]),
    }
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-2")
    version = intervention.version

    dry = run_import(official, tmp_path, changed, commit=False)
    assert (dry.updated, dry.unchanged) == (1, 6)
    changes = {change["column"]: (change["old"], change["new"]) for change in dry.report["updated"][0]["changes"]}
    assert changes == {
        "volume": ("760.00", "800.50"),
        "tanggal_selesai": ("", "2018-12-20"),
        "pendanaan": ("apbn 2018: 3800000000.00", "apbn 2018: 3900000000.00"),
    }
    intervention.refresh_from_db()
    assert intervention.volume == Decimal("760.00")

    run_import(official, tmp_path, changed, commit=True)
    intervention.refresh_from_db()
    assert (intervention.volume, intervention.end_date.isoformat(), intervention.version) == (
        Decimal("800.50"),
        "2018-12-20",
        version + 1,
    )
    line = intervention.funding_lines.get()
    assert line.amount == Decimal("3900000000.00")
    assert line.history.latest().history_type == "~", "the line was updated in place, not replaced"
    assert intervention.history.latest().history_user == official


def test_one_bad_row_among_good_ones_writes_nothing_and_names_the_cell(seed, official, tmp_path):
    sheets = with_new_intervention(template(official, "intervensi"))
    main = records(sheets["intervensi"])
    main[2]["volume"] = "-5"
    main[4]["tahun_anggaran"] = "dua ribu"
    sheets["intervensi"] = sheet_from(main, sheets["intervensi"][0])
    before = snapshot()

    for commit in (False, True):
        run = run_import(official, tmp_path, sheets, commit=commit)
        assert run.status == ImportRun.Status.INVALID
        assert (run.created, run.updated, run.errors) == (0, 0, 2)
        assert errors_of(run) == [
            ("intervensi", 4, "volume", "Volume harus lebih dari 0."),
            ("intervensi", 6, "tahun_anggaran", "Harus berupa bilangan bulat: dua ribu"),
        ]
        assert run.report["created"] == [], "nothing is listed as done for an invalid file"
    assert snapshot() == before
    assert not Intervention.objects.filter(reference=NEW_REFERENCE).exists()


def test_errors_name_the_column_letter(seed, official, tmp_path):
    sheets = with_new_intervention(template(official, "intervensi"), rt_rw="RW009/RT009")
    run = run_import(official, tmp_path, sheets, commit=False)
    (error,) = run.report["errors"]
    header = sheets["intervensi"][0]
    assert (error["sheet"], error["row"], error["column"]) == ("intervensi", 9, "rt_rw")
    assert error["letter"] == "ABCDEFGHIJKLMNOPQR"[header.index("rt_rw")]
    assert "RW009/RT009 tidak ada di wilayah lokasi Kampung Bugis" in error["message"]


def test_coordinator_cannot_import_rows_for_another_kelurahan(seed, coordinator_kb, tmp_path):
    sheets = template(coordinator_kb, "intervensi")
    codes = {row["kode_lokasi"] for row in records(sheets["intervensi"])}
    assert len(codes) == 1, "the template holds only the coordinator's kelurahan"
    unggat = SlumLocation.objects.get(decree__number="337", number=4)
    rt_in(unggat.area, "RW001", "RT001")
    rows = with_new_intervention(sheets)
    main = records(rows["intervensi"])
    main[-1]["kode_lokasi"] = main[0]["kode_lokasi"].replace("#6", "#4")
    main[-1]["rt_rw"] = "RW001/RT001"
    rows["intervensi"] = sheet_from(main, rows["intervensi"][0])
    assert unggat.area.name == "Tanjung Unggat"
    before = snapshot()

    run = run_import(coordinator_kb, tmp_path, rows, commit=True)
    assert run.status == ImportRun.Status.INVALID
    assert errors_of(run) == [
        ("intervensi", 9, "rt_rw", "RT/RW ini berada di luar wilayah tugas Anda."),
    ]
    assert snapshot() == before


def test_coordinator_cannot_change_an_intervention_outside_their_area_by_its_id(
    seed, official, coordinator_tu, tmp_path
):
    sheets = data_sheets(template(official, "intervensi"))
    main = records(sheets["intervensi"])
    main[0]["catatan"] = "diubah dari luar wilayah"
    before = snapshot()
    run = run_import(
        coordinator_tu, tmp_path, {"intervensi": sheet_from(main[:1], sheets["intervensi"][0])}, commit=True
    )
    assert errors_of(run) == [("intervensi", 2, "id", "Kegiatan ini berada di luar wilayah tugas Anda.")]
    assert snapshot() == before


def test_unchanged_rows_are_not_revalidated_but_changed_ones_are(seed, official, tmp_path):
    """A kind whose allowed units changed after the record was saved must not block re-importing
    the template; changing that record then has to satisfy today's rules."""
    road = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    road.kind.units.remove(road.unit)
    sheets = data_sheets(template(official, "intervensi"))
    assert run_import(official, tmp_path, sheets, commit=True).unchanged == 7

    main = records(sheets["intervensi"])
    main[0]["volume"] = 2100
    run = run_import(
        official, tmp_path, {**sheets, "intervensi": sheet_from(main, sheets["intervensi"][0])}, commit=True
    )
    assert errors_of(run) == [
        ("intervensi", 2, "satuan", "Satuan m tidak sesuai untuk jalan-beton; pilih salah satu: m2.")
    ]
