from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaboration.models import Meeting, Stage
from sites.models import SlumLocation, Stakeholder
from tests.factories.collaboration import ContactPersonFactory, StageAssessmentFactory, evidence_for
from tests.factories.sites import AreaRecordFactory, SlumLocationFactory

SECRET_NAME = "Ibu Rahmawati Secret"
SECRET_PHONE = "0812-7777-1234"
SECRET_ASSESSOR = "Dr. Penilai Rahasia"


def page_url(location):
    return reverse("collaboration:location-detail", args=[location.pk])


@pytest.fixture
def kb_location(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


def test_kampung_bugis_page_shows_the_five_stages_with_the_papers_evidence(client, kb_location):
    response = client.get(page_url(kb_location))
    assert response.status_code == 200
    body = response.content.decode()
    labels = [label for _value, label in Stage.choices]
    positions = [body.index(str(label)) for label in labels]
    assert positions == sorted(positions)
    stages = {stage.stage: stage for stage in response.context["stages"]}
    assert list(stages) == list(Stage.values)
    evidence = {stage: [record.title for record in summary.records] for stage, summary in stages.items()}
    assert sorted(evidence["dialogue"]) == [
        "Forum insidental para aktor KOTAKU Kampung Bugis",
        "Forum rutin para aktor KOTAKU Kampung Bugis",
    ]
    assert evidence["trust"] == ["Saling berbagi data permasalahan lingkungan kumuh"]
    assert evidence["commitment"] == ["Nota kesepakatan antara aktor-aktor kolaborasi"]
    assert evidence["understanding"] == ["Kampung Bugis bebas kumuh (nol kumuh)"]
    assert len(evidence["outcomes"]) == 4
    for text in (
        "pemetaan lokasi kumuh",
        "rencana aksi",
        "Saling berbagi antara",
        "Nota kesepakatan",
        "taem line",
        "nol kumuh",
        "Pembangunan pelantar beton dan jalan beton",
        "Pengecatan rumah",
        "Gotong royong membersihkan sampah",
        "tanggal tidak diketahui",
        "Ismail dkk., bagian III.1",
        "Belum dinilai",
    ):
        assert text in body, text


def test_the_zero_slum_goal_reads_4_66_ha_against_a_target_of_0(client, kb_location):
    response = client.get(page_url(kb_location))
    goal = response.context["goals"][0]
    assert goal.goal.title == "Kampung Bugis bebas kumuh (nol kumuh)"
    assert (goal.baseline.area_ha, goal.current.area_ha, goal.goal.target_value) == (
        Decimal("18.92"),
        Decimal("4.66"),
        Decimal("0"),
    )
    body = response.content.decode()
    assert '<strong class="goal-current">4,66 Ha</strong>' in body
    assert '<strong class="goal-target">0,00 Ha</strong>' in body
    assert '<span class="goal-percent">75,4%</span>' in body


def test_outcomes_show_the_interventions_behind_them(client, kb_location):
    body = client.get(page_url(kb_location)).content.decode()
    assert "Rp 19.762.620.000" in body
    assert "2.002,38 m" in body
    assert "Rp 198.000.000" in body


def test_signals_are_computed_from_the_seed(client, kb_location):
    stages = {s.stage: s for s in client.get(page_url(kb_location)).context["stages"]}
    assert stages["dialogue"].signals["per_year"] == [(None, 2)]
    assert stages["outcomes"].signals["delivered"] == 4
    assert stages["outcomes"].signals["interventions"] == 7
    assert stages["commitment"].signals["milestones"].total == 0
    sectors = dict(client.get(page_url(kb_location)).context["sectors"])
    assert sectors == {"Pemerintah": 3, "Masyarakat": 3}


def test_the_latest_rating_of_a_stage_is_shown(client, db):
    location = SlumLocationFactory()
    StageAssessmentFactory(location=location, stage="trust", date_precision="year", date=None, year=2017)
    newest = StageAssessmentFactory(location=location, stage="trust", date_precision="year", date=None, year=2019)
    stages = {s.stage: s for s in client.get(page_url(location)).context["stages"]}
    assert stages["trust"].latest_assessment == newest
    assert stages["dialogue"].latest_assessment is None


def test_location_list_links_each_location_with_its_evidence_counts(client, kb_location):
    response = client.get(reverse("collaboration:location-list"))
    assert response.status_code == 200
    rows = {location.pk: location for location in response.context["locations"]}
    assert len(rows) == SlumLocation.objects.count()
    kb = rows[kb_location.pk]
    assert (kb.n_meetings, kb.n_data_sharing, kb.n_agreements, kb.n_goals, kb.n_outcomes) == (2, 1, 1, 1, 4)
    assert page_url(kb_location) in response.content.decode()


def test_the_menu_has_kolaborasi(client, db):
    body = client.get("/").content.decode()
    assert f'href="{reverse("collaboration:location-list")}">Kolaborasi<' in body


def test_dashboards_can_require_a_login(client, db, settings):
    settings.DASHBOARD_REQUIRES_LOGIN = True
    response = client.get(reverse("collaboration:location-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Fixed number of queries -----------------------------------------------------------------------


def count_queries(client, url) -> int:
    """Queries of a warm request (the content-type cache is filled by a first one)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", [None, "official", "researcher", "coordinator"])
def test_location_page_runs_a_fixed_number_of_queries(client_for, django_assert_num_queries, role, request, db):
    location = SlumLocationFactory()
    AreaRecordFactory(location=location, year=2014)
    AreaRecordFactory(location=location, year=2018, source="lain")
    users = {
        "official": lambda: request.getfixturevalue("official"),
        "researcher": lambda: request.getfixturevalue("researcher"),
        "coordinator": lambda: __import__("tests.factories.accounts", fromlist=["x"]).coordinator(location.area),
    }
    client = client_for(users[role]() if role else None)
    evidence_for(location, 1)
    expected = count_queries(client, page_url(location))
    evidence_for(location, 4)
    with django_assert_num_queries(expected):
        response = client.get(page_url(location))
    assert sum(len(stage.records) for stage in response.context["stages"]) == 25


@pytest.mark.parametrize("url_name", ["collaboration:location-list", "collaboration:stakeholder-list"])
def test_lists_run_a_fixed_number_of_queries(client_for, official, django_assert_num_queries, url_name, db):
    client = client_for(official)
    location = SlumLocationFactory()
    evidence_for(location, 1)
    ContactPersonFactory()
    url = reverse(url_name)
    expected = count_queries(client, url)
    evidence_for(SlumLocationFactory(), 3)
    evidence_for(location, 3)
    ContactPersonFactory.create_batch(3)
    with django_assert_num_queries(expected):
        client.get(url)


# Personal data -------------------------------------------------------------------------------


@pytest.fixture
def personal_data(kb_location):
    bkm = Stakeholder.objects.get(role="bkm")
    person = ContactPersonFactory(stakeholder=bkm, name=SECRET_NAME, phone=SECRET_PHONE)
    meeting = Meeting.objects.filter(location=kb_location).first()
    meeting.people.add(person)
    StageAssessmentFactory(location=kb_location, stage="dialogue", assessor_name=SECRET_ASSESSOR)
    return person


def personal_pages(person, kb_location):
    return [
        page_url(kb_location),
        reverse("collaboration:stakeholder-list"),
        reverse("collaboration:stakeholder-detail", args=[person.stakeholder_id]),
    ]


@pytest.mark.parametrize("who", ["anonymous", "researcher"])
def test_visitors_and_researchers_never_see_names_or_phones_on_pages(
    client_for, request, who, personal_data, kb_location
):
    client = client_for(None if who == "anonymous" else request.getfixturevalue("researcher"))
    for url in personal_pages(personal_data, kb_location):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in (SECRET_NAME, SECRET_PHONE, SECRET_ASSESSOR):
            assert secret not in body, (url, secret)


@pytest.mark.parametrize("who", ["official", "coordinator_kb"])
def test_officials_and_coordinators_see_contact_people(client_for, request, who, personal_data, kb_location):
    client = client_for(request.getfixturevalue(who))
    detail = client.get(reverse("collaboration:stakeholder-detail", args=[personal_data.stakeholder_id]))
    assert SECRET_NAME in detail.content.decode()
    assert SECRET_PHONE in detail.content.decode()
    page = client.get(page_url(kb_location)).content.decode()
    assert SECRET_NAME in page
    assert SECRET_ASSESSOR in page
