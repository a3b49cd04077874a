"""Bad files and bad cells in the spreadsheet import, uploaded through the page: each run is refused
with a clear Indonesian message (the file, or the sheet, row and column), it offers no commit, a
commit attempt changes nothing, and no data row is written.

The control case shows the same file shapes import when the cells are good.
"""

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import ImportRun
from tests.factories.imports import xlsx_bytes
from tests.security.bad_input import MEGABYTE, OVER_64_BITS, english_messages, table_counts

NEW = "/imports/new/"
PROGRESS = "kode_referensi,tanggal,kemajuan_persen\nmakalah-2018-tabel3-1,2018-08-15,{}\n"
PROGRESS_WITH_NOTE = "kode_referensi,tanggal,kemajuan_persen,catatan\nmakalah-2018-tabel3-1,2018-08-15,5,{}\n"
PROGRESS_BY_ID = "id_intervensi,tanggal,kemajuan_persen\n{},2018-08-15,45\n"
INTERVENTION = "kode_referensi,{column}\nmakalah-2018-tabel2-1,{value}\n"
ASSESSMENT = (
    "kode_lokasi,rt,aturan,jenis_data,tanggal,data_tidak_lengkap,{column}\n"
    "21.72 337/2014 #6,,permen-14-2018,verification,2021-03-01,ya,{value}\n"
)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def client(client, seed, official):
    client.force_login(official)
    return client


def data_counts() -> dict[str, int]:
    """Rows of every table but the import history and the background jobs (each upload records its
    run, and runs as a job, by design)."""
    bookkeeping = ("imports_", "jobs_", "django_tasks_db_")
    return {table: count for table, count in table_counts().items() if not table.startswith(bookkeeping)}


def funding(amount, source="apbn") -> bytes:
    return xlsx_bytes(
        {
            "intervensi": [["kode_referensi"], ["makalah-2018-tabel2-1"]],
            "pendanaan": [
                ["kode_referensi", "sumber_dana", "tahun_anggaran", "jumlah_rp"],
                ["makalah-2018-tabel2-1", source, 2018, amount],
            ],
        }
    )


def upload(client, name, content: bytes) -> ImportRun:
    response = client.post(NEW, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.status_code
    return ImportRun.objects.order_by("-pk").first()


def test_good_cells_in_the_same_shapes_import(client):
    """The control: the bad cases below change one cell (or the bytes) of these files."""
    for name, content in [
        ("kemajuan.csv", PROGRESS.format("45,5").encode()),
        ("intervensi.csv", INTERVENTION.format(column="volume", value="2002.38").encode()),
        ("penilaian.csv", ASSESSMENT.format(column="jumlah_kk", value="150").encode()),
        ("pendanaan.xlsx", funding(19762620000)),
    ]:
        run = upload(client, name, content)
        assert run.status == ImportRun.Status.VALID, (name, run.report["errors"])


BAD_FILES = [
    ("pdf-named-xlsx", "data.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
    ("png-named-csv", "kemajuan.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"),
    ("old-excel-xls", "data.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
    ("zip-without-workbook", "data.xlsx", b"PK\x05\x06" + b"\x00" * 18),
    ("csv-broken-utf-8", "kemajuan.csv", PROGRESS.format("45").encode().replace(b"makalah", b"mak\xff\xfelah")),
    (
        "csv-latin-1",
        "kemajuan.csv",
        "kode_referensi,tanggal,kemajuan_persen,catatan\nx,2018-08-15,1,Pengecatan atap ½\n".encode("latin-1"),
    ),
    ("csv-utf-16", "kemajuan.csv", codecs.BOM_UTF16_LE + PROGRESS.format("45").encode("utf-16-le")),
    ("csv-of-no-known-sheet", "data.csv", b"nama,umur\nSiti,40\n"),
    ("csv-header-one-megabyte", "kemajuan.csv", MEGABYTE.encode() + b"\n1\n"),
    (
        "csv-unclosed-quote",
        "kemajuan.csv",
        b'kode_referensi,tanggal,kemajuan_persen\n"x,2018-08-15,1\n' + b"a," * 70000,
    ),
    ("csv-unknown-column", "kemajuan.csv", b"kode_referensi,tanggal,kemajuan_persen,warna\nx,2018-08-15,1,merah\n"),
]

BAD_CELLS = [
    # huge and impossible numbers
    ("progress-percent-1e400", "kemajuan.csv", PROGRESS.format("1e400").encode()),
    ("progress-percent-10-to-the-30", "kemajuan.csv", PROGRESS.format("1" + "0" * 30).encode()),
    ("progress-percent-nan", "kemajuan.csv", PROGRESS.format("NaN").encode()),
    ("progress-percent-infinity", "kemajuan.csv", PROGRESS.format("Infinity").encode()),
    ("progress-percent-negative", "kemajuan.csv", PROGRESS.format("-5").encode()),
    ("progress-intervention-id-over-64-bits", "kemajuan.csv", PROGRESS_BY_ID.format(OVER_64_BITS).encode()),
    ("progress-intervention-id-5000-digits", "kemajuan.csv", PROGRESS_BY_ID.format("9" * 5000).encode()),
    ("intervention-volume-1e400", "intervensi.csv", INTERVENTION.format(column="volume", value="1e400").encode()),
    ("intervention-volume-negative", "intervensi.csv", INTERVENTION.format(column="volume", value="-5").encode()),
    (
        "intervention-fiscal-year-over-64-bits",
        "intervensi.csv",
        INTERVENTION.format(column="tahun_anggaran", value=OVER_64_BITS).encode(),
    ),
    (
        "intervention-beneficiaries-over-64-bits",
        "intervensi.csv",
        INTERVENTION.format(column="penerima_manfaat_kk", value=OVER_64_BITS).encode(),
    ),
    ("intervention-id-over-64-bits", "intervensi.csv", f"id,volume\n{OVER_64_BITS},5\n".encode()),
    ("budget-10-to-the-30", "pendanaan.xlsx", funding("1" + "0" * 30)),
    ("budget-1e300-number-cell", "pendanaan.xlsx", funding(1e300)),
    ("budget-negative", "pendanaan.xlsx", funding(-1)),
    ("households-over-64-bits", "penilaian.csv", ASSESSMENT.format(column="jumlah_kk", value=OVER_64_BITS).encode()),
    ("area-1e400", "penilaian.csv", ASSESSMENT.format(column="luas_terverifikasi_ha", value="1e400").encode()),
    # unknown codes
    (
        "progress-unknown-reference",
        "kemajuan.csv",
        PROGRESS.replace("makalah-2018-tabel3-1", "tidak-ada").format("5").encode(),
    ),
    (
        "intervention-unknown-kind",
        "intervensi.csv",
        INTERVENTION.format(column="jenis_kegiatan", value="kolam-renang").encode(),
    ),
    ("intervention-unknown-unit", "intervensi.csv", INTERVENTION.format(column="satuan", value="depa").encode()),
    ("intervention-unknown-status", "intervensi.csv", INTERVENTION.format(column="status", value="hilang").encode()),
    (
        "intervention-unknown-location",
        "intervensi.csv",
        INTERVENTION.format(column="kode_lokasi", value="99.99 1/2000 #9").encode(),
    ),
    ("funding-source-unknown-code", "pendanaan.xlsx", funding(1000, source="dana-gaib")),
    (
        "assessment-unknown-rule-set",
        "penilaian.csv",
        ASSESSMENT.replace("permen-14-2018", "permen-99").format(column="jumlah_kk", value="1").encode(),
    ),
    (
        "assessment-unknown-consideration",
        "penilaian.csv",
        ASSESSMENT.format(column="pertimbangan_nilai_strategis", value="mungkin").encode(),
    ),
    # wrong types and oversized text
    ("progress-date-text", "kemajuan.csv", PROGRESS.replace("2018-08-15", "kemarin").format("5").encode()),
    (
        "intervention-fiscal-year-text",
        "intervensi.csv",
        INTERVENTION.format(column="tahun_anggaran", value="dua ribu").encode(),
    ),
    (
        "intervention-title-over-max-length",
        "intervensi.csv",
        INTERVENTION.format(column="nama_kegiatan", value="j" * 256).encode(),
    ),
    (
        "intervention-notes-one-megabyte",
        "intervensi.csv",
        INTERVENTION.format(column="catatan", value=MEGABYTE).encode(),
    ),
    ("progress-note-one-megabyte", "kemajuan.csv", PROGRESS_WITH_NOTE.format(MEGABYTE).encode()),
    ("assessment-notes-one-megabyte", "penilaian.csv", ASSESSMENT.format(column="catatan", value=MEGABYTE).encode()),
]


@pytest.mark.parametrize(
    ("name", "content"), [pytest.param(name, content, id=case) for case, name, content in BAD_FILES + BAD_CELLS]
)
def test_a_bad_file_or_cell_imports_nothing(client, name, content):
    before = data_counts()
    run = upload(client, name, content)
    assert run.status in (ImportRun.Status.REJECTED, ImportRun.Status.INVALID), run.report
    errors = run.report["errors"]
    assert errors and all(error["message"] for error in errors)
    assert english_messages([error["message"] for error in errors]) == [], errors
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert 'id="import-commit-form"' not in page
    assert client.post(f"/imports/{run.pk}/commit/").status_code == 302
    assert not ImportRun.objects.filter(mode=ImportRun.Mode.COMMIT).exists()
    assert data_counts() == before


def test_an_empty_file_is_a_form_error(client):
    before = data_counts()
    response = client.post(NEW, {"file": SimpleUploadedFile("kemajuan.csv", b"")})
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Berkas kosong."]}
    assert not ImportRun.objects.exists()
    assert data_counts() == before
