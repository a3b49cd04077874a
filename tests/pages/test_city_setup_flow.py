"""A new city set up by an official without a developer, end to end through the app's own
interfaces (command, API, pages): Kota Batam (21.71) from the official list, a decree with two
locations, RW/RT in one kelurahan, a coordinator account, then that coordinator's intervention."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from interventions.models import Intervention
from sites.models import Area, SlumLocation
from tests.factories import accounts
from tests.pages.test_interventions_pages import form_data

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def test_official_sets_up_batam_and_its_coordinator_records_an_intervention(client):
    call_command("load_areas", "--city", "21.71", verbosity=0)
    official = accounts.official(username="pejabat-batam")
    client.force_login(official)

    decree = client.post(
        "/api/v1/decrees/",
        {
            "number": "188.45/2016",
            "year": "2016",
            "issuer": "Walikota Batam",
            "title": "Penetapan Lokasi Permukiman Kumuh Kota Batam",
            "area": "21.71",
            "document": SimpleUploadedFile("sk-batam.pdf", PDF),
        },
    )
    assert decree.status_code == 201, decree.json()
    decree_id = decree.json()["id"]
    for number, code, ha in ((1, "21.71.02.1001", "7.25"), (2, "21.71.03.1001", "12.40")):
        location = client.post(
            "/api/v1/locations/",
            {"decree": decree_id, "number": number, "area": code, "decreed_area_ha": ha, "typology": "tepi_air"},
            content_type="application/json",
        )
        assert location.status_code == 201, location.json()
    assert client.get(f"/api/v1/decrees/{decree_id}/").json()["locations_total_ha"] == "19.65"

    kelurahan = Area.objects.get(code="21.71.02.1001")
    response = client.post(f"/areas/{kelurahan.pk}/rw-rt/", {"rw_from": 1, "rw_to": 3, "rt_from": 1, "rt_to": 2})
    assert response.status_code == 302
    account = client.post(
        "/api/v1/users/",
        {
            "username": "bkm-batam",
            "name": "BKM Batu Ampar",
            "role": "coordinator",
            "areas": ["21.71.02.1001"],
            "password": "Batam-Satu-2016!",
        },
        content_type="application/json",
    )
    assert account.status_code == 201, account.json()
    client.logout()

    assert client.post("/accounts/login/", {"username": "bkm-batam", "password": "Batam-Satu-2016!"}).status_code == 302
    assert client.get("/interventions/create/")["Location"] == "/accounts/password-change/"
    changed = client.post(
        "/accounts/password-change/",
        {"old_password": "Batam-Satu-2016!", "new_password1": "Batu-Ampar-2024#", "new_password2": "Batu-Ampar-2024#"},
    )
    assert changed.status_code == 302

    location = SlumLocation.objects.get(decree_id=decree_id, number=1)
    rt = Area.objects.get(path=kelurahan.path + "RW002/RT001/")
    response = client.post("/interventions/create/", form_data(location, rt, lines=[("apbn", "500000000")]))
    assert response.status_code == 302, response.context["form"].errors
    intervention = Intervention.objects.get(title="Jalan beton uji")
    assert intervention.area == rt and intervention.location == location
    assert [(line.source.code, str(line.amount)) for line in intervention.funding_lines.all()] == [
        ("apbn", "500000000.00")
    ]
