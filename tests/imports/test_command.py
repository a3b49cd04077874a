"""``manage.py import_xlsx <file> --user <name> [--dry-run|--commit]``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from imports.models import ImportRun
from interventions.models import Intervention
from tests.factories.imports import data_sheets, records, sheet_from, template, write_xlsx


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_xlsx", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def changed_file(seed, official, tmp_path):
    sheets = data_sheets(template(official, "intervensi"))
    main = records(sheets["intervensi"])
    main[0]["catatan"] = "Diperiksa ulang 2024"
    return write_xlsx(tmp_path, "perubahan.xlsx", {**sheets, "intervensi": sheet_from(main, sheets["intervensi"][0])})


def test_dry_run_is_the_default_and_prints_the_changes(changed_file, official):
    out, err = run_command(str(changed_file), "--user", official.username)
    pk = Intervention.objects.get(reference="makalah-2018-tabel2-1").pk
    assert f"DIUBAH lembar intervensi baris 2: #{pk} makalah-2018-tabel2-1 \u2013 Jalan Beton" in out
    assert "    catatan: \u2014 \u2192 Diperiksa ulang 2024" in out
    assert (
        out.strip().splitlines()[-1].startswith("UJI COBA: 14 baris; dibuat 0, diubah 1, tidak berubah 6, kesalahan 0")
    )
    assert "intervensi: periksa 7/7 baris" in err
    assert Intervention.objects.get(reference="makalah-2018-tabel2-1").notes == ""
    assert ImportRun.objects.get().origin == "command"


def test_commit_writes_and_a_second_commit_changes_nothing(changed_file, official):
    out, _ = run_command(str(changed_file), "--user", official.username, "--commit", "--quiet-progress")
    assert out.strip().splitlines()[-1].startswith("DITERAPKAN: 14 baris; dibuat 0, diubah 1")
    assert Intervention.objects.get(reference="makalah-2018-tabel2-1").notes == "Diperiksa ulang 2024"
    out, _ = run_command(str(changed_file), "--user", official.username, "--commit", "--quiet-progress")
    assert "dibuat 0, diubah 0, tidak berubah 7" in out


def test_errors_are_printed_with_sheet_row_and_column_and_fail_the_command(seed, official, tmp_path):
    path = write_xlsx(
        tmp_path, "k.xlsx", {"kemajuan": [["kode_referensi", "tanggal", "kemajuan_persen"], ["x", "2018-01-01", 5]]}
    )
    out = StringIO()
    with pytest.raises(CommandError, match="Tidak ada yang disimpan: 1 kesalahan"):
        call_command("import_xlsx", str(path), "--user", official.username, "--commit", stdout=out, stderr=StringIO())
    assert (
        "KESALAHAN lembar kemajuan baris 2 kolom A (kode_referensi): "
        "Kegiatan ini tidak ada di pelacak maupun di lembar intervensi."
    ) in out.getvalue()


def test_unknown_user_and_missing_file(official, tmp_path):
    existing = write_xlsx(tmp_path, "x.xlsx", {"kemajuan": [["kode_referensi"]]})
    with pytest.raises(CommandError, match="Pengguna tidak ditemukan"):
        run_command(str(existing), "--user", "nobody")
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        run_command(str(tmp_path / "missing.xlsx"), "--user", official.username)


def test_researcher_is_refused(researcher, tmp_path):
    path = write_xlsx(tmp_path, "k.xlsx", {"kemajuan": [["kode_referensi"]]})
    with pytest.raises(CommandError, match="hanya dapat membaca"):
        run_command(str(path), "--user", researcher.username)
