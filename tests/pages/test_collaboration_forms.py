import pytest
from django.urls import reverse

from collaboration.models import Agreement, ContactPerson, DataSharing, Meeting, Milestone, Outcome, SharedGoal
from sites.models import SlumLocation, Stakeholder
from tests.factories.collaboration import AgreementFactory, MeetingFactory, RubricLevelFactory


@pytest.fixture
def kb(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


@pytest.fixture
def tu(seed, tanjung_unggat):
    return SlumLocation.objects.get(area=tanjung_unggat)


def attendance_data(rows=(), extra=3):
    data = {
        "attendance-TOTAL_FORMS": str(len(rows) + extra),
        "attendance-INITIAL_FORMS": "0",
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "1000",
    }
    for i, (stakeholder, participants, women) in enumerate(rows):
        data[f"attendance-{i}-stakeholder"] = str(stakeholder.pk)
        data[f"attendance-{i}-participants"] = "" if participants is None else str(participants)
        data[f"attendance-{i}-women"] = "" if women is None else str(women)
    return data


def meeting_data(location, **overrides):
    data = {
        "location": str(location.pk),
        "title": "Rembug warga RW 006",
        "forum_type": "incidental",
        "date_precision": "day",
        "date": "2019-03-05",
        "year": "",
        "agenda": "Rencana aksi RW 006",
        **attendance_data([(Stakeholder.objects.get(role="bkm"), 20, 8)]),
    }
    data.update(overrides)
    return data


CREATE = reverse("collaboration:meeting-create")


def test_coordinator_records_a_meeting_in_their_kelurahan(client_for, coordinator_kb, kb):
    client = client_for(coordinator_kb)
    assert client.get(f"{CREATE}?location={kb.pk}").status_code == 200
    response = client.post(CREATE, meeting_data(kb))
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Rembug warga RW 006")
    assert (meeting.location, meeting.year, str(meeting.when)) == (kb, 2019, "5 Maret 2019")
    assert [(a.participants, a.women) for a in meeting.attendance.all()] == [(20, 8)]
    assert meeting.history.first().history_user == coordinator_kb


def test_coordinator_cannot_record_evidence_for_another_kelurahan(client_for, coordinator_kb, tu):
    client = client_for(coordinator_kb)
    before = Meeting.objects.count()
    response = client.post(CREATE, meeting_data(tu))
    assert response.status_code == 200
    assert "location" in response.context["form"].errors
    assert Meeting.objects.count() == before
    assert tu not in response.context["form"].fields["location"].queryset


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("data-sharing-create", {"title": "x", "kind": "map", "data_shared": "Peta", "is_mutual": "on"}),
        ("agreement-create", {"title": "x", "kind": "mou"}),
        ("shared-goal-create", {"title": "x", "statement": "x"}),
        ("outcome-create", {"title": "x", "kind": "road", "status": "delivered"}),
    ],
)
def test_other_evidence_forms_refuse_another_kelurahan(client_for, coordinator_kb, tu, kb, url_name, data):
    client = client_for(coordinator_kb)
    models = (DataSharing, Agreement, SharedGoal, Outcome)
    before = [model.objects.count() for model in models]
    base = {
        "date_precision": "unknown",
        "target_precision": "unknown",
        "to_stakeholders": [Stakeholder.objects.first().pk],
        **data,
    }
    response = client.post(reverse(f"collaboration:{url_name}"), {**base, "location": tu.pk})
    assert response.status_code == 200
    assert "location" in response.context["form"].errors
    assert [model.objects.count() for model in models] == before
    assert client.post(reverse(f"collaboration:{url_name}"), {**base, "location": kb.pk}).status_code == 302


def test_coordinator_cannot_edit_evidence_of_another_kelurahan(client_for, coordinator_kb, tu):
    meeting = MeetingFactory(location=tu, title="Rapat TU")
    agreement = AgreementFactory(location=tu)
    client = client_for(coordinator_kb)
    url = reverse("collaboration:meeting-update", args=[meeting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, meeting_data(tu, title="Diubah", version="1")).status_code == 404
    assert client.get(reverse("collaboration:milestone-create", args=[agreement.pk])).status_code == 404
    meeting.refresh_from_db()
    assert meeting.title == "Rapat TU"


def test_coordinator_for_tanjung_unggat_cannot_touch_kampung_bugis(client_for, coordinator_tu, kb):
    meeting = Meeting.objects.filter(location=kb).first()
    client = client_for(coordinator_tu)
    assert client.get(reverse("collaboration:meeting-update", args=[meeting.pk])).status_code == 404
    assert client.post(CREATE, meeting_data(kb)).status_code == 200
    assert not Meeting.objects.filter(title="Rembug warga RW 006").exists()


def test_researchers_get_403_and_visitors_the_login_page(client_for, researcher, kb):
    assert client_for(researcher).get(CREATE).status_code == 403
    assert client_for(researcher).post(CREATE, meeting_data(kb)).status_code == 403
    response = client_for(None).get(CREATE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_rejected_form_speaks_indonesian_and_keeps_what_was_typed(client_for, official, kb):
    client = client_for(official)
    response = client.post(CREATE, meeting_data(kb, title="", date_precision="year", year="", date=""))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Bidang ini harus diisi."]
    assert "Isi tahunnya" in form.errors["year"][0]
    body = response.content.decode()
    assert "Rencana aksi RW 006" in body
    assert 'value="20"' in body
    assert not Meeting.objects.filter(agenda="Rencana aksi RW 006").exists()


def test_a_full_date_with_a_year_only_precision_is_refused(client_for, official, kb):
    response = client_for(official).post(CREATE, meeting_data(kb, date_precision="year", year="2018"))
    assert "Kosongkan tanggal" in response.context["form"].errors["date"][0]


def test_women_cannot_exceed_participants_in_the_attendance_rows(client_for, official, kb):
    bkm = Stakeholder.objects.get(role="bkm")
    data = {**meeting_data(kb), **attendance_data([(bkm, 3, 5)])}
    response = client_for(official).post(CREATE, data)
    assert response.status_code == 200
    assert "melebihi" in response.content.decode()
    assert not Meeting.objects.filter(title="Rembug warga RW 006").exists()


def test_an_edit_from_a_stale_page_shows_a_conflict_and_changes_nothing(client_for, official, kb):
    meeting = Meeting.objects.filter(location=kb).first()
    client = client_for(official)
    url = reverse("collaboration:meeting-update", args=[meeting.pk])
    assert client.post(url, meeting_data(kb, title="Edisi pertama", version="1")).status_code == 302
    response = client.post(url, meeting_data(kb, title="Edisi basi", version="1"))
    assert response.status_code == 200
    assert "sudah diubah orang lain" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.version) == ("Edisi pertama", 2)


def test_milestones_and_stage_assessments_are_recorded_from_the_location(client_for, coordinator_kb, kb):
    client = client_for(coordinator_kb)
    agreement = Agreement.objects.get(location=kb)
    response = client.post(
        reverse("collaboration:milestone-create", args=[agreement.pk]),
        {
            "title": "Rencana aksi disepakati",
            "order": "1",
            "status": "done",
            "due_precision": "year",
            "due_year": "2018",
            "done_precision": "year",
            "done_year": "2017",
        },
    )
    assert response.status_code == 302
    assert Milestone.objects.get(agreement=agreement).met_on_time is True
    level = RubricLevelFactory(stage="commitment", rank=2, label="Sedang")
    response = client.post(
        reverse("collaboration:stage-assessment-create"),
        {"location": kb.pk, "stage": "commitment", "level": level.pk, "date_precision": "unknown"},
    )
    assert response.status_code == 302
    page = client.get(reverse("collaboration:location-detail", args=[kb.pk]))
    stages = {s.stage: s for s in page.context["stages"]}
    assert stages["commitment"].latest_assessment.level == level
    assert stages["commitment"].signals["milestones"].on_time == 1


def test_contact_people_are_added_by_the_coordinator_of_the_stakeholders_area(client_for, coordinator_kb, kb):
    client = client_for(coordinator_kb)
    bkm = Stakeholder.objects.get(role="bkm")
    korkot = Stakeholder.objects.get(role="korkot")
    data = {"name": "Ibu Ani", "position": "Ketua", "phone": "0812", "email": "", "gender": "female"}
    url = reverse("collaboration:contact-person-create", args=[bkm.pk])
    assert client.post(url, data).status_code == 302
    assert ContactPerson.objects.get(stakeholder=bkm).name == "Ibu Ani"
    korkot_url = reverse("collaboration:contact-person-create", args=[korkot.pk])
    assert client.get(korkot_url).status_code == 404
    assert client.post(korkot_url, data).status_code == 404


def test_an_outcome_links_only_interventions_the_coordinator_may_reach(client_for, coordinator_kb, kb, tu):
    client = client_for(coordinator_kb)
    form = client.get(reverse("collaboration:outcome-create")).context["form"]
    choices = set(form.fields["interventions"].queryset.values_list("location", flat=True))
    assert choices == {kb.pk}
    road = kb.interventions.filter(kind__code="jalan-beton").first()
    response = client.post(
        reverse("collaboration:outcome-create"),
        {
            "location": kb.pk,
            "title": "Jalan lingkungan RW 006",
            "kind": "road",
            "status": "delivered",
            "date_precision": "year",
            "year": "2018",
            "interventions": [road.pk],
        },
    )
    assert response.status_code == 302
    assert list(Outcome.objects.get(title="Jalan lingkungan RW 006").interventions.all()) == [road]
