import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from collaboration import services
from collaboration.fuzzydate import FuzzyDate
from collaboration.models import Attendance, Meeting, Milestone, StageAssessment
from core.concurrency import Conflict
from sites.models import Area
from tests.factories import accounts
from tests.factories.collaboration import AgreementFactory, ContactPersonFactory, RubricLevelFactory
from tests.factories.sites import SlumLocationFactory, StakeholderFactory, make_area


@pytest.fixture
def location(db):
    return SlumLocationFactory()


@pytest.fixture
def actor(db):
    return accounts.official()


def test_meeting_create_records_attendance_and_history(actor, location):
    korkot, bkm = StakeholderFactory(), StakeholderFactory()
    meeting = services.meeting_create(
        actor=actor,
        location=location,
        title="Rembug warga",
        forum_type=Meeting.ForumType.INCIDENTAL,
        when=FuzzyDate.of_year(2018),
        attendance=[services.AttendanceRow(korkot, 12, 5), services.AttendanceRow(bkm)],
    )
    rows = {row.stakeholder: (row.participants, row.women) for row in meeting.attendance.all()}
    assert rows == {korkot: (12, 5), bkm: (None, None)}
    assert (meeting.date_precision, meeting.year, meeting.date) == ("year", 2018, None)
    assert meeting.history.count() == 1


def test_meeting_update_claims_the_version_and_replaces_attendance(actor, location):
    korkot, bkm = StakeholderFactory(), StakeholderFactory()
    meeting = services.meeting_create(
        actor=actor, location=location, title="A", forum_type="routine", attendance=[services.AttendanceRow(korkot)]
    )
    services.meeting_update(
        actor=actor,
        meeting=meeting,
        expected_version=1,
        changes={"title": "B", "when": FuzzyDate.of_day(datetime.date(2018, 3, 5))},
        attendance=[services.AttendanceRow(bkm, 3, 1)],
    )
    meeting.refresh_from_db()
    assert (meeting.title, meeting.version, meeting.year) == ("B", 2, 2018)
    assert list(Attendance.objects.filter(meeting=meeting).values_list("stakeholder", flat=True)) == [bkm.pk]
    assert meeting.history.first().title == "B"


def test_an_edit_from_a_stale_copy_is_refused_and_changes_nothing(actor, location):
    meeting = services.meeting_create(actor=actor, location=location, title="A", forum_type="routine")
    services.meeting_update(actor=actor, meeting=meeting, expected_version=1, changes={"title": "B"})
    stale = Meeting.objects.get(pk=meeting.pk)
    with pytest.raises(Conflict):
        services.meeting_update(actor=actor, meeting=stale, expected_version=1, changes={"title": "C"})
    assert Meeting.objects.get(pk=meeting.pk).title == "B"


def test_women_cannot_exceed_participants(actor, location):
    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=actor,
            location=location,
            title="A",
            forum_type="routine",
            attendance=[services.AttendanceRow(StakeholderFactory(), 3, 4)],
        )


def test_a_coordinator_cannot_write_outside_their_area(db):
    mine, other = make_area(), make_area()
    coordinator = accounts.coordinator(mine)
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=coordinator, location=SlumLocationFactory(area=other), title="A", forum_type="routine"
        )
    meeting = services.meeting_create(
        actor=coordinator, location=SlumLocationFactory(area=mine), title="A", forum_type="routine"
    )
    with pytest.raises(PermissionDenied):
        services.meeting_update(
            actor=coordinator,
            meeting=meeting,
            expected_version=1,
            changes={"location": SlumLocationFactory(area=other)},
        )


def test_a_coordinator_writes_in_the_subtree_of_their_area(db):
    kelurahan = make_area()
    rt = make_area(parent=make_area(parent=kelurahan, level=Area.Level.RW), level=Area.Level.RT)
    coordinator = accounts.coordinator(kelurahan)
    meeting = services.meeting_create(
        actor=coordinator, location=SlumLocationFactory(area=rt), title="A", forum_type="routine"
    )
    assert meeting.pk


def test_a_researcher_cannot_write(location):
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=accounts.researcher(), location=location, title="A", forum_type="routine")


def test_data_sharing_needs_a_giver_unless_mutual(actor, location):
    with pytest.raises(ValidationError) as caught:
        services.data_sharing_create(
            actor=actor,
            location=location,
            title="A",
            kind="map",
            data_shared="Peta",
            to_stakeholders=[StakeholderFactory()],
        )
    assert "from_stakeholder" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.data_sharing_create(
            actor=actor,
            location=location,
            title="A",
            kind="map",
            data_shared="Peta",
            is_mutual=True,
            to_stakeholders=[],
        )


def test_milestone_met_on_time_compares_done_with_due(actor, location):
    agreement = AgreementFactory(location=location)
    on_time = services.milestone_create(
        actor=actor,
        agreement=agreement,
        title="Rencana aksi disahkan",
        status=Milestone.Status.DONE,
        due=FuzzyDate.of_year(2018),
        done=FuzzyDate.of_year(2017),
    )
    late = services.milestone_create(
        actor=actor,
        agreement=agreement,
        title="Pelantar selesai",
        status=Milestone.Status.DONE,
        due=FuzzyDate.of_day(datetime.date(2018, 6, 30)),
        done=FuzzyDate.of_day(datetime.date(2018, 7, 1)),
    )
    assert (on_time.met_on_time, late.met_on_time) == (True, False)


def test_a_milestone_not_done_cannot_carry_a_done_date(actor, location):
    with pytest.raises(ValidationError):
        services.milestone_create(
            actor=actor,
            agreement=AgreementFactory(location=location),
            title="X",
            status=Milestone.Status.PLANNED,
            done=FuzzyDate.of_year(2018),
        )


def test_goal_target_needs_metric_and_value_together(actor, location):
    with pytest.raises(ValidationError) as caught:
        services.shared_goal_create(
            actor=actor, location=location, title="Nol kumuh", statement="-", target_metric="slum_area_ha"
        )
    assert "target_value" in caught.value.message_dict


def test_stage_assessment_assessor_is_the_actor_unless_a_name_is_given(actor, location):
    level = RubricLevelFactory(stage="trust")
    mine = services.stage_assessment_create(actor=actor, location=location, stage="trust", level=level)
    named = services.stage_assessment_create(
        actor=actor, location=location, stage="trust", level=level, assessor_name="Dr. Peneliti"
    )
    assert (mine.assessor_user, named.assessor_user, named.assessor_name) == (actor, None, "Dr. Peneliti")


def test_stage_assessment_level_must_belong_to_the_stage(actor, location):
    with pytest.raises(ValidationError) as caught:
        services.stage_assessment_create(
            actor=actor, location=location, stage="trust", level=RubricLevelFactory(stage="dialogue")
        )
    assert "level" in caught.value.message_dict
    assert not StageAssessment.objects.exists()


def test_contact_people_follow_the_stakeholder_area_scope(db):
    mine, other = make_area(), make_area()
    coordinator = accounts.coordinator(mine)
    person = services.contact_person_create(
        actor=coordinator, stakeholder=StakeholderFactory(area=mine), name="Ibu Ani", phone="0812"
    )
    assert person.history.count() == 1
    for stakeholder in (StakeholderFactory(area=other), StakeholderFactory(area=None)):
        with pytest.raises(PermissionDenied):
            services.contact_person_create(actor=coordinator, stakeholder=stakeholder, name="Pak Budi")


def test_contact_person_update_is_versioned(actor):
    person = ContactPersonFactory()
    services.contact_person_update(actor=actor, person=person, expected_version=1, changes={"phone": "0813"})
    with pytest.raises(Conflict):
        services.contact_person_update(actor=actor, person=person, expected_version=1, changes={"phone": "0814"})
