"""Import pages: template download, upload (dry run), commit, history and who may see what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from imports.models import ImportRun
from interventions.models import Intervention
from jobs.models import Job
from tests.factories.imports import data_sheets, read_sheets, records, sheet_from, template, xlsx_bytes

LIST = "/imports/"
NEW = "/imports/new/"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def upload(client, name: str, content: bytes):
    return client.post(NEW, {"file": SimpleUploadedFile(name, content)})


def filled_with_new_row(user) -> bytes:
    sheets = data_sheets(template(user, "intervensi"))
    main = records(sheets["intervensi"])
    main.append(
        {
            "kode_referensi": "web-1",
            "kode_lokasi": main[0]["kode_lokasi"],
            "rt_rw": "RT001-RW001",
            "jenis_kegiatan": "hidran-umum",
            "tahun_anggaran": 2024,
            "volume": 12,
            "satuan": "kk",
        }
    )
    lines = records(sheets["pendanaan"]) + [
        {"kode_referensi": "web-1", "sumber_dana": "csr", "tahun_anggaran": 2024, "jumlah_rp": "45.000.000"}
    ]
    return xlsx_bytes(
        {
            "intervensi": sheet_from(main, sheets["intervensi"][0]),
            "pendanaan": sheet_from(lines, sheets["pendanaan"][0]),
        }
    )


@pytest.mark.parametrize("url", [LIST, NEW, "/imports/templates/intervensi/"])
def test_signed_out_users_go_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", [LIST, NEW, "/imports/templates/kemajuan/"])
def test_researchers_may_not_import(client_for, researcher, url):
    assert client_for(researcher).get(url).status_code == 403


def test_menu_shows_impor_to_writers_only(client_for, official, researcher):
    assert 'href="/imports/"' in client_for(official).get("/").content.decode()
    assert 'href="/imports/"' not in client_for(researcher).get("/").content.decode()


@pytest.mark.parametrize("kind", ["intervensi", "kemajuan", "penilaian"])
def test_template_download_is_an_xlsx_with_its_sheets(client_for, seed, coordinator_kb, kind):
    response = client_for(coordinator_kb).get(f"/imports/templates/{kind}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="templat-{kind}-' in response["Content-Disposition"]
    sheets = read_sheets(b"".join(response.streaming_content))
    expected = {
        "intervensi": ["intervensi", "pendanaan"],
        "kemajuan": ["kemajuan"],
        "penilaian": ["penilaian", "pengukuran"],
    }
    assert list(sheets) == [*expected[kind], "petunjuk"]
    instructions = [row[0] for row in sheets["petunjuk"] if row and row[0]]
    assert "RT/RW (dalam wilayah tugas Anda)" in instructions


def test_instructions_list_only_the_rt_rw_in_scope(client_for, seed, coordinator_kb):
    sheets = read_sheets(b"".join(client_for(coordinator_kb).get("/imports/templates/intervensi/").streaming_content))
    rows = sheets["petunjuk"]
    start = next(i for i, row in enumerate(rows) if row and row[0] == "RT/RW (dalam wilayah tugas Anda)")
    listed = []
    for row in rows[start + 2 :]:
        if not row or row[0] is None:
            break
        listed.append((row[0], row[1]))
    assert {code for code, _ in listed} == {"21.72 337/2014 #6"}
    assert ("21.72 337/2014 #6", "RW006/RT004") in listed
    assert len(listed) == 11, "3 RW and 8 RT of Kampung Bugis"


def test_unknown_template_kind_is_404(client_for, official):
    assert client_for(official).get("/imports/templates/sppd/").status_code == 404


def test_upload_dry_run_then_commit(client_for, seed, coordinator_kb):
    client = client_for(coordinator_kb)
    page = client.get(NEW).content.decode()
    assert "/imports/templates/intervensi/?kosong=1" in page
    assert "sekitar 15 detik per 1.000 kegiatan" in page, "the expected time is stated before uploading"
    assert "js/imports.js" in page and "data-busy-text=" in page

    response = upload(client, "data bkm.xlsx", filled_with_new_row(coordinator_kb))
    dry = ImportRun.objects.get()
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/", "the upload answers a job page"
    assert (job.kind, job.state, job.owner, job.result_url) == ("import", "done", coordinator_kb, f"/imports/{dry.pk}/")
    assert (dry.mode, dry.status, dry.created, dry.unchanged) == ("dry_run", "valid", 1, 7)
    assert dry.stored_name and dry.original_name == "data bkm.xlsx"
    assert not Intervention.objects.filter(reference="web-1").exists()

    detail = client.get(f"/imports/{dry.pk}/").content.decode()
    assert "Uji coba berhasil" in detail
    assert 'id="import-commit-form"' in detail
    assert "web-1" in detail

    response = client.post(f"/imports/{dry.pk}/commit/")
    committed = ImportRun.objects.exclude(pk=dry.pk).get()
    commit_job = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/jobs/{commit_job.pk}/"
    assert commit_job.result_url == f"/imports/{committed.pk}/"
    assert f'href="/imports/{committed.pk}/"' in client.get(response["Location"]).content.decode()
    assert (committed.mode, committed.status, committed.created, committed.source_run) == ("commit", "valid", 1, dry)
    created = Intervention.objects.get(reference="web-1")
    assert created.history.get().history_user == coordinator_kb
    dry.refresh_from_db()
    assert dry.stored_name == "", "the stored file is gone once committed"
    assert 'id="import-commit-form"' not in client.get(f"/imports/{dry.pk}/").content.decode()

    again = client.post(f"/imports/{dry.pk}/commit/")
    assert again.status_code == 302
    assert ImportRun.objects.count() == 2, "a dry run is committed once"


def test_a_new_upload_replaces_the_waiting_dry_run(client_for, seed, official, private_media):
    client = client_for(official)
    content = data_sheets(template(official, "kemajuan"))
    upload(client, "satu.xlsx", xlsx_bytes(content))
    first = ImportRun.objects.get()
    stored = private_media / "imports" / first.stored_name
    assert stored.exists() and first.status == "valid"
    upload(client, "dua.xlsx", xlsx_bytes(content))
    first.refresh_from_db()
    assert (first.stored_name, stored.exists()) == ("", False)
    assert ImportRun.objects.exclude(pk=first.pk).get().stored_name
    assert client.post(f"/imports/{first.pk}/commit/").status_code == 302
    assert not ImportRun.objects.filter(mode="commit").exists()


def test_upload_with_errors_shows_them_and_offers_no_commit(client_for, seed, official):
    content = xlsx_bytes(
        {"kemajuan": [["kode_referensi", "tanggal", "kemajuan_persen"], ["makalah-2018-tabel2-1", "kemarin", 10]]}
    )
    upload(client_for(official), "k.xlsx", content)
    run = ImportRun.objects.get()
    assert (run.status, run.stored_name) == ("invalid", "")
    page = client_for(official).get(Job.objects.get().result_url).content.decode()
    assert "Tanggal tidak dikenali: kemarin" in page
    assert "B · tanggal" in page
    assert 'id="import-commit-form"' not in page


def test_broken_utf8_csv_upload_is_a_clear_message_not_a_500(client_for, official):
    response = upload(client_for(official), "kemajuan.csv", b"kode_referensi,tanggal\n\xff\xfe,2018-01-01\n")
    assert response.status_code == 302
    page = client_for(official).get(Job.objects.get().result_url).content.decode()
    assert "Berkas CSV harus berteks UTF-8; baris 2" in page
    assert ImportRun.objects.get().status == "rejected"


def test_oversized_upload_is_stopped_while_it_streams(client_for, official, settings):
    settings.IMPORTS_MAX_UPLOAD_BYTES = 2048
    response = upload(client_for(official), "big.csv", b"kode_referensi,tanggal\n" + b"a,2018-01-01\n" * 1000)
    assert response.status_code == 200
    assert "Berkas terlalu besar; batasnya 0,0 MB." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_upload_without_a_file_rerenders_the_form(client_for, official):
    response = client_for(official).post(NEW, {})
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()


def test_upload_needs_the_csrf_token(official):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(official)
    response = strict.post(NEW, {"file": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 403
    assert not ImportRun.objects.exists()


def runs_for(user, n: int):
    for index in range(n):
        ImportRun.objects.create(
            user=user,
            username=user.username,
            original_name=f"f{index}.xlsx",
            sha256="0" * 64,
            size=10,
            mode="dry_run",
            status="valid",
            origin="web",
            started_at="2024-01-01T00:00:00Z",
            finished_at="2024-01-01T00:00:01Z",
        )


def test_coordinators_see_their_own_runs_officials_see_all(client_for, official, coordinator_kb, coordinator_tu):
    runs_for(coordinator_kb, 2)
    runs_for(coordinator_tu, 1)
    other = ImportRun.objects.get(user=coordinator_tu)
    page = client_for(coordinator_kb).get(LIST).content.decode()
    assert page.count("data-run=") == 2
    assert client_for(coordinator_kb).get(f"/imports/{other.pk}/").status_code == 404
    assert client_for(coordinator_kb).post(f"/imports/{other.pk}/commit/").status_code == 404
    assert client_for(official).get(LIST).content.decode().count("data-run=") == 3
    assert client_for(official).get(f"/imports/{other.pk}/").status_code == 200


def test_history_list_query_count_does_not_grow(client_for, official, django_assert_num_queries):
    client = client_for(official)
    runs_for(official, 2)
    client.get(LIST)
    # One query more than before the jobs: the user's running imports shown above the history.
    with django_assert_num_queries(8) as small:
        client.get(LIST)
    runs_for(official, 30)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count("data-run=") == 32
