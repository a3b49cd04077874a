"""/api/v1/interventions, funding-sources, intervention-kinds and progress-updates."""

import io
import os
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from PIL import Image
from rest_framework.test import APIClient

from interventions.models import FundingLine, FundingSource, Intervention, ProgressUpdate
from sites.models import Area, SlumLocation
from tests.factories import interventions as f

API = "/api/v1/interventions/"


@pytest.fixture
def api():
    def signed_in(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return signed_in


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def bugis(seed):
    return SlumLocation.objects.get(decree__number="337", number=6)


@pytest.fixture
def unggat(seed):
    return SlumLocation.objects.get(decree__number="337", number=4)


@pytest.fixture
def rt003(kampung_bugis):
    return Area.objects.get(path=kampung_bugis.path + "RW006/RT003/")


def payload(location, area, **overrides):
    kind = f.road_kind()
    f.FundingSourceFactory(code="apbn")
    data = {
        "location": location.pk,
        "area": area.pk,
        "kind": kind.code,
        "title": "Jalan beton API",
        "fiscal_year": 2024,
        "volume": "120.50",
        "unit": "m",
        "funding_lines": [{"source": "apbn", "fiscal_year": 2024, "amount": "150000000.00"}],
    }
    data.update(overrides)
    return data


# --- Reading --------------------------------------------------------------------------------------


def test_anonymous_gets_401(api, seed):
    assert api(None).get(API).status_code in (401, 403)


def test_every_role_reads(api, seed, official, coordinator_kb, researcher):
    for user in (official, coordinator_kb, researcher):
        assert api(user).get(API).status_code == 200


def test_list_has_paper_numbers_budget_and_flags(api, researcher, seed):
    body = api(researcher).get(API, {"kind": "jalan-beton", "ordering": "id"}).json()
    assert "next" in body and "count" not in body  # cursor pagination
    rows = {row["reference"]: row for row in body["results"]}
    road = rows["makalah-2018-tabel2-1"]
    assert road["budget"] == "19762620000.00"
    assert road["volume"] == "2002.38"
    assert road["unit"] == "m"
    assert road["funding_lines"][0]["source"] == "apbn"
    assert road["area_label"] == "RW 006 / RT 002"
    assert road["status"] == "completed" and road["progress_percent"] is None
    assert "satuan-volume" in {flag["code"] for flag in rows["makalah-2018-tabel2-2"]["flags"]}


def test_totals_for_kampung_bugis_roads(api, researcher, bugis):
    body = api(researcher).get(f"{API}totals/", {"location": bugis.pk, "kind": "jalan-beton"}).json()
    assert body["budget"] == "23562620000.00"
    assert body["by_source"] == [{"code": "apbn", "name": "APBN", "amount": "23562620000.00"}]
    assert body["by_unit"] == [
        {
            "unit": "m",
            "symbol": "m",
            "count": 2,
            "volume": "2762.38",
            "budget": "23562620000.00",
            "cost_per_unit": str((Decimal("23562620000") / Decimal("2762.38")).quantize(Decimal(1), ROUND_HALF_UP)),
        }
    ]


def test_totals_for_kampung_bugis_house_repairs(api, researcher, bugis):
    body = api(researcher).get(f"{API}totals/", {"location": bugis.pk, "kind": "rehab-rtlh"}).json()
    assert body["budget"] == "1303500000.00"
    assert [row["code"] for row in body["by_source"]] == ["apbd"]
    (units,) = body["by_unit"]
    assert (units["unit"], units["volume"], units["cost_per_unit"]) == ("unit", "79.00", "16500000")


def test_each_house_row_costs_16_5_million_a_unit(api, researcher, seed):
    rows = api(researcher).get(API, {"kind": "rehab-rtlh"}).json()["results"]
    assert len(rows) == 5
    assert {row["cost_per_unit"] for row in rows} == {"16500000"}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"funding_source": "apbd"}, 5),
        ({"aspect": 2}, 2),
        ({"fiscal_year": 2018}, 7),
        ({"area": "21.72.03.1005"}, 7),
        ({"area": "21/72/03/1005/RW002"}, 1),
        ({"area": "21.72.04.1005"}, 0),
        ({"status": "completed"}, 7),
        ({"search": "Aladin"}, 2),
    ],
)
def test_filters(api, researcher, seed, params, expected):
    body = api(researcher).get(API, params).json()
    assert len(body["results"]) == expected


def test_unknown_filter_values_are_400(api, researcher, seed):
    response = api(researcher).get(API, {"kind": "tidak-ada"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_date_range_filters(api, official, bugis, rt003):
    from datetime import date

    f.InterventionFactory(location=bugis, area=rt003, start_date=date(2024, 2, 1), end_date=date(2024, 8, 1))
    client = api(official)
    assert len(client.get(API, {"start_date_from": "2024-01-01"}).json()["results"]) == 1
    assert len(client.get(API, {"end_date_to": "2024-07-01"}).json()["results"]) == 0


def _rows(count):
    location = f.SlumLocationFactory()
    for index in range(count):
        f.InterventionFactory(location=location, lines=[("apbn", "1000"), ("dak", "5")], flagged=index % 2 == 0)


def test_list_runs_a_fixed_number_of_queries(api, official, empty_db, django_assert_num_queries):
    client = api(official)
    _rows(2)
    client.get(API)  # warm the per-user role cache, read once per user
    with django_assert_num_queries(5):
        assert len(client.get(API).json()["results"]) == 2
    _rows(12)
    with django_assert_num_queries(5):
        assert len(client.get(API).json()["results"]) == 14


def test_reference_lists_run_a_fixed_number_of_queries(api, researcher, seed, django_assert_num_queries):
    client = api(researcher)
    with django_assert_num_queries(7):
        kinds = client.get("/api/v1/intervention-kinds/").json()
    f.InterventionKindFactory(code="tambahan", units=["m", "unit"])
    with django_assert_num_queries(7):
        more = client.get("/api/v1/intervention-kinds/").json()
    assert more["count"] == kinds["count"] + 1
    with django_assert_num_queries(4):
        sources = client.get("/api/v1/funding-sources/").json()
    assert {"apbn", "apbd", "dak", "csr"} <= {row["code"] for row in sources["results"]}


# --- Writing --------------------------------------------------------------------------------------


def test_coordinator_creates_in_kampung_bugis(api, coordinator_kb, bugis, rt003):
    response = api(coordinator_kb).post(API, payload(bugis, rt003), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1 and body["budget"] == "150000000.00"
    assert Intervention.objects.get(pk=body["id"]).history.get().history_user == coordinator_kb


def test_coordinator_cannot_create_in_tanjung_unggat(api, coordinator_kb, unggat, tanjung_unggat):
    before = Intervention.objects.count()
    response = api(coordinator_kb).post(API, payload(unggat, f.rt_in(tanjung_unggat)), format="json")
    assert response.status_code == 400
    assert "wilayah tugas Anda" in response.json()["area"][0]
    assert Intervention.objects.count() == before


def test_coordinator_cannot_edit_or_delete_in_tanjung_unggat(api, coordinator_kb, unggat, tanjung_unggat):
    other = f.InterventionFactory(location=unggat, area=f.rt_in(tanjung_unggat))
    client = api(coordinator_kb)
    assert client.get(f"{API}{other.pk}/").status_code == 200  # reading is open
    assert client.patch(f"{API}{other.pk}/", {"version": 1, "notes": "x"}, format="json").status_code == 404
    assert client.put(f"{API}{other.pk}/", {"version": 1}, format="json").status_code == 404
    assert client.delete(f"{API}{other.pk}/").status_code == 404
    response = client.post(
        "/api/v1/progress-updates/", {"intervention": other.pk, "date": "2024-01-01", "percent": "5"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.notes == "" and other.version == 1


def test_researcher_cannot_write(api, researcher, bugis, rt003):
    assert api(researcher).post(API, payload(bugis, rt003), format="json").status_code == 403


@pytest.mark.parametrize(
    "overrides, path, fragment",
    [
        (
            {"funding_lines": [{"source": "apbn", "fiscal_year": 2024, "amount": "-1.00"}]},
            ("funding_lines", "0", "amount"),
            "tidak boleh negatif",
        ),
        ({"unit": "kk"}, ("unit",), "tidak sesuai untuk Jalan beton"),
        ({"volume": "0"}, ("volume",), "lebih dari 0"),
        ({"fiscal_year": 1999}, ("fiscal_year",), "antara 2000"),
        ({"funding_lines": []}, ("funding_lines",), ""),
        ({"start_date": "2024-05-01", "end_date": "2024-04-01"}, ("end_date",), "sebelum tanggal mulai"),
    ],
)
def test_bad_input_is_400_with_field_errors_and_saves_nothing(api, official, bugis, rt003, overrides, path, fragment):
    before = (Intervention.objects.count(), FundingLine.objects.count())
    response = api(official).post(API, payload(bugis, rt003, **overrides), format="json")
    assert response.status_code == 400
    error = response.json()
    for key in path:
        error = error[key]
    assert fragment in " ".join(error if isinstance(error, list) else [str(error)])
    assert (Intervention.objects.count(), FundingLine.objects.count()) == before


def test_rt_from_another_kelurahan_is_400(api, official, bugis, tanjung_unggat):
    response = api(official).post(API, payload(bugis, f.rt_in(tanjung_unggat)), format="json")
    assert response.status_code == 400
    assert "tidak berada di wilayah lokasi Kampung Bugis" in response.json()["area"][0]


def test_patch_requires_the_version(api, official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    response = api(official).patch(f"{API}{intervention.pk}/", {"notes": "x"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_two_patches_from_the_same_version_the_second_is_409(api, official, coordinator_kb, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    # The seed loads verified (locked against coordinators): set back to returned, so the
    # coordinator's edit is refused for its stale version, not for the lock.
    Intervention.objects.filter(pk=intervention.pk).update(verification="returned")
    url = f"{API}{intervention.pk}/"
    first = api(official).patch(url, {"version": 1, "notes": "Versi pejabat"}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api(coordinator_kb).patch(url, {"version": 1, "notes": "Versi BKM"}, format="json")
    assert second.status_code == 409
    assert second.json()["current_version"] == 2
    intervention.refresh_from_db()
    assert intervention.notes == "Versi pejabat"


def test_put_replaces_funding_lines(api, official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-2")
    line = intervention.funding_lines.get()
    f.FundingSourceFactory(code="swadaya")
    body = payload(
        intervention.location,
        intervention.area,
        version=1,
        title=intervention.title,
        fiscal_year=2018,
        volume="760.00",
        status="completed",
        funding_lines=[
            {"id": line.pk, "source": "apbn", "fiscal_year": 2018, "amount": "3800000000.00"},
            {"source": "swadaya", "fiscal_year": 2018, "amount": "10000000.00"},
        ],
    )
    response = api(official).put(f"{API}{intervention.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["budget"] == "3810000000.00"
    assert FundingLine.objects.filter(pk=line.pk).exists()


def test_delete_with_a_stale_version_is_409(api, official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    client = api(official)
    client.patch(f"{API}{intervention.pk}/", {"version": 1, "notes": "x"}, format="json")
    assert client.delete(f"{API}{intervention.pk}/?version=1").status_code == 409
    assert client.delete(f"{API}{intervention.pk}/?version=2").status_code == 204
    assert Intervention.history.filter(id=intervention.pk, history_type="-").exists()


# --- Progress updates -----------------------------------------------------------------------------


def png_bytes(size=(12, 12)) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_progress_update_with_photo(api, official, coordinator_kb, researcher, bugis, rt003):
    intervention = f.InterventionFactory(location=bugis, area=rt003)
    photo = io.BytesIO(png_bytes())
    photo.name = "foto.jpg"
    response = api(coordinator_kb).post(
        "/api/v1/progress-updates/",
        {"intervention": intervention.pk, "date": "2024-02-01", "percent": "100", "photo": photo},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    update = ProgressUpdate.objects.get(pk=response.json()["id"])
    assert re.fullmatch(r"progress-photos/[0-9a-f]{32}\.png", update.photo.name)
    intervention.refresh_from_db()
    assert intervention.status == "completed"

    # Researchers read verified records only: an official verifies the coordinator's report first.
    verified = api(official).post(
        f"/api/v1/progress-updates/{update.pk}/verify/", {"version": update.version, "note": ""}, format="json"
    )
    assert verified.status_code == 200, verified.json()
    body = api(researcher).get(f"/api/v1/progress-updates/{update.pk}/").json()
    assert body["reported_by"] is None  # personal data hidden from researchers
    download = api(researcher).get(body["photo_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")


def test_progress_update_rejects_a_text_file_named_png(api, coordinator_kb, bugis, rt003):
    intervention = f.InterventionFactory(location=bugis, area=rt003)
    photo = io.BytesIO(b"hanya teks")
    photo.name = "foto.png"
    response = api(coordinator_kb).post(
        "/api/v1/progress-updates/",
        {"intervention": intervention.pk, "date": "2024-02-01", "percent": "10", "photo": photo},
        format="multipart",
    )
    assert response.status_code == 400
    assert "bukan gambar" in response.json()["photo"][0]
    assert not ProgressUpdate.objects.exists()


def test_progress_list_runs_a_fixed_number_of_queries(api, official, bugis, rt003, django_assert_num_queries):
    client = api(official)
    intervention = f.InterventionFactory(location=bugis, area=rt003)
    f.ProgressUpdateFactory(intervention=intervention, created_by=official)
    client.get("/api/v1/progress-updates/")  # the user's roles are cached on the user object after this
    with django_assert_num_queries(4):
        client.get("/api/v1/progress-updates/")
    for _ in range(5):
        f.ProgressUpdateFactory(intervention=intervention, created_by=official)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/progress-updates/").json()["count"] == 6


# --- Reference data -------------------------------------------------------------------------------


def test_only_officials_write_reference_data(api, official, coordinator_kb, seed):
    data = {"code": "hibah", "name": "Hibah", "level": "lainnya"}
    assert api(coordinator_kb).post("/api/v1/funding-sources/", data, format="json").status_code == 403
    response = api(official).post("/api/v1/funding-sources/", data, format="json")
    assert response.status_code == 201
    assert FundingSource.objects.get(code="hibah").history.get().history_user == official


def test_kind_with_a_default_unit_outside_its_units_is_400(api, official, seed):
    data = {"code": "uji", "name": "Uji", "aspect": 2, "units": ["m"], "default_unit": "kk"}
    response = api(official).post("/api/v1/intervention-kinds/", data, format="json")
    assert response.status_code == 400
    assert "default_unit" in response.json()


def test_kind_lists_its_aspect_criteria_and_units(api, researcher, seed):
    rows = api(researcher).get("/api/v1/intervention-kinds/", {"search": "jalan beton"}).json()["results"]
    road = next(row for row in rows if row["code"] == "jalan-beton")
    assert road["aspect_number"] == 2
    assert road["units"] == ["m", "m2"]
    assert road["default_unit"] == "m"
    assert {(item["rule_set"], item["code"]) for item in road["criteria"]} == {
        ("permen-14-2018", "2a"),
        ("permen-14-2018", "2b"),
        ("permen-02-2016", "2a"),
        ("permen-02-2016", "2b"),
    }


def test_amounts_are_exact_decimal_strings(api, researcher, seed):
    rows = api(researcher).get(API, {"funding_source": "apbd"}).json()["results"]
    assert sum(Decimal(row["budget"]) for row in rows) == Decimal("1303500000")


def test_csv_export_of_the_filtered_list(api, researcher, seed):
    response = api(researcher).get(API, {"kind": "rehab-rtlh", "format": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    header, *rows = [line for line in content.splitlines() if line]
    assert "budget" in header and "cost_per_unit" in header
    assert len(rows) == 5
    assert any("346500000.00" in row and "(Aladin)" in row for row in rows)
