"""Officials (and, inside their kelurahan, coordinators) manage reference data through the API:
areas from the official list and RW/RT, decrees with their PDF, slum locations, stakeholders."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from core import limits
from sites.models import Area, Decree, SlumLocation, Stakeholder

API = "/api/v1/"
pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def batam(db):
    call_command("load_areas", "--city", "21.71", verbosity=0)
    return Area.objects.get(code="21.71")


def post(client, url, data, **kwargs):
    return client.post(API + url, data, content_type="application/json", **kwargs)


def patch(client, url, data):
    return client.patch(API + url, data, content_type="application/json")


# --- areas ------------------------------------------------------------------------------------------


def test_coordinator_adds_rw_and_rt_in_own_kelurahan(client_for, coordinator_tu, tanjung_unggat):
    client = client_for(coordinator_tu)
    response = post(client, "areas/", {"parent": tanjung_unggat.pk, "level": "rw", "name": "3"})
    assert response.status_code == 201, response.json()
    rw = response.json()
    assert (rw["name"], rw["label"], rw["path"]) == ("003", "RW 003", "21/72/04/1005/RW003/")
    response = post(client, "areas/", {"parent": rw["id"], "level": "rt", "name": "001"})
    assert response.status_code == 201
    assert Area.objects.get(pk=response.json()["id"]).history.count() == 1


def test_coordinator_cannot_add_rw_outside_own_kelurahan(client_for, coordinator_tu, kampung_bugis):
    before = Area.objects.count()
    response = post(client_for(coordinator_tu), "areas/", {"parent": kampung_bugis.pk, "level": "rw", "name": "9"})
    assert response.status_code == 400
    assert response.json()["parent"] == ["Wilayah tidak ditemukan."]
    assert Area.objects.count() == before


def test_rt_outside_an_rw_is_refused(client_for, official, tanjung_unggat):
    before = Area.objects.count()
    response = post(client_for(official), "areas/", {"parent": tanjung_unggat.pk, "level": "rt", "name": "1"})
    assert response.status_code == 400
    assert response.json()["parent"] == ["RT harus berada di bawah sebuah RW."]
    assert Area.objects.count() == before


def test_code_not_in_the_official_list_is_refused(client_for, official, batam):
    before = Area.objects.count()
    response = post(client_for(official), "areas/", {"code": "21.71.99.1001"})
    assert response.status_code == 400
    assert response.json()["code"] == ["Kode 21.71.99.1001 tidak ada di daftar wilayah resmi Kemendagri."]
    assert Area.objects.count() == before


def test_official_adds_an_area_of_the_official_list(client_for, official, batam):
    Area.objects.get(code="21.71.01.1002").delete()
    response = post(client_for(official), "areas/", {"code": "21.71.01.1002"})
    assert response.status_code == 201, response.json()
    assert response.json()["parent_code"] == "21.71.01"
    again = post(client_for(official), "areas/", {"code": "21.71.01.1002"})
    assert again.status_code == 400 and again.json()["code"] == ["Wilayah berkode 21.71.01.1002 sudah tercatat."]


def test_researcher_and_visitor_change_nothing(client_for, researcher, tanjung_unggat):
    before = Area.objects.count()
    assert (
        post(client_for(researcher), "areas/", {"parent": tanjung_unggat.pk, "level": "rw", "name": "1"}).status_code
        == 403
    )
    assert post(client_for(None), "areas/", {"parent": tanjung_unggat.pk, "level": "rw", "name": "1"}).status_code in (
        401,
        403,
    )
    assert Area.objects.count() == before


def test_area_patch_checks_version_and_scope(client_for, official, coordinator_tu, kampung_bugis, tanjung_unggat):
    rw = Area.objects.get(path="21/72/03/1005/RW006/")
    # Out of scope: 404, like a missing one.
    assert patch(client_for(coordinator_tu), f"areas/{rw.pk}/", {"bps_code": "x", "version": 1}).status_code == 404
    client = client_for(official)
    assert patch(client, f"areas/{tanjung_unggat.pk}/", {"bps_code": "2172010005"}).status_code == 400
    first = patch(client, f"areas/{tanjung_unggat.pk}/", {"bps_code": "2172010005", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = patch(client, f"areas/{tanjung_unggat.pk}/", {"bps_code": "x", "version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert Area.objects.get(pk=tanjung_unggat.pk).bps_code == "2172010005"
    assert tanjung_unggat.history.count() == 2


# --- decrees and locations ---------------------------------------------------------------------------


def decree_data(**extra):
    return {
        "number": "050/123",
        "year": 2016,
        "issued_on": "2016-03-05",
        "issuer": "Walikota Batam",
        "title": "Penetapan Lokasi Perumahan Kumuh dan Permukiman Kumuh Kota Batam",
        "area": "21.71",
        **extra,
    }


def test_official_records_a_decree_with_its_pdf(client_for, official, batam):
    client = client_for(official)
    data = decree_data(document=SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf"))
    response = client.post(API + "decrees/", data)
    assert response.status_code == 201, response.json()
    decree = response.json()
    assert decree["area"]["code"] == "21.71" and decree["version"] == 1
    download = client.get(decree["document"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert Decree.objects.get(pk=decree["id"]).history.count() == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a pdf at all", "sk.pdf", "Berkas SK harus PDF."),
        (PDF, "sk.exe", "Berkas SK harus PDF."),
        (PDF + b"0" * limits.DECREE_PDF_MAX_BYTES, "sk.pdf", "Berkas SK terlalu besar: paling besar 10 MB."),
    ],
)
def test_decree_document_must_be_a_small_pdf(client_for, official, batam, content, name, message):
    before = Decree.objects.count()
    data = decree_data(document=SimpleUploadedFile(name, content))
    response = client_for(official).post(API + "decrees/", data)
    assert response.status_code == 400
    assert response.json()["document"] == [message]
    assert Decree.objects.count() == before


def test_duplicate_decree_number_for_the_same_city_and_year_is_refused(client_for, official, batam):
    client = client_for(official)
    assert post(client, "decrees/", decree_data()).status_code == 201
    before = Decree.objects.count()
    response = post(client, "decrees/", decree_data(issuer="Pemerintah Kota Batam"))
    assert response.status_code == 400
    assert response.json()["number"] == ["Nomor SK ini sudah tercatat untuk kota ini pada tahun yang sama."]
    assert Decree.objects.count() == before
    assert post(client, "decrees/", decree_data(year=2017)).status_code == 201


def test_coordinator_cannot_record_a_decree(client_for, coordinator_tu, batam):
    before = Decree.objects.count()
    assert post(client_for(coordinator_tu), "decrees/", decree_data()).status_code == 403
    assert Decree.objects.count() == before


@pytest.fixture
def batam_decree(client_for, official, batam):
    return post(client_for(official), "decrees/", decree_data()).json()


def location_data(decree, **extra):
    return {
        "decree": decree["id"],
        "number": 1,
        "name": "Tanjung Riau",
        "area": "21.71.03.1001",
        "decreed_area_ha": "12.50",
        **extra,
    }


def test_official_records_locations_under_a_decree(client_for, official, batam_decree):
    client = client_for(official)
    rw = post(
        client, "areas/", {"parent": Area.objects.get(code="21.71.03.1001").pk, "level": "rw", "name": "1"}
    ).json()
    response = post(
        client,
        "locations/",
        location_data(batam_decree, covered_areas=[rw["id"]], typology="tepi_air", is_priority=True),
    )
    assert response.status_code == 201, response.json()
    assert response.json()["covered_areas"][0]["id"] == rw["id"]
    second = post(
        client, "locations/", location_data(batam_decree, number=2, area="21.71.03.1002", decreed_area_ha="3.1")
    )
    assert second.status_code == 201
    decree = client.get(API + f"decrees/{batam_decree['id']}/").json()
    assert (decree["locations_count"], decree["locations_total_ha"]) == (2, "15.60")


@pytest.mark.parametrize(
    ("value", "message"),
    [("-1.00", "Luas tidak boleh negatif."), ("1.234", "Luas paling banyak dua angka di belakang koma.")],
)
def test_location_decreed_area_must_be_positive_with_two_decimals(client_for, official, batam_decree, value, message):
    response = post(client_for(official), "locations/", location_data(batam_decree, decreed_area_ha=value))
    assert response.status_code == 400
    assert response.json()["decreed_area_ha"] == [message]
    assert not SlumLocation.objects.filter(decree_id=batam_decree["id"]).exists()


def test_location_outside_its_decree_city_is_refused(client_for, official, batam_decree, seed):
    response = post(client_for(official), "locations/", location_data(batam_decree, area="21.72.03.1005"))
    assert response.status_code == 400
    assert response.json()["area"] == ["Wilayah lokasi harus berada di wilayah SK-nya."]


def test_location_patch_with_stale_version_is_409(client_for, official, batam_decree):
    client = client_for(official)
    location = post(client, "locations/", location_data(batam_decree)).json()
    assert patch(client, f"locations/{location['id']}/", {"decreed_area_ha": "11.00", "version": 1}).status_code == 200
    stale = patch(client, f"locations/{location['id']}/", {"decreed_area_ha": "10.00", "version": 1})
    assert stale.status_code == 409
    assert str(SlumLocation.objects.get(pk=location["id"]).decreed_area_ha) == "11.00"


# --- stakeholders ----------------------------------------------------------------------------------


def test_coordinator_adds_stakeholder_only_inside_own_kelurahan(
    client_for, coordinator_tu, tanjung_unggat, kampung_bugis
):
    client = client_for(coordinator_tu)
    data = {"name": "KSM Tanjung Unggat Bersatu", "sector": "community", "role": "ksm", "area": "21.72.04.1005"}
    response = post(client, "stakeholders/", data)
    assert response.status_code == 201, response.json()
    outside = post(client, "stakeholders/", {**data, "name": "KSM Lain", "area": "21.72.03.1005"})
    assert outside.status_code == 400 and outside.json()["area"] == ["Wilayah tidak ditemukan."]
    no_area = post(client, "stakeholders/", {**data, "name": "KSM Tanpa Wilayah", "area": None})
    assert no_area.status_code == 400
    assert not Stakeholder.objects.filter(name__in=["KSM Lain", "KSM Tanpa Wilayah"]).exists()
    kb = Stakeholder.objects.filter(area=kampung_bugis).first()
    assert patch(client, f"stakeholders/{kb.pk}/", {"description": "x", "version": 1}).status_code == 404


def test_researcher_cannot_add_a_stakeholder(client_for, researcher, seed):
    data = {"name": "Swasta X", "sector": "private", "role": "private"}
    assert post(client_for(researcher), "stakeholders/", data).status_code == 403
    assert not Stakeholder.objects.filter(name="Swasta X").exists()
