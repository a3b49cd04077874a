"""The audit history selector: who changed what, with readable old and new values."""

from datetime import date
from decimal import Decimal

from interventions import services
from interventions.models import Intervention
from interventions.selectors import intervention_history
from interventions.services import FundingLineInput
from sites.models import Area
from tests.factories import interventions as f


def test_history_lists_field_changes_with_labels(seed, official, kampung_bugis, django_assert_max_num_queries):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel3-3")
    rt004 = Area.objects.get(path=kampung_bugis.path + "RW006/RT004/")
    line = intervention.funding_lines.get()
    services.intervention_update(
        intervention=intervention,
        actor=official,
        expected_version=1,
        data={"area": rt004, "status": Intervention.Status.ONGOING, "progress_percent": Decimal("50")},
        funding_lines=[FundingLineInput(id=line.pk, source=line.source, fiscal_year=2018, amount=Decimal("250000000"))],
    )
    services.progress_update_add(
        intervention=intervention, actor=official, date=date(2018, 9, 1), percent=Decimal("80")
    )

    with django_assert_max_num_queries(9):  # 3 history tables + 6 kinds of related rows
        history = intervention_history(intervention=intervention)

    edits = [entry for entry in history if entry["type"] == "~" and entry["object"] == "Intervensi"]
    assert len(edits) == 2  # the form edit, then the progress report
    edit = edits[-1]
    changes = {change["field"]: (change["old"], change["new"]) for change in edit["changes"]}
    assert {change["field"] for change in edits[0]["changes"]} == {"kemajuan (%)"}
    assert changes["RT/RW"] == ("RW 006 / RT 003", "RW 006 / RT 004")
    assert changes["status"] == ("Selesai", "Sedang berjalan")
    assert edit["user"] == official.username

    line_change = next(
        entry for entry in history if entry["object"].startswith("Baris pendanaan") and entry["type"] == "~"
    )
    assert {change["field"]: change["new"] for change in line_change["changes"]}["jumlah (Rp)"] == "Rp 250.000.000"

    progress = next(entry for entry in history if entry["object"].startswith("Laporan kemajuan"))
    assert progress["type_label"] == "dibuat"
    assert history[0]["date"] >= history[-1]["date"]


def test_history_can_leave_out_who(seed, official):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    services.intervention_update(intervention=intervention, actor=official, expected_version=1, data={"notes": "x"})
    assert {entry["user"] for entry in intervention_history(intervention=intervention, include_users=False)} == {""}


def test_saves_without_changes_leave_no_history_entry(seed, official):
    intervention = f.InterventionFactory()
    before = len(intervention_history(intervention=intervention))
    services.intervention_update(intervention=intervention, actor=official, expected_version=1, data={})
    assert len(intervention_history(intervention=intervention)) == before
