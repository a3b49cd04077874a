from datetime import date
from decimal import Decimal
from pathlib import Path

import factory
from django.conf import settings

from core.services import flag_upsert
from sites import seed_rules
from sites.models import Area, AreaRecord, Assessment, Decree, RuleSet, SlumLocation, Stakeholder
from sites.services import area_create, assessment_create


def make_area(parent=None, level=Area.Level.KELURAHAN, name=None, segment=None, code=None):
    """An area with a valid path; a kelurahan gets a fresh kota/kecamatan chain unless given one."""
    if parent is None and level != Area.Level.PROVINSI:
        chain = {
            Area.Level.KOTA: [Area.Level.PROVINSI],
            Area.Level.KECAMATAN: [Area.Level.PROVINSI, Area.Level.KOTA],
            Area.Level.KELURAHAN: [Area.Level.PROVINSI, Area.Level.KOTA, Area.Level.KECAMATAN],
            Area.Level.RW: [Area.Level.PROVINSI, Area.Level.KOTA, Area.Level.KECAMATAN, Area.Level.KELURAHAN],
            Area.Level.RT: [
                Area.Level.PROVINSI,
                Area.Level.KOTA,
                Area.Level.KECAMATAN,
                Area.Level.KELURAHAN,
                Area.Level.RW,
            ],
        }[level]
        for ancestor_level in chain:
            parent = make_area(parent=parent, level=ancestor_level)
    n = next(_counter)
    return area_create(parent=parent, level=level, name=name or f"{level} {n}", segment=segment or f"X{n}", code=code)


def _count():
    n = 0
    while True:
        n += 1
        yield n


_counter = _count()


class DecreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decree

    number = factory.Sequence(lambda n: str(100 + n))
    year = 2014
    issuer = "Walikota Uji"
    title = "Penetapan lokasi uji"
    area = factory.LazyFunction(lambda: make_area(level=Area.Level.KOTA))


class SlumLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlumLocation

    decree = factory.SubFactory(DecreeFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Lokasi {n}")
    area = factory.LazyFunction(lambda: make_area(level=Area.Level.KELURAHAN))
    decreed_area_ha = Decimal("10.00")


class AreaRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaRecord

    location = factory.SubFactory(SlumLocationFactory)
    year = 2018
    area_ha = Decimal("5.00")
    source = "uji"
    verification = "verified"


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    name = factory.Sequence(lambda n: f"Pelaku {n}")
    sector = Stakeholder.Sector.COMMUNITY
    role = Stakeholder.Role.KSM


def load_rule_sets() -> None:
    """The two seeded rule sets (fixtures/scoring.json), without the rest of the seed."""
    seed_rules.load(Path(settings.BASE_DIR) / "fixtures" / "scoring.json")


def full_measurements(rule_set: RuleSet, volume: str = "3") -> dict[str, dict]:
    """A volume for every criterion of ``rule_set``, scored against the header's denominators."""
    return {code: {"volume": volume} for code in rule_set.criteria.values_list("code", flat=True)}


HEADER = {
    "verified_area_ha": Decimal("4.00"),
    "buildings": 200,
    "population": 900,
    "households": 250,
    "road_length_m": Decimal("1000.00"),
    "drainage_length_m": Decimal("800.00"),
}


def make_assessment(
    location: SlumLocation,
    *,
    rule_set_code: str = "permen-14-2018",
    assessed_on: date = date(2019, 1, 1),
    area: Area | None = None,
    volume: str = "3",
) -> Assessment:
    """A complete assessment recorded through the service (which computes its scores); needs the
    rule sets (the ``seed`` fixture or ``load_rule_sets()``)."""
    rule_set = RuleSet.objects.get(code=rule_set_code)
    return assessment_create(
        actor=None,
        location=location,
        area=area,
        rule_set=rule_set,
        source=Assessment.Source.VERIFICATION,
        assessed_on=assessed_on,
        header=dict(HEADER),
        measurements=full_measurements(rule_set, volume),
        considerations={"nilai-strategis": "strategis", "kependudukan": "sedang", "sosial-ekonomi": "berpotensi"},
        legality={"penguasaan-lahan": True, "kesesuaian-tata-ruang": True},
        verification_state="verified",
    )


def make_location_with_history(decree: Decree | None = None, *, rts: int = 2) -> SlumLocation:
    """A location with RW/RTs, two area records, a flag and a complete assessment."""
    location = SlumLocationFactory(**({"decree": decree} if decree else {}))
    rw = make_area(parent=location.area, level=Area.Level.RW)
    covered = [make_area(parent=rw, level=Area.Level.RT) for _ in range(rts)]
    location.covered_areas.set(covered)
    AreaRecordFactory(location=location, year=2014, area_ha=Decimal("12.00"))
    AreaRecordFactory(location=location, year=2018, area_ha=Decimal("6.50"))
    flag_upsert(record=location, code="uji", kind="other", message="Catatan uji", source="uji")
    make_assessment(location)
    return location
