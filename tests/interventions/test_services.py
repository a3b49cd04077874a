"""Writes through the services: validation, scope, optimistic locking, progress and history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.concurrency import Conflict
from interventions import services
from interventions.models import FundingLine, Intervention
from interventions.services import FundingLineInput
from sites.models import Area, Aspect, SlumLocation
from tests.factories import interventions as f


@pytest.fixture
def bugis_location(seed):
    return SlumLocation.objects.get(decree__number="337", number=6)


@pytest.fixture
def rt003(kampung_bugis):
    return Area.objects.get(path=kampung_bugis.path + "RW006/RT003/")


def _apbn():
    return f.FundingSourceFactory(code="apbn")


def create(actor, location, area, **overrides):
    kind = overrides.pop("kind", None) or f.road_kind()
    values = {
        "actor": actor,
        "location": location,
        "area": area,
        "kind": kind,
        "fiscal_year": 2024,
        "volume": Decimal("120.50"),
        "unit": kind.default_unit,
        "funding_lines": [FundingLineInput(source=_apbn(), fiscal_year=2024, amount=Decimal("500000000"))],
    }
    values.update(overrides)
    return services.intervention_create(**values)


def test_create_records_the_intervention_its_lines_and_who_did_it(official, bugis_location, rt003):
    apbd = f.FundingSourceFactory(code="apbd-kota")
    intervention = create(
        official,
        bugis_location,
        rt003,
        funding_lines=[
            FundingLineInput(source=_apbn(), fiscal_year=2024, amount=Decimal("300000000")),
            FundingLineInput(source=apbd, fiscal_year=2024, amount=Decimal("200000000"), note="pendamping"),
        ],
    )
    assert intervention.title == "Jalan beton"
    assert intervention.version == 1
    assert intervention.funding_lines.count() == 2
    budget = Intervention.objects.with_budget().get(pk=intervention.pk).budget
    assert budget == Decimal("500000000")
    assert intervention.history.get().history_user == official
    assert FundingLine.history.filter(intervention_id=intervention.pk, history_user=official).count() == 2


@pytest.mark.parametrize(
    "overrides, field, fragment",
    [
        ({"volume": Decimal("0")}, "volume", "Volume harus lebih dari 0"),
        ({"fiscal_year": 1999}, "fiscal_year", "Tahun anggaran harus antara 2000"),
        ({"fiscal_year": date.today().year + 6}, "fiscal_year", "Tahun anggaran harus antara"),
        ({"progress_percent": Decimal("101")}, "progress_percent", "antara 0 dan 100"),
        ({"start_date": date(2024, 5, 1), "end_date": date(2024, 4, 1)}, "end_date", "tidak boleh sebelum"),
        ({"funding_lines": []}, "funding_lines", "paling sedikit satu baris"),
    ],
)
def test_create_rejects_bad_values_with_an_indonesian_field_error(
    official, bugis_location, rt003, overrides, field, fragment
):
    with pytest.raises(ValidationError) as caught:
        create(official, bugis_location, rt003, **overrides)
    assert fragment in " ".join(caught.value.message_dict[field])
    assert not Intervention.objects.exclude(reference__startswith="makalah").exists()


def test_negative_funding_amount_is_rejected(official, bugis_location, rt003):
    lines = [FundingLineInput(source=_apbn(), fiscal_year=2024, amount=Decimal("-1"))]
    with pytest.raises(ValidationError) as caught:
        create(official, bugis_location, rt003, funding_lines=lines)
    assert "tidak boleh negatif" in " ".join(caught.value.message_dict["funding_lines"])
    assert FundingLine.objects.count() == 7


def test_rt_of_another_kelurahan_is_rejected(official, bugis_location, tanjung_unggat):
    with pytest.raises(ValidationError) as caught:
        create(official, bugis_location, f.rt_in(tanjung_unggat))
    assert "tidak berada di wilayah lokasi Kampung Bugis" in caught.value.message_dict["area"][0]


def test_a_kelurahan_is_not_an_rt_or_rw(official, bugis_location, kampung_bugis):
    with pytest.raises(ValidationError) as caught:
        create(official, bugis_location, kampung_bugis)
    assert "Pilih sebuah RT atau RW" in caught.value.message_dict["area"][0]


def test_unit_must_fit_the_kind(official, bugis_location, rt003):
    with pytest.raises(ValidationError) as caught:
        create(official, bugis_location, rt003, unit=f.unit("kk"))
    message = caught.value.message_dict["unit"][0]
    assert "Satuan KK tidak sesuai untuk Jalan beton" in message
    assert "m, m²" in message


def test_a_second_allowed_unit_is_accepted(official, bugis_location, rt003):
    intervention = create(official, bugis_location, rt003, unit=f.unit("m2"))
    assert intervention.unit_id == "m2"


def test_coordinator_writes_only_inside_their_area(coordinator_kb, seed, bugis_location, rt003, tanjung_unggat):
    assert create(coordinator_kb, bugis_location, rt003).pk
    unggat = SlumLocation.objects.get(decree__number="337", number=4)
    with pytest.raises(ValidationError) as caught:
        create(coordinator_kb, unggat, f.rt_in(tanjung_unggat))
    assert "wilayah tugas Anda" in caught.value.message_dict["area"][0]


def test_researcher_cannot_write(researcher, bugis_location, rt003):
    with pytest.raises(PermissionDenied):
        create(researcher, bugis_location, rt003)


def test_coordinator_cannot_update_outside_their_area(coordinator_tu, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    with pytest.raises(PermissionDenied):
        services.intervention_update(
            intervention=intervention, actor=coordinator_tu, expected_version=1, data={"notes": "x"}
        )
    intervention.refresh_from_db()
    assert intervention.notes == "" and intervention.version == 1


def test_two_edits_from_the_same_version_the_second_conflicts(official, seed):
    first = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    second = Intervention.objects.get(pk=first.pk)
    services.intervention_update(intervention=first, actor=official, expected_version=1, data={"notes": "A"})
    with pytest.raises(Conflict) as caught:
        services.intervention_update(intervention=second, actor=official, expected_version=1, data={"notes": "B"})
    assert caught.value.current_version == 2
    first.refresh_from_db()
    assert first.notes == "A"
    assert first.version == 2


def test_rejected_update_changes_nothing_not_even_the_version(official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    with pytest.raises(ValidationError):
        services.intervention_update(
            intervention=intervention, actor=official, expected_version=1, data={"volume": Decimal("-5")}
        )
    fresh = Intervention.objects.get(pk=intervention.pk)
    assert fresh.version == 1
    assert fresh.volume == Decimal("2002.38")


def test_update_replaces_funding_lines_and_keeps_each_change_in_history(official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    line = intervention.funding_lines.get()
    swadaya = f.FundingSourceFactory(code="swadaya")
    services.intervention_update(
        intervention=intervention,
        actor=official,
        expected_version=1,
        data={},
        funding_lines=[
            FundingLineInput(id=line.pk, source=line.source, fiscal_year=2018, amount=Decimal("19000000000")),
            FundingLineInput(source=swadaya, fiscal_year=2018, amount=Decimal("5000000")),
        ],
    )
    amounts = sorted(intervention.funding_lines.values_list("amount", flat=True))
    assert amounts == [Decimal("5000000"), Decimal("19000000000")]
    changed = FundingLine.history.filter(id=line.pk).order_by("-history_date").first()
    assert changed.history_type == "~" and changed.history_user == official


def test_funding_lines_cannot_be_emptied(official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    with pytest.raises(ValidationError):
        services.intervention_update(
            intervention=intervention, actor=official, expected_version=1, data={}, funding_lines=[]
        )
    assert intervention.funding_lines.count() == 1


def test_progress_update_sets_progress_status_and_version(official, bugis_location, rt003):
    intervention = create(official, bugis_location, rt003)
    services.progress_update_add(
        intervention=intervention, actor=official, date=date(2024, 3, 1), percent=Decimal("40")
    )
    intervention.refresh_from_db()
    assert (intervention.progress_percent, intervention.status, intervention.version) == (
        Decimal("40"),
        Intervention.Status.ONGOING,
        2,
    )
    services.progress_update_add(
        intervention=intervention, actor=official, date=date(2024, 6, 1), percent=Decimal("100")
    )
    intervention.refresh_from_db()
    assert intervention.status == Intervention.Status.COMPLETED
    assert intervention.progress_percent == Decimal("100")


def test_a_backdated_report_does_not_override_the_latest(official, bugis_location, rt003):
    intervention = create(official, bugis_location, rt003)
    services.progress_update_add(
        intervention=intervention, actor=official, date=date(2024, 6, 1), percent=Decimal("70")
    )
    services.progress_update_add(
        intervention=intervention, actor=official, date=date(2024, 2, 1), percent=Decimal("10")
    )
    intervention.refresh_from_db()
    assert intervention.progress_percent == Decimal("70")


def test_progress_update_makes_an_open_edit_form_stale(official, bugis_location, rt003):
    intervention = create(official, bugis_location, rt003)
    services.progress_update_add(
        intervention=intervention, actor=official, date=date(2024, 3, 1), percent=Decimal("40")
    )
    stale = Intervention.objects.get(pk=intervention.pk)
    with pytest.raises(Conflict):
        services.intervention_update(intervention=stale, actor=official, expected_version=1, data={"notes": "x"})


def test_cancelled_work_takes_no_progress(official, bugis_location, rt003):
    intervention = create(official, bugis_location, rt003, status=Intervention.Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.progress_update_add(
            intervention=intervention, actor=official, date=date(2024, 3, 1), percent=Decimal("5")
        )
    assert not intervention.progress_updates.exists()


def test_completed_status_with_partial_progress_is_rejected(official, bugis_location, rt003):
    with pytest.raises(ValidationError) as caught:
        create(official, bugis_location, rt003, status=Intervention.Status.COMPLETED, progress_percent=Decimal("60"))
    assert "progress_percent" in caught.value.message_dict


def test_delete_keeps_the_history_of_the_row_and_its_lines(official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    pk = intervention.pk
    services.intervention_delete(intervention=intervention, actor=official, expected_version=1)
    assert not Intervention.objects.filter(pk=pk).exists()
    deleted = Intervention.history.filter(id=pk, history_type="-").get()
    assert deleted.history_user == official
    assert FundingLine.history.filter(intervention_id=pk, history_type="-").count() == 1


def test_reference_kind_requires_its_default_unit_among_its_units(official, seed):
    with pytest.raises(ValidationError) as caught:
        services.intervention_kind_create(
            actor=official,
            code="uji",
            name="Uji",
            aspect=Aspect.objects.get(number=2),
            units=[f.unit("m")],
            default_unit=f.unit("kk"),
        )
    assert "default_unit" in caught.value.message_dict


def test_only_officials_change_reference_data(coordinator_kb, seed):
    with pytest.raises(PermissionDenied):
        services.funding_source_create(actor=coordinator_kb, code="baru", name="Baru", level="lainnya")
