"""Factories for interventions and their reference data.

Reference rows (units, funding sources, kinds) are get-or-create by code, so they coexist with
the seed: a test may load the paper's seed and still build more rows with these factories.
"""

from decimal import Decimal

import factory

from core.services import flag_upsert
from interventions.models import FundingLine, FundingSource, Intervention, InterventionKind, ProgressUpdate, Unit
from sites.models import Area, Aspect
from tests.factories.sites import SlumLocationFactory, make_area

UNIT_SYMBOLS = {"m": "m", "m2": "m²", "ha": "Ha", "unit": "unit", "kk": "KK"}


def unit(code: str) -> Unit:
    obj, _ = Unit.objects.get_or_create(code=code, defaults={"symbol": UNIT_SYMBOLS.get(code, code), "name": code})
    return obj


def aspect(number: int) -> Aspect:
    """The seeded aspect when the indicator framework is loaded, else a stand-in for the test."""
    obj, _ = Aspect.objects.get_or_create(number=number, defaults={"name": f"Aspek {number}"})
    return obj


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"sumber-{n}")
    name = factory.LazyAttribute(lambda o: o.code.upper())
    level = FundingSource.Level.NATIONAL


class InterventionKindFactory(factory.django.DjangoModelFactory):
    """``units``: the allowed unit codes; ``unit_codes[0]`` is the default unit."""

    class Meta:
        model = InterventionKind
        django_get_or_create = ["code"]
        skip_postgeneration_save = True

    class Params:
        unit_codes = ("m",)
        aspect_number = 2

    code = factory.Sequence(lambda n: f"jenis-{n}")
    name = factory.LazyAttribute(lambda o: f"Jenis {o.code}")
    aspect = factory.LazyAttribute(lambda o: aspect(o.aspect_number))
    default_unit = factory.LazyAttribute(lambda o: unit(o.unit_codes[0]))

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        self.units.add(*[unit(code) for code in (extracted or [self.default_unit_id])])


def road_kind() -> InterventionKind:
    return InterventionKindFactory(code="jalan-beton", name="Jalan beton", aspect_number=2, units=["m", "m2"])


def house_kind() -> InterventionKind:
    return InterventionKindFactory(
        code="rehab-rtlh", name="Rehab RTLH", aspect_number=1, unit_codes=("unit",), units=["unit"]
    )


def rt_in(kelurahan: Area, rw: str = "RW901", rt: str = "RT001") -> Area:
    """An RT (and its RW) under ``kelurahan``, reusing them when they exist."""
    rw_area = Area.objects.filter(parent=kelurahan, segment=rw).first() or make_area(
        parent=kelurahan, level=Area.Level.RW, name=rw[2:], segment=rw
    )
    return Area.objects.filter(parent=rw_area, segment=rt).first() or make_area(
        parent=rw_area, level=Area.Level.RT, name=rt[2:], segment=rt
    )


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention
        skip_postgeneration_save = True

    location = factory.SubFactory(SlumLocationFactory)
    area = factory.LazyAttribute(lambda o: rt_in(o.location.area))
    kind = factory.LazyFunction(road_kind)
    title = factory.LazyAttribute(lambda o: o.kind.name)
    verification = "verified"
    fiscal_year = 2019
    volume = Decimal("100.00")
    unit = factory.LazyAttribute(lambda o: o.kind.default_unit)
    status = Intervention.Status.PLANNED

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        """``lines=[(source_code, amount), ...]``; one APBN line of Rp 1.000.000 by default."""
        for code, amount in extracted if extracted is not None else [("apbn", Decimal("1000000.00"))]:
            FundingLine.objects.create(
                intervention=self,
                source=FundingSourceFactory(code=code),
                fiscal_year=self.fiscal_year,
                amount=Decimal(amount),
            )

    @factory.post_generation
    def flagged(self, create, extracted, **kwargs):
        if extracted:
            flag_upsert(record=self, code="uji", kind="other", message="Catatan uji", source="uji")


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    intervention = factory.SubFactory(InterventionFactory)
    date = factory.Faker("date_between", start_date="-1y", end_date="today")
    percent = Decimal("50.00")
    verification = "verified"
