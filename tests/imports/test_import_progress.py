"""Progress reports through the import: CSV for one sheet, reports added never edited, and the
intervention's status and progress kept consistent so a second import changes nothing."""

from decimal import Decimal

import pytest

from imports.models import ImportRun
from imports.services import import_file
from interventions.models import Intervention, ProgressUpdate
from tests.factories.imports import data_sheets, errors_of, records, run_import, sheet_from, template


def import_csv(user, folder, text: str, *, commit: bool, name: str = "kemajuan.csv", encoding="utf-8-sig"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return import_file(actor=user, path=path, original_name=name, commit=commit, origin=ImportRun.Origin.COMMAND)


def test_semicolon_csv_adds_a_report_once(seed, official, tmp_path):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel3-1")
    text = "kode_referensi;tanggal;kemajuan_persen;catatan\r\nmakalah-2018-tabel3-1;15/08/2018;45,5;Atap selesai\r\n"

    dry = import_csv(official, tmp_path, text, commit=False)
    assert (dry.status, dry.file_format, dry.sheets, dry.created) == ("valid", "csv", ["kemajuan"], 1)
    assert not ProgressUpdate.objects.exists()

    run = import_csv(official, tmp_path, text, commit=True)
    assert run.created == 1
    update = ProgressUpdate.objects.get()
    assert (update.intervention, update.date.isoformat(), update.percent, update.note, update.created_by) == (
        intervention,
        "2018-08-15",
        Decimal("45.50"),
        "Atap selesai",
        official,
    )
    intervention.refresh_from_db()
    assert (intervention.progress_percent, intervention.status) == (Decimal("45.50"), "ongoing")

    again = import_csv(official, tmp_path, text, commit=True)
    assert (again.created, again.unchanged) == (0, 1)
    assert ProgressUpdate.objects.count() == 1


def test_a_report_cannot_be_changed_by_import(seed, official, tmp_path):
    import_csv(
        official, tmp_path, "kode_referensi,tanggal,kemajuan_persen\nmakalah-2018-tabel3-1,2018-08-15,40\n", commit=True
    )
    run = import_csv(
        official, tmp_path, "kode_referensi,tanggal,kemajuan_persen\nmakalah-2018-tabel3-1,2018-08-15,50\n", commit=True
    )
    assert errors_of(run) == [
        (
            "kemajuan",
            2,
            "kemajuan_persen",
            "Kegiatan ini sudah punya laporan tanggal itu (40.00%); laporan tidak dapat diubah lewat impor.",
        )
    ]
    assert list(ProgressUpdate.objects.values_list("percent", flat=True)) == [Decimal("40.00")]


def test_kemajuan_template_round_trip_changes_nothing(seed, official, tmp_path):
    import_csv(
        official, tmp_path, "kode_referensi,tanggal,kemajuan_persen\nmakalah-2018-tabel3-1,2018-08-15,40\n", commit=True
    )
    sheets = data_sheets(template(official, "kemajuan"))
    assert records(sheets["kemajuan"])[0]["info_kegiatan"].startswith("Rehab")
    history = ProgressUpdate.history.count(), Intervention.history.count()
    run = run_import(official, tmp_path, sheets, commit=True)
    assert (run.status, run.created, run.unchanged) == ("valid", 0, 1)
    assert (ProgressUpdate.history.count(), Intervention.history.count()) == history


def new_intervention_with_report(sheets, *, status, progress):
    main = records(sheets["intervensi"])
    main.append(
        {
            "kode_referensi": "baru-1",
            "kode_lokasi": main[0]["kode_lokasi"],
            "rt_rw": "RW001/RT002",
            "jenis_kegiatan": "jalan-paving",
            "tahun_anggaran": 2024,
            "volume": 90,
            "satuan": "m",
            "status": status,
            "kemajuan_persen": progress,
        }
    )
    lines = records(sheets["pendanaan"]) + [
        {"kode_referensi": "baru-1", "sumber_dana": "swadaya", "tahun_anggaran": 2024, "jumlah_rp": 15_000_000}
    ]
    return {
        "intervensi": sheet_from(main, sheets["intervensi"][0]),
        "pendanaan": sheet_from(lines, sheets["pendanaan"][0]),
        "kemajuan": [["kode_referensi", "tanggal", "kemajuan_persen"], ["baru-1", "2024-05-02", 40]],
    }


def test_new_intervention_and_its_report_in_one_file_must_agree(seed, official, tmp_path):
    sheets = template(official, "intervensi")
    run = run_import(
        official, tmp_path, new_intervention_with_report(sheets, status="planned", progress=None), commit=True
    )
    assert errors_of(run) == [
        (
            "intervensi",
            9,
            "kemajuan_persen",
            "Isi 40.00: laporan kemajuan terbaru di lembar kemajuan (2024-05-02) menentukan kemajuan kegiatan.",
        ),
        (
            "intervensi",
            9,
            "status",
            "Isi ongoing: laporan kemajuan terbaru (40.00%) menentukan status kegiatan.",
        ),
    ]
    assert not Intervention.objects.filter(reference="baru-1").exists()

    consistent = new_intervention_with_report(sheets, status="ongoing", progress=40)
    run = run_import(official, tmp_path, consistent, commit=True)
    assert (run.status, run.created, run.unchanged) == ("valid", 2, 7)
    created = Intervention.objects.get(reference="baru-1")
    assert (created.status, created.progress_percent, created.progress_updates.count()) == ("ongoing", 40, 1)

    again = run_import(official, tmp_path, consistent, commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (
            "makalah-2018-tabel3-1,2018-13-01,40",
            "tanggal",
            "Tanggal tidak dikenali: 2018-13-01. Tulis TTTT-BB-HH, mis. 2018-07-31.",
        ),
        ("makalah-2018-tabel3-1,2018-08-01,140", "kemajuan_persen", "Persentase kemajuan harus antara 0 dan 100."),
        ("tidak-ada,2018-08-01,40", "kode_referensi", "Kegiatan ini tidak ada di pelacak maupun di lembar intervensi."),
    ],
)
def test_bad_report_rows_are_named(seed, official, tmp_path, line, column, message):
    run = import_csv(official, tmp_path, f"kode_referensi,tanggal,kemajuan_persen\n{line}\n", commit=True)
    assert errors_of(run) == [("kemajuan", 2, column, message)]
    assert not ProgressUpdate.objects.exists()
