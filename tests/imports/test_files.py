"""Files that are not what they claim: each is refused with a clear Indonesian message, the run is
recorded as rejected, and nothing changes."""

import io
import zipfile

import pytest

from imports.models import ImportRun
from imports.services import import_file
from interventions.models import Intervention
from tests.factories.imports import errors_of, write_xlsx, xlsx_bytes


@pytest.fixture
def importer(official, tmp_path):
    def run(name: str, content: bytes, *, commit: bool = True) -> ImportRun:
        path = tmp_path / "upload"
        path.write_bytes(content)
        return import_file(actor=official, path=path, original_name=name, commit=commit, origin="command")

    return run


def rejected_with(run: ImportRun) -> str:
    assert run.status == ImportRun.Status.REJECTED
    assert (run.created, run.updated, run.rows) == (0, 0, 0)
    ((sheet, row, column, message),) = errors_of(run)
    assert (sheet, row, column) == ("", None, "")
    return message


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_text_named_xlsx_is_not_a_workbook(importer):
    message = rejected_with(importer("data.xlsx", b"id,kode_referensi\n1,a\n"))
    assert message == "Berkas ini bukan XLSX yang sah (bukan arsip zip). Simpan ulang dari Excel sebagai .xlsx."


def test_zip_without_a_workbook(importer):
    message = rejected_with(importer("data.xlsx", zipped({"readme.txt": b"halo"})))
    assert message == "Berkas zip ini bukan buku kerja XLSX (tidak ada xl/workbook.xml)."


def test_truncated_zip(importer):
    content = xlsx_bytes({"intervensi": [["id"], [1]]})
    assert "rusak" in rejected_with(importer("data.xlsx", content[: len(content) // 2]))


def workbook_files() -> dict[str, bytes]:
    archive = zipfile.ZipFile(
        io.BytesIO(xlsx_bytes({"kemajuan": [["kode_referensi", "tanggal"], ["a", "2018-01-01"]]}))
    )
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("xl/workbook.xml", b"<workbook", "Berkas XLSX ini rusak atau tidak dapat dibaca."),
        (
            "xl/worksheets/sheet1.xml",
            b'<worksheet><sheetData><row><c r="A1"',
            "Berkas XLSX ini rusak atau tidak dapat dibaca.",
        ),
        ("xl/_rels/workbook.xml.rels", None, "Berkas XLSX ini rusak atau tidak dapat dibaca."),
    ],
)
def test_broken_xml_inside_the_workbook(importer, name, content, message):
    files = workbook_files()
    if content is None:
        del files[name]
    else:
        files[name] = content
    assert rejected_with(importer("data.xlsx", zipped(files))) == message


def test_zip_bomb_is_refused_before_reading(importer):
    bomb = zipped({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b" " * 5_000_000})
    assert rejected_with(importer("data.xlsx", bomb)) == (
        "Isi berkas XLSX ini jauh lebih besar dari berkasnya; berkas ditolak demi keamanan."
    )


def test_old_xls(importer):
    assert ".xls" in rejected_with(importer("data.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600))


def test_wrong_sheets(importer):
    message = rejected_with(importer("data.xlsx", xlsx_bytes({"Sheet1": [["a"], [1]]})))
    assert message == (
        "Lembar tidak dikenal: sheet1. Lembar yang diterima: intervensi, pendanaan, kemajuan, penilaian, "
        "pengukuran, petunjuk."
    )


def test_only_instructions(importer):
    message = rejected_with(importer("data.xlsx", xlsx_bytes({"petunjuk": [["catatan"]]})))
    assert message.startswith("Berkas ini tidak berisi lembar data")


def test_broken_utf8_csv_names_the_line(importer):
    content = b"kode_referensi,tanggal,kemajuan_persen\nabc,2018-01-01,10\n" + b"caf\xe9,2018-01-02,20\n"
    assert rejected_with(importer("kemajuan.csv", content)) == (
        "Berkas CSV harus berteks UTF-8; baris 3 berisi karakter yang bukan UTF-8. "
        "Di Excel pilih \u201cCSV UTF-8\u201d saat menyimpan."
    )


def test_binary_is_not_csv(importer):
    assert (
        rejected_with(importer("data.csv", b"\x00\x01\x02binary")) == "Berkas ini bukan teks CSV (berisi data biner)."
    )


def test_csv_that_matches_no_sheet(importer):
    assert "tidak cocok" in rejected_with(importer("data.csv", b"nama,umur\nA,1\n"))


def test_child_sheet_alone_as_csv(importer):
    message = rejected_with(
        importer("pendanaan.csv", b"kode_referensi,sumber_dana,tahun_anggaran,jumlah_rp\na,apbn,2018,1\n")
    )
    assert message == "Lembar pendanaan harus diimpor bersama lembar intervensi dalam satu berkas XLSX."


def test_empty_file(importer):
    assert rejected_with(importer("data.csv", b"")) == "Berkas kosong."


def test_oversized_file(importer, settings):
    settings.IMPORTS_MAX_UPLOAD_BYTES = 1024
    message = rejected_with(
        importer("data.csv", b"kode_referensi,tanggal,kemajuan_persen\n" + b"a,2018-01-01,1\n" * 200)
    )
    assert message == "Berkas terlalu besar (0,0 MB); batasnya 0,0 MB."


def test_rejected_run_keeps_who_and_which_file(importer, official):
    content = b"not a workbook"
    run = importer("Data Kampung Bugis.xlsx", content)
    assert (run.user, run.original_name, run.size, run.mode, run.errors) == (
        official,
        "Data Kampung Bugis.xlsx",
        len(content),
        ImportRun.Mode.COMMIT,
        1,
    )
    assert run.sha256 == __import__("hashlib").sha256(content).hexdigest()


def test_unknown_and_missing_columns_are_reported_on_the_header_row(official, tmp_path):
    interventions_before = Intervention.objects.count()
    path = write_xlsx(
        tmp_path,
        "x.xlsx",
        {
            "intervensi": [["kode_referensi", "volume", "volumee"], ["a", 1, 2]],
            "pendanaan": [["kode_referensi", "jumlah_rp"], ["a", 1]],
        },
    )
    run = import_file(actor=official, path=path, original_name="x.xlsx", commit=True, origin="command")
    assert run.status == ImportRun.Status.INVALID
    assert [(e["sheet"], e["row"], e["letter"], e["message"]) for e in run.report["errors"]] == [
        ("intervensi", 1, "C", "Kolom \u201cvolumee\u201d tidak dikenal."),
        ("pendanaan", 1, "", "Kolom sumber_dana wajib ada."),
        ("pendanaan", 1, "", "Kolom tahun_anggaran wajib ada."),
    ]
    assert Intervention.objects.count() == interventions_before


def test_researchers_cannot_import(researcher, tmp_path):
    from django.core.exceptions import PermissionDenied

    path = write_xlsx(tmp_path, "x.xlsx", {"kemajuan": [["kode_referensi"]]})
    with pytest.raises(PermissionDenied):
        import_file(actor=researcher, path=path, original_name="x.xlsx", commit=True, origin="command")
    assert not ImportRun.objects.exists()
