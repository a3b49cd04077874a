import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from collaboration import seed as collaboration_seed
from collaboration.models import (
    Agreement,
    Attendance,
    DataSharing,
    Meeting,
    Outcome,
    RubricLevel,
    SharedGoal,
    Stage,
    StageAssessment,
)
from sites.models import SlumLocation

PAPER_ACTORS = {"korkot", "dinas_perkim", "lurah", "bkm", "ksm"}


@pytest.fixture
def kb_location(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


def test_forum_meetings_routine_and_incidental_with_the_five_actors(kb_location):
    meetings = Meeting.objects.filter(location=kb_location)
    assert sorted(meetings.values_list("forum_type", flat=True)) == ["incidental", "routine"]
    for meeting in meetings:
        assert {row.stakeholder.role for row in meeting.attendance.all()} == PAPER_ACTORS
        assert "pemetaan lokasi kumuh" in meeting.agenda
        assert "rencana aksi" in meeting.agenda
        assert "III.1" in meeting.source


def test_no_head_count_is_invented(seed):
    assert Attendance.objects.exists()
    assert not Attendance.objects.filter(participants__isnull=False).exists()
    assert not Attendance.objects.filter(women__isnull=False).exists()


def test_no_date_is_invented_only_the_2018_works_carry_a_year(seed):
    dated = []
    for model in (Meeting, DataSharing, Agreement, SharedGoal, Outcome):
        dated += [(model.__name__, r.title, r.year) for r in model.objects.exclude(date_precision="unknown")]
        assert not model.objects.filter(date__isnull=False).exists()
    assert dated == [("Outcome", "Pembangunan pelantar beton dan jalan beton", 2018)]
    assert not StageAssessment.objects.exists()


def test_trust_commitment_and_shared_understanding_evidence(kb_location):
    sharing = DataSharing.objects.get(location=kb_location)
    assert sharing.is_mutual
    assert {s.role for s in sharing.to_stakeholders.all()} == PAPER_ACTORS
    agreement = Agreement.objects.get(location=kb_location)
    assert agreement.kind == Agreement.Kind.NOTA_KESEPAKATAN
    assert "taem line" in agreement.timeline_note
    goal = SharedGoal.objects.get(location=kb_location)
    assert (goal.target_metric, goal.target_value, goal.target_precision) == ("slum_area_ha", 0, "unknown")
    assert "nol kumuh" in goal.statement


def test_intermediate_outcomes_of_the_paper(kb_location):
    kinds = set(Outcome.objects.filter(location=kb_location).values_list("kind", flat=True))
    assert kinds == {"boardwalk", "house_painting", "house_building", "clean_up"}
    clean_up = Outcome.objects.get(kind="clean_up")
    assert {s.role for s in clean_up.stakeholders.all()} == {"lurah", "community"}


def test_missing_facts_are_flagged(kb_location):
    meeting = Meeting.objects.filter(location=kb_location).first()
    assert meeting.flags.filter(kind="missing").exists()


def test_the_rubric_has_three_levels_for_each_stage(seed):
    for stage in Stage.values:
        assert list(RubricLevel.objects.filter(stage=stage).values_list("rank", flat=True)) == [1, 2, 3]


def test_a_second_run_changes_nothing(seed):
    history_before = Meeting.history.count() + Outcome.history.count()
    out = StringIO()
    call_command("load_seed", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("collaboration.json:")]
    assert lines
    assert all(" unchanged: " in line for line in lines), lines
    assert Meeting.history.count() + Outcome.history.count() == history_before


def test_an_unknown_stakeholder_stops_the_load_loudly(seed, tmp_path):
    data = json.loads((Path(settings.BASE_DIR) / "fixtures" / "collaboration.json").read_text(encoding="utf-8"))
    data["meetings"][0]["attendance"][0]["stakeholder"] = "Pelaku Tak Dikenal"
    data["meetings"][0]["key"] = "kunci-baru"
    path = tmp_path / "collaboration.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(collaboration_seed.SeedError, match="Pelaku Tak Dikenal"):
        collaboration_seed.load(path)


def test_outcomes_link_the_tabel_2_and_tabel_3_interventions(kb_location):
    boardwalk = Outcome.objects.get(location=kb_location, kind="boardwalk")
    houses = Outcome.objects.get(location=kb_location, kind="house_building")
    assert sorted(boardwalk.interventions.values_list("reference", flat=True)) == [
        "makalah-2018-tabel2-1",
        "makalah-2018-tabel2-2",
    ]
    assert sorted(houses.interventions.values_list("reference", flat=True)) == [
        f"makalah-2018-tabel3-{n}" for n in range(1, 6)
    ]
    for outcome in Outcome.objects.exclude(kind__in=["boardwalk", "house_building"]):
        assert not outcome.interventions.exists()


def test_an_intervention_that_is_not_there_stops_the_load_loudly(seed, tmp_path):
    data = json.loads((Path(settings.BASE_DIR) / "fixtures" / "collaboration.json").read_text(encoding="utf-8"))
    data["outcomes"][0]["interventions"][0]["amount"] = "1.00"
    path = tmp_path / "collaboration.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(collaboration_seed.SeedError, match="tidak ada yang cocok"):
        collaboration_seed.load(path)
