"""The dashboards and reports aggregate in the database: the same number of queries with the
paper's seed alone and with about a hundred times more locations, interventions and evidence."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaboration.models import Stage
from interventions.models import Intervention
from kotaku.reports import REPORTS
from sites.models import Area, Decree, SlumLocation
from tests.factories.collaboration import MeetingFactory, StageAssessmentFactory, evidence_for
from tests.factories.interventions import InterventionFactory, ProgressUpdateFactory, house_kind, road_kind, rt_in
from tests.factories.sites import AreaRecordFactory, DecreeFactory, SlumLocationFactory, make_assessment

FACTOR = 100


def urls(kb: SlumLocation) -> list[str]:
    pages = [
        reverse("home"),
        reverse("city-dashboard"),
        reverse("location-dashboard", args=[kb.pk]),
        reverse("reports"),
    ]
    for slug in REPORTS:
        pages += [
            reverse("report-detail", args=[slug]),
            reverse("report-csv", args=[slug]),
            reverse("report-xlsx", args=[slug]),
        ]
    return pages


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def grow(decree: Decree, kb: SlumLocation, factor: int) -> None:
    """About ``factor`` times the seed: locations with area records, interventions, meetings and
    stage ratings in the decree, and at Kampung Bugis interventions of both tables' kinds,
    evidence of every kind and assessments."""
    kelurahan = list(Area.objects.filter(path__startswith=decree.area.path, level=Area.Level.KELURAHAN))
    for index in range(7 * factor):
        area = kelurahan[index % len(kelurahan)]
        location = SlumLocationFactory(
            decree=decree, number=1000 + index, area=area, decreed_area_ha=Decimal("1.25"), name=f"Lokasi uji {index}"
        )
        AreaRecordFactory(location=location, year=2016 + index % 5, area_ha=Decimal("0.75"))
        InterventionFactory(
            location=location,
            area=rt_in(area),
            fiscal_year=2017 + index % 4,
            lines=[("apbn", "1000000.00"), ("swadaya", "2500.50")] if index % 2 else None,
            flagged=index % 3 == 0,
        )
        MeetingFactory(location=location)
        StageAssessmentFactory(location=location, stage=Stage.values[index % 5])
    places = list(Area.objects.filter(path__startswith=kb.area.path, level=Area.Level.RT))
    for index in range(6 * factor):
        kind = road_kind() if index % 2 else house_kind()
        intervention = InterventionFactory(
            location=kb,
            area=places[index % len(places)],
            kind=kind,
            fiscal_year=2018 + index % 4,
            status=Intervention.Status.ONGOING if index % 3 else Intervention.Status.PLANNED,
            lines=[("apbd", "1500000.00")] if index % 2 else [("dak", "250000.00"), ("apbn", "10.01")],
            flagged=index % 5 == 0,
        )
        if index % 10 == 0:
            ProgressUpdateFactory(intervention=intervention)
    evidence_for(kb, factor, people=False)
    for year in range(factor // 10):
        AreaRecordFactory(location=kb, year=2019 + year, area_ha=Decimal("4.00"), source=f"uji {year}")
        make_assessment(kb, assessed_on=date(2019 + year, 6, 1))
    for _ in range(3):
        DecreeFactory()


def test_dashboards_and_reports_query_counts_do_not_grow_with_the_data(client, seed, django_assert_num_queries):
    kb = SlumLocation.objects.get(name="Kampung Bugis")
    decree = kb.decree
    pages = urls(kb)
    for url in pages:  # warm per-process caches (content types) before counting
        fetch(client, url)
    small = {}
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            fetch(client, url)
        small[url] = len(queries)

    grow(decree, kb, FACTOR)

    for url in pages:
        with django_assert_num_queries(small[url]):
            response = fetch(client, url)
        if url == reverse("city-dashboard"):
            assert len(response.context["rows"]) == 7 + 7 * FACTOR
        if url == reverse("location-dashboard", args=[kb.pk]):
            assert response.context["interventions_total"] == 7 + 6 * FACTOR
            assert sum(len(group["items"]) for group in response.context["timeline"]) > 5 * FACTOR
