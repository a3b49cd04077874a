"""RW and RT pages: a coordinator adds their kelurahan's RW/RT with one bulk form ("RW 001–006,
each RT 001–004") and can then record interventions there; nobody adds them outside their scope."""

import pytest

from interventions.models import Intervention
from sites.models import Area, SlumLocation
from tests.pages.test_interventions_pages import form_data

pytestmark = pytest.mark.django_db


def bulk(client, kelurahan, **data):
    return client.post(f"/areas/{kelurahan.pk}/rw-rt/", data)


def test_seed_gives_tanjung_unggat_no_rw_or_rt(tanjung_unggat):
    assert not Area.objects.below(tanjung_unggat).exists()


def test_tanjung_unggat_coordinator_adds_rw_rt_then_records_an_intervention(client_for, coordinator_tu, tanjung_unggat):
    client = client_for(coordinator_tu)
    listing = client.get("/areas/")
    assert list(listing.context["page"]) == [tanjung_unggat]
    response = bulk(client, tanjung_unggat, rw_from="1", rw_to="6", rt_from="1", rt_to="4")
    assert response.status_code == 302
    below = Area.objects.below(tanjung_unggat)
    assert below.filter(level="rw").count() == 6 and below.filter(level="rt").count() == 24
    assert Area.objects.get(path="21/72/04/1005/RW006/RT004/").label == "RT 004"
    assert Area.history.filter(path__startswith="21/72/04/1005/RW", history_user=coordinator_tu).count() == 30
    page = client.get(response["Location"])
    assert "Ditambahkan 6 RW dan 24 RT" in page.content.decode()
    # Again: nothing new, nothing changed.
    bulk(client, tanjung_unggat, rw_from="1", rw_to="6", rt_from="1", rt_to="4")
    assert Area.objects.below(tanjung_unggat).count() == 30

    location = SlumLocation.objects.get(decree__number="337", number=4)
    rt = Area.objects.get(path="21/72/04/1005/RW002/RT003/")
    response = client.post("/interventions/create/", form_data(location, rt, lines=[("apbd", "250000000")]))
    assert response.status_code == 302, response.context["form"].errors
    created = Intervention.objects.get(title="Jalan beton uji")
    assert created.area == rt
    assert list(created.funding_lines.values_list("source__code", flat=True)) == ["apbd"]


def test_coordinator_cannot_add_rw_rt_outside_own_kelurahan(client_for, coordinator_tu, kampung_bugis):
    before = Area.objects.count()
    assert bulk(client_for(coordinator_tu), kampung_bugis, rw_from="7", rw_to="7").status_code == 404
    assert Area.objects.count() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"rw_from": "6", "rw_to": "1"}, "rw_to"),
        ({"rw_from": "1", "rw_to": "2", "rt_from": "1"}, "rt_to"),
        ({"rw_from": "0", "rw_to": "2"}, "rw_from"),
        ({"rw_from": "1", "rw_to": "999", "rt_from": "1", "rt_to": "999"}, "rt_to"),
    ],
)
def test_bad_ranges_rerender_with_messages_and_change_nothing(client_for, official, tanjung_unggat, data, field):
    before = Area.objects.count()
    response = bulk(client_for(official), tanjung_unggat, **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Area.objects.count() == before


def test_researcher_cannot_open_the_rw_rt_pages(client_for, researcher, tanjung_unggat):
    assert client_for(researcher).get("/areas/").status_code == 403
    assert client_for(researcher).get(f"/areas/{tanjung_unggat.pk}/rw-rt/").status_code == 403


def test_about_page_credits_the_odbl_area_data(client):
    body = client.get("/about/").content.decode()
    assert "idn-area-data 4.0.1" in body
    assert "Open Database License (ODbL)" in body
