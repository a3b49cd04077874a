from decimal import Decimal

import factory

from sites.models import Area, AreaRecord, Decree, SlumLocation, Stakeholder
from sites.services import area_create


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


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    name = factory.Sequence(lambda n: f"Pelaku {n}")
    sector = Stakeholder.Sector.COMMUNITY
    role = Stakeholder.Role.KSM
