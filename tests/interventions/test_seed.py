"""The paper's Tabel 2 and Tabel 3 as loaded by ``load_seed``."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Sum

from core.models import DataQualityFlag
from interventions import seed as intervention_seed
from interventions.models import FundingLine, FundingSource, Intervention, InterventionKind
from sites.models import Aspect

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "interventions.json"

# (reference, RT/RW path below Kampung Bugis, title, volume, unit, rupiah, funding source)
PAPER_ROWS = [
    ("makalah-2018-tabel2-1", "RW006/RT002/", "Jalan Beton", "2002.38", "m", "19762620000.00", "apbn"),
    ("makalah-2018-tabel2-2", "RW006/RT003/", "Jalan Beton", "760.00", "m", "3800000000.00", "apbn"),
    (
        "makalah-2018-tabel3-1",
        "RW006/RT004/",
        "Rehab/perbaikan Rumah Tidak Layak Huni (Aladin)",
        "21.00",
        "unit",
        "346500000.00",
        "apbd",
    ),
    (
        "makalah-2018-tabel3-2",
        "RW006/RT003/",
        "Rehab/perbaikan Rumah Tidak Layak Huni (Aladin)",
        "17.00",
        "unit",
        "280500000.00",
        "apbd",
    ),
    (
        "makalah-2018-tabel3-3",
        "RW006/RT003/",
        "Rehab/perbaikan Rumah Tidak Layak Huni",
        "15.00",
        "unit",
        "247500000.00",
        "apbd",
    ),
    (
        "makalah-2018-tabel3-4",
        "RW006/RT003/",
        "Rehab/perbaikan Rumah Tidak Layak Huni",
        "14.00",
        "unit",
        "231000000.00",
        "apbd",
    ),
    (
        "makalah-2018-tabel3-5",
        "RW002/RT002/",
        "Rehab/perbaikan Rumah Tidak Layak Huni",
        "12.00",
        "unit",
        "198000000.00",
        "apbd",
    ),
]


@pytest.mark.parametrize("reference, rt_rw, title, volume, unit, amount, source", PAPER_ROWS)
def test_each_paper_row_is_loaded_exactly(seed, kampung_bugis, reference, rt_rw, title, volume, unit, amount, source):
    intervention = Intervention.objects.get(reference=reference)
    assert intervention.location.number == 6
    assert intervention.location.decree.number == "337"
    assert intervention.area.path == kampung_bugis.path + rt_rw
    assert intervention.title == title
    assert intervention.fiscal_year == 2018
    assert intervention.volume == Decimal(volume)
    assert intervention.unit_id == unit
    lines = list(intervention.funding_lines.values_list("source__code", "fiscal_year", "amount"))
    assert lines == [(source, 2018, Decimal(amount))]


def test_only_the_seven_rows_of_the_paper(seed):
    assert Intervention.objects.count() == 7
    assert FundingLine.objects.count() == 7


def test_paper_totals(seed):
    roads = FundingLine.objects.filter(intervention__kind__code="jalan-beton")
    houses = FundingLine.objects.filter(intervention__kind__code="rehab-rtlh")
    assert roads.aggregate(total=Sum("amount"))["total"] == Decimal("23562620000")
    assert set(roads.values_list("source__code", flat=True)) == {"apbn"}
    assert houses.aggregate(total=Sum("amount"))["total"] == Decimal("1303500000")
    assert Intervention.objects.filter(kind__code="rehab-rtlh").aggregate(v=Sum("volume"))["v"] == 79


def test_roads_are_implemented_by_korkot_and_houses_by_dinas_perkim(seed):
    assert set(Intervention.objects.filter(kind__code="jalan-beton").values_list("implementer__role", flat=True)) == {
        "korkot"
    }
    assert set(Intervention.objects.filter(kind__code="rehab-rtlh").values_list("implementer__role", flat=True)) == {
        "dinas_perkim"
    }


def test_no_invented_progress_or_dates(seed):
    """The paper reports the works as carried out in 2018 but gives no dates or percentages."""
    for intervention in Intervention.objects.all():
        assert intervention.status == Intervention.Status.COMPLETED
        assert intervention.progress_percent is None
        assert intervention.start_date is None and intervention.end_date is None
        assert intervention.beneficiary_households is None
        missing = intervention.flags.get(code="tanpa-data-pelaksanaan")
        assert missing.kind == DataQualityFlag.Kind.MISSING


def test_apbd_level_is_not_invented(seed):
    apbd = FundingSource.objects.get(code="apbd")
    assert apbd.level == FundingSource.Level.UNSPECIFIED
    assert not FundingLine.objects.filter(source__code__in=["apbd-kota", "apbd-provinsi"]).exists()


@pytest.mark.parametrize(
    "reference, code, kind, recorded, other",
    [
        ("makalah-2018-tabel2-2", "satuan-volume", "contradiction", "760,0 m", "760,0 m²"),
        ("makalah-2018-tabel3-1", "jumlah-unit", "contradiction", "21 unit", "20 unit"),
        ("makalah-2018-tabel3-5", "rt-rw-bukan-kumuh", "out_of_scope", "RT002-RW002", None),
    ],
)
def test_contradictions_are_flagged_with_their_sources(seed, reference, code, kind, recorded, other):
    flag = Intervention.objects.get(reference=reference).flags.get(code=code)
    assert flag.kind == kind
    assert flag.recorded_value == recorded
    if other:
        assert flag.other_value == other
    assert flag.source.startswith("Tabel")
    assert flag.other_source


def test_road_kind_is_measured_in_metres_and_may_record_square_metres(seed):
    kind = InterventionKind.objects.get(code="jalan-beton")
    assert kind.default_unit_id == "m"
    assert set(kind.units.values_list("code", flat=True)) == {"m", "m2"}
    assert kind.aspect.number == 2
    assert set(kind.criteria.values_list("code", flat=True)) == {"2a", "2b"}


def test_every_kind_links_to_criteria_of_its_own_aspect(seed):
    for kind in InterventionKind.objects.prefetch_related("criteria"):
        assert kind.criteria.all(), kind.code
        assert {criterion.aspect_id for criterion in kind.criteria.all()} == {kind.aspect_id}, kind.code


def test_seed_again_changes_nothing(seed):
    counts = intervention_seed.load(FIXTURE)
    assert {key for key, value in counts.items() if value and not key.endswith("unchanged")} == set()
    assert Intervention.history.count() == 7


def test_load_seed_reports_the_interventions_step(empty_db):
    out = StringIO()
    call_command("load_seed", stdout=out)
    assert "interventions.json: intervention created: 7" in out.getvalue()


def test_seed_fails_loudly_without_the_aspects(seed):
    Aspect.objects.filter(number=1).update(number=99)
    with pytest.raises(CommandError, match="aspek kekumuhan nomor 1"):
        intervention_seed.load(FIXTURE)
