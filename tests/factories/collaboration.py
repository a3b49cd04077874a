import datetime

import factory

from collaboration.models import (
    Agreement,
    Attendance,
    ContactPerson,
    DataSharing,
    Meeting,
    Milestone,
    Outcome,
    Rubric,
    RubricLevel,
    SharedGoal,
    Stage,
    StageAssessment,
)
from core.services import flag_upsert
from sites.models import Stakeholder
from tests.factories.sites import SlumLocationFactory, StakeholderFactory


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    stakeholder = factory.SubFactory(StakeholderFactory)
    name = factory.Sequence(lambda n: f"Siti Narahubung {n}")
    position = "Ketua"
    phone = factory.Sequence(lambda n: f"0812-7000-{n:04d}")
    email = factory.Sequence(lambda n: f"narahubung{n}@example.org")
    gender = ContactPerson.Gender.FEMALE


class _DatedFactory(factory.django.DjangoModelFactory):
    location = factory.SubFactory(SlumLocationFactory)
    date_precision = "day"
    date = factory.Sequence(lambda n: datetime.date(2018, 1, 1) + datetime.timedelta(days=n % 300))
    year = factory.LazyAttribute(lambda o: o.date.year if o.date else None)
    source = "uji"


class _EvidenceFactory(_DatedFactory):
    title = factory.Sequence(lambda n: f"Bukti {n}")
    verification = "verified"


class MeetingFactory(_EvidenceFactory):
    class Meta:
        model = Meeting

    forum_type = Meeting.ForumType.ROUTINE
    agenda = "Rencana aksi"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    stakeholder = factory.SubFactory(StakeholderFactory)
    participants = 10
    women = 4


class DataSharingFactory(_EvidenceFactory):
    class Meta:
        model = DataSharing

    kind = DataSharing.Kind.SLUM_DATA
    data_shared = "Profil kumuh"
    is_mutual = True


class AgreementFactory(_EvidenceFactory):
    class Meta:
        model = Agreement

    kind = Agreement.Kind.NOTA_KESEPAKATAN


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Tonggak {n}")
    status = Milestone.Status.DONE
    due_precision = "day"
    due_date = datetime.date(2018, 6, 30)
    due_year = 2018
    done_precision = "day"
    done_date = datetime.date(2018, 6, 1)
    done_year = 2018


class SharedGoalFactory(_EvidenceFactory):
    class Meta:
        model = SharedGoal

    statement = "Nol kumuh"
    target_metric = SharedGoal.Metric.SLUM_AREA_HA
    target_value = 0
    target_precision = "unknown"


class OutcomeFactory(_EvidenceFactory):
    class Meta:
        model = Outcome

    kind = Outcome.Kind.BOARDWALK
    status = Outcome.Status.DELIVERED


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        django_get_or_create = ["code"]

    code = "uji"
    name = "Rubrik uji"


class RubricLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricLevel
        django_get_or_create = ["rubric", "stage", "rank"]

    rubric = factory.SubFactory(RubricFactory)
    stage = Stage.DIALOGUE
    rank = 2
    label = "Sedang"
    description = "Cukup"


class StageAssessmentFactory(_DatedFactory):
    class Meta:
        model = StageAssessment

    stage = Stage.DIALOGUE
    level = factory.LazyAttribute(lambda o: RubricLevelFactory(stage=o.stage))
    assessor_name = "Penilai Uji"


def evidence_for(location, n: int, *, people: bool = True) -> None:
    """``n`` records of every kind for ``location``, each with its related rows and a flag, so
    that a page or list that loops over relations would show more queries as ``n`` grows."""
    for i in range(n):
        a, b = StakeholderFactory(sector=Stakeholder.Sector.GOVERNMENT), StakeholderFactory()
        meeting = MeetingFactory(location=location)
        AttendanceFactory(meeting=meeting, stakeholder=a)
        AttendanceFactory(meeting=meeting, stakeholder=b, participants=None, women=None)
        if people:
            meeting.people.add(ContactPersonFactory(stakeholder=a))
        sharing = DataSharingFactory(location=location)
        sharing.to_stakeholders.set([a, b])
        agreement = AgreementFactory(location=location)
        agreement.signatories.set([a, b])
        MilestoneFactory(agreement=agreement)
        MilestoneFactory(
            agreement=agreement,
            status=Milestone.Status.PLANNED,
            done_precision="unknown",
            done_date=None,
            done_year=None,
        )
        goal = SharedGoalFactory(location=location)
        goal.endorsers.set([a])
        outcome = OutcomeFactory(location=location)
        outcome.stakeholders.set([b])
        for stage in Stage.values:
            StageAssessmentFactory(location=location, stage=stage)
        for record in (meeting, sharing, agreement, goal, outcome):
            flag_upsert(record=record, code=f"uji-{i}", kind="missing", message="Uji", source="uji")
