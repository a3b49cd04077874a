import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collaboration.models import Meeting, Milestone, Stage
from sites.models import SlumLocation, Stakeholder
from tests.factories import accounts
from tests.factories.collaboration import (
    AgreementFactory,
    ContactPersonFactory,
    MeetingFactory,
    RubricLevelFactory,
    StageAssessmentFactory,
    evidence_for,
)
from tests.factories.sites import SlumLocationFactory

ENDPOINTS = [
    "stakeholders",
    "meetings",
    "data-sharing",
    "agreements",
    "milestones",
    "shared-goals",
    "outcomes",
    "stage-assessments",
]
SECRET_NAME = "Ibu Rahmawati Secret"
SECRET_PHONE = "0812-7777-1234"
SECRET_ASSESSOR = "Dr. Penilai Rahasia"


def api(name, pk=None):
    return f"/api/v1/{name}/" + (f"{pk}/" if pk else "")


@pytest.fixture
def kb(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


@pytest.fixture
def tu(seed, tanjung_unggat):
    return SlumLocation.objects.get(area=tanjung_unggat)


def meeting_body(location, **extra):
    bkm = Stakeholder.objects.get(role="bkm")
    return {
        "location": location.pk,
        "title": "Rembug warga",
        "forum_type": "routine",
        "date_precision": "year",
        "year": 2019,
        "attendance": [{"stakeholder": bkm.pk, "participants": 12, "women": 5}],
        **extra,
    }


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


# Lists ---------------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ["official", "researcher"])
def test_lists_run_a_fixed_number_of_queries(client_for, django_assert_num_queries, endpoint, role, db):
    client = client_for(accounts.official() if role == "official" else accounts.researcher())
    location = SlumLocationFactory()
    evidence_for(location, 1)
    ContactPersonFactory()
    expected = count_queries(client, api(endpoint))
    evidence_for(location, 3)
    evidence_for(SlumLocationFactory(), 2)
    ContactPersonFactory.create_batch(3)
    with django_assert_num_queries(expected):
        response = client.get(api(endpoint))
    assert response.json()["count"] > 1


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_signed_out_visitors_get_no_api_data(client_for, endpoint, db):
    assert client_for(None).get(api(endpoint)).status_code in (401, 403)


def test_shared_goal_reports_progress_from_the_area_records(client_for, researcher, kb):
    goal = client_for(researcher).get(api("shared-goals"), {"location": kb.pk}).json()["results"][0]
    assert goal["title"] == "Kampung Bugis bebas kumuh (nol kumuh)"
    assert (goal["target_value"], goal["target_display"]) == ("0.00", "tanggal tidak diketahui")
    assert goal["progress"] == {
        "baseline_ha": "18.92",
        "baseline_year": 2014,
        "current_ha": "4.66",
        "current_year": 2018,
        "percent": "75.4",
    }


def test_filters_by_area_code_and_forum_type(client_for, researcher, kb):
    client = client_for(researcher)
    assert client.get(api("meetings"), {"area": "21.72.03.1005"}).json()["count"] == 2
    assert client.get(api("meetings"), {"area": "21.72.04.1005"}).json()["count"] == 0
    assert client.get(api("meetings"), {"forum_type": "incidental"}).json()["count"] == 1
    assert client.get(api("outcomes"), {"year": 2018}).json()["count"] == 1


# Writes and scope ----------------------------------------------------------------------------


def test_coordinator_creates_a_meeting_in_their_kelurahan(client_for, coordinator_kb, kb):
    response = post(client_for(coordinator_kb), api("meetings"), meeting_body(kb))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["date_display"], body["version"], body["stage"]) == ("2019", 1, "dialogue")
    assert body["attendance"][0]["participants"] == 12
    meeting = Meeting.objects.get(pk=body["id"])
    assert meeting.history.first().history_user == coordinator_kb


def test_coordinator_cannot_record_evidence_for_another_kelurahan_through_the_api(client_for, coordinator_kb, tu):
    client = client_for(coordinator_kb)
    before = Meeting.objects.count()
    response = post(client, api("meetings"), meeting_body(tu))
    assert response.status_code == 400
    assert "location" in response.json()
    assert Meeting.objects.count() == before
    for endpoint, body in [
        (
            "data-sharing",
            {"title": "x", "kind": "map", "data_shared": "Peta", "is_mutual": True, "to_stakeholders": [1]},
        ),
        ("agreements", {"title": "x", "kind": "mou"}),
        ("shared-goals", {"title": "x", "statement": "x"}),
        ("outcomes", {"title": "x", "kind": "road"}),
    ]:
        response = post(client, api(endpoint), {"location": tu.pk, **body})
        assert response.status_code == 400, endpoint
        assert "location" in response.json()


def test_coordinator_cannot_change_evidence_of_another_kelurahan(client_for, coordinator_kb, tu):
    meeting = MeetingFactory(location=tu, title="Rapat TU")
    client = client_for(coordinator_kb)
    assert client.get(api("meetings", meeting.pk)).status_code == 200
    assert patch(client, api("meetings", meeting.pk), {"title": "Diubah", "version": 1}).status_code == 404
    agreement = AgreementFactory(location=tu)
    response = post(client, api("milestones"), {"agreement": agreement.pk, "title": "x"})
    assert response.status_code == 400
    assert "agreement" in response.json()
    meeting.refresh_from_db()
    assert meeting.title == "Rapat TU"
    assert not Milestone.objects.filter(agreement=agreement).exists()


def test_coordinator_cannot_move_their_evidence_out_of_their_area(client_for, coordinator_kb, kb, tu):
    meeting = Meeting.objects.filter(location=kb).first()
    response = patch(client_for(coordinator_kb), api("meetings", meeting.pk), {"location": tu.pk, "version": 1})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.location == kb


def test_researchers_cannot_write(client_for, researcher, kb):
    client = client_for(researcher)
    assert post(client, api("meetings"), meeting_body(kb)).status_code == 403
    meeting = Meeting.objects.filter(location=kb).first()
    assert patch(client, api("meetings", meeting.pk), {"title": "x", "version": 1}).status_code == 403


def test_a_stale_version_answers_409_and_changes_nothing(client_for, official, kb):
    client = client_for(official)
    meeting = Meeting.objects.filter(location=kb).first()
    first = patch(client, api("meetings", meeting.pk), {"title": "Edisi pertama", "version": 1})
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = patch(client, api("meetings", meeting.pk), {"title": "Edisi basi", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    meeting.refresh_from_db()
    assert meeting.title == "Edisi pertama"
    assert meeting.history.first().history_user == official


def test_an_update_without_version_is_refused(client_for, official, kb):
    meeting = Meeting.objects.filter(location=kb).first()
    response = patch(client_for(official), api("meetings", meeting.pk), {"title": "x"})
    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date_precision": "year", "date": "2018-03-05", "year": 2018}, "date"),
        ({"date_precision": "day", "date": None}, "date"),
        ({"attendance": [{"stakeholder": 1, "participants": 2, "women": 3}]}, "attendance"),
        ({"forum_type": "weekly"}, "forum_type"),
    ],
)
def test_bad_input_answers_400_with_field_errors(client_for, official, kb, body, field):
    response = post(client_for(official), api("meetings"), meeting_body(kb, **body))
    assert response.status_code == 400
    assert field in response.json()


def test_patch_keeps_the_fuzzy_date_parts_not_sent(client_for, official, kb):
    outcome = client_for(official).get(api("outcomes"), {"year": 2018}).json()["results"][0]
    response = patch(client_for(official), api("outcomes", outcome["id"]), {"title": "Pelantar", "version": 1})
    assert response.status_code == 200
    assert (response.json()["date_precision"], response.json()["year"]) == ("year", 2018)


def test_stage_assessment_and_milestone_round_trip(client_for, coordinator_kb, kb):
    client = client_for(coordinator_kb)
    level = RubricLevelFactory(stage=Stage.TRUST, rank=3, label="Kuat")
    response = post(
        client,
        api("stage-assessments"),
        {"location": kb.pk, "stage": "trust", "level": level.pk, "date_precision": "day", "date": "2020-05-05"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["date_display"] == "5 Mei 2020"
    agreement = kb.collaboration_agreements.first()
    response = post(
        client,
        api("milestones"),
        {
            "agreement": agreement.pk,
            "title": "Tahap 1",
            "status": "done",
            "due_precision": "year",
            "due_year": 2018,
            "done_precision": "year",
            "done_year": 2019,
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["met_on_time"] is False


# Personal data -------------------------------------------------------------------------------


@pytest.fixture
def personal_data(kb):
    bkm = Stakeholder.objects.get(role="bkm")
    person = ContactPersonFactory(stakeholder=bkm, name=SECRET_NAME, phone=SECRET_PHONE)
    Meeting.objects.filter(location=kb).first().people.add(person)
    StageAssessmentFactory(location=kb, stage="dialogue", assessor_name=SECRET_ASSESSOR)
    return person


PERSONAL_ENDPOINTS = ["stakeholders", "meetings", "stage-assessments"]


def test_researchers_never_get_names_or_phones_in_json_or_exports(client_for, personal_data):
    client = client_for(accounts.researcher())
    for endpoint in PERSONAL_ENDPOINTS:
        urls = [api(endpoint), f"{api(endpoint)}?format=csv"]
        first = client.get(api(endpoint)).json()["results"][0]["id"]
        urls.append(api(endpoint, first))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            content = b"".join(response.streaming_content) if response.streaming else response.content
            text = content.decode()
            for secret in (SECRET_NAME, SECRET_PHONE, SECRET_ASSESSOR):
                assert secret not in text, (url, secret)
    stakeholder = client.get(api("stakeholders", personal_data.stakeholder_id)).json()
    assert "contact_people" not in stakeholder


def test_officials_see_contact_people_attendance_by_person_and_the_assessor(client_for, official, personal_data):
    client = client_for(official)
    stakeholder = client.get(api("stakeholders", personal_data.stakeholder_id)).json()
    assert stakeholder["contact_people"][0]["phone"] == SECRET_PHONE
    meetings = json.dumps(client.get(api("meetings")).json())
    assert SECRET_NAME in meetings
    assessments = json.dumps(client.get(api("stage-assessments")).json())
    assert SECRET_ASSESSOR in assessments


def test_outcomes_carry_the_interventions_behind_them(client_for, researcher, kb):
    client = client_for(researcher)
    boardwalk = client.get(api("outcomes"), {"kind": "boardwalk"}).json()["results"][0]
    rows = {(row["area"], row["kind"], row["budget"]) for row in boardwalk["interventions"]}
    assert rows == {
        ("RW 006 / RT 002", "jalan-beton", "19762620000.00"),
        ("RW 006 / RT 003", "jalan-beton", "3800000000.00"),
    }
    linked = boardwalk["interventions"][0]["id"]
    assert client.get(api("outcomes"), {"intervention": linked}).json()["count"] == 1


def test_an_outcome_links_only_interventions_of_its_own_location(client_for, official, kb, tu):
    client = client_for(official)
    kb_intervention = kb.interventions.first()
    response = post(
        client,
        api("outcomes"),
        {"location": tu.pk, "title": "x", "kind": "road", "interventions": [kb_intervention.pk]},
    )
    assert response.status_code == 400
    assert "interventions" in response.json()
    response = post(
        client,
        api("outcomes"),
        {"location": kb.pk, "title": "x", "kind": "road", "interventions": [kb_intervention.pk]},
    )
    assert response.status_code == 201
    assert [row["id"] for row in response.json()["interventions"]] == [kb_intervention.pk]
