"""``load_areas``: Indonesia's official area list (idn-area-data 4.0.1) loaded in bulk, idempotent,
never renaming what is already recorded."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.models import DataQualityFlag
from sites.models import Area
from sites.services.official_load import NAME_FLAG_CODE

pytestmark = pytest.mark.django_db


def load(*args) -> str:
    out = StringIO()
    call_command("load_areas", *args, stdout=out)
    return out.getvalue()


def snapshot():
    areas = list(Area.objects.order_by("path").values_list("path", "code", "name", "level", "parent_id"))
    flags = list(DataQualityFlag.objects.order_by("pk").values_list("pk", "object_id", "code", "message"))
    return areas, flags, Area.history.count()


def test_city_21_71_creates_batam_with_its_64_kelurahan(empty_db):
    output = load("--city", "21.71")
    batam = Area.objects.get(code="21.71")
    assert (batam.name, batam.level, batam.parent.code, batam.path) == ("Kota Batam", "kota", "21", "21/71/")
    assert Area.objects.get(code="21").name == "Kepulauan Riau"
    assert Area.objects.in_subtree(batam).filter(level="kecamatan").count() == 12
    assert Area.objects.in_subtree(batam).filter(level="kelurahan").count() == 64
    assert not Area.objects.in_subtree(batam).filter(level="desa").exists()
    assert not Area.objects.filter(code__startswith="21.72").exists()
    assert "kelurahan: dibuat 64, sudah ada 0" in output
    assert "dibuat 78" in output  # 1 provinsi + 1 kota + 12 kecamatan + 64 kelurahan
    # Audited: every created area has its history row.
    assert Area.history.filter(history_type="+").count() == 78


def test_second_run_changes_nothing(empty_db):
    load("--city", "21.71")
    before = snapshot()
    output = load("--city", "21.71")
    assert snapshot() == before
    assert "kelurahan: dibuat 0, sudah ada 64" in output
    assert "dibuat 0, dibiarkan 78" in output


def test_province_loads_every_city_of_the_province(empty_db):
    load("--province", "21")
    assert Area.objects.filter(level__in=["kota", "kabupaten"], code__startswith="21.").count() == 7
    assert Area.objects.get(code="21.72.03.1005").name == "Kampung Bugis"
    assert Area.objects.get(code="21.01").level == "kabupaten"
    assert Area.objects.filter(level="desa", code__startswith="21.").exists()


def test_seed_keeps_its_names_and_flags_and_differences_are_reported(seed):
    kampung_bugis = Area.objects.get(code="21.72.03.1005")
    seed_areas = dict(Area.objects.values_list("path", "name"))
    seed_flags = list(DataQualityFlag.objects.order_by("pk").values_list("pk", "object_id", "code", "message"))
    kb_history = kampung_bugis.history.count()

    output = load("--city", "21.72")

    assert dict(Area.objects.filter(path__in=seed_areas).values_list("path", "name")) == seed_areas
    kept = DataQualityFlag.objects.filter(pk__in=[row[0] for row in seed_flags]).order_by("pk")
    assert list(kept.values_list("pk", "object_id", "code", "message")) == seed_flags
    assert kampung_bugis.history.count() == kb_history
    assert not kampung_bugis.flags.exists()
    # The list spells "Kota Tanjung Pinang"; the seed's "Kota Tanjungpinang" stays and is flagged.
    assert "dibiarkan 21.72: tercatat “Kota Tanjungpinang”, daftar resmi “Kota Tanjung Pinang” (ditandai)" in output
    flag = Area.objects.get(code="21.72").flags.get(code=NAME_FLAG_CODE)
    assert (flag.kind, flag.recorded_value, flag.other_value) == (
        "spelling",
        "Kota Tanjungpinang",
        "Kota Tanjung Pinang",
    )
    assert "idn-area-data 4.0.1" in flag.other_source
    # Nothing to create: the seed already holds the city's 18 kelurahan.
    assert "kelurahan: dibuat 0, sudah ada" in output

    before = snapshot()
    again = load("--city", "21.72")
    assert snapshot() == before
    assert "(sudah ditandai)" in again and "(ditandai)" not in again


def test_seed_rw_and_rt_stay_under_kampung_bugis(seed):
    load("--city", "21.72")
    assert Area.objects.get(path="21/72/03/1005/RW006/RT002/").parent.parent.code == "21.72.03.1005"


@pytest.mark.parametrize(("option", "code"), [("--city", "21.99"), ("--province", "99"), ("--city", "21")])
def test_unknown_code_is_refused(option, code):
    before = snapshot()
    with pytest.raises(CommandError, match="tidak ada di daftar wilayah resmi"):
        load(option, code)
    assert snapshot() == before
