import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from collaboration.models import Agreement, Milestone
from sites.models import Area, AreaRecord, AssessmentAspect, SlumLocation
from tests.factories.collaboration import MeetingFactory, MilestoneFactory, RubricLevelFactory, StageAssessmentFactory
from tests.factories.sites import (
    DecreeFactory,
    SlumLocationFactory,
    load_rule_sets,
    make_area,
    make_location_with_history,
)

# Tabel 1 of the paper, in its printed order: (location as displayed, decreed hectares).
TABLE_1 = [
    ("Pantai Impian", "12.6"),
    ("Lembah Purnama", "5.99"),
    ("Sungai nibung angus", "14.6"),
    ("Tanjung Unggat", "31.64"),
    ("Pelantar Sulawesi", "51.85"),
    ("Kampung Bugis", "18.92"),
    ("Sanggarang", "14.81"),
]


def html(response) -> str:
    return response.content.decode()


def json_data(response, element_id: str):
    """The value Django's json_script wrote under ``element_id``."""
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html(response), re.S)
    assert match, element_id
    return json.loads(match.group(1))


@pytest.fixture
def kb(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


@pytest.fixture
def city(client, seed):
    return client.get(reverse("city-dashboard"))


def test_city_dashboard_shows_150_41_ha_decreed_over_7_locations(city):
    assert city.status_code == 200
    body = html(city)
    assert 'id="stat-decreed">150,41 Ha<' in body
    assert 'id="stat-locations">7 lokasi<' in body
    assert 'id="total-decreed">150,41 Ha<' in body
    rows = city.context["rows"]
    assert [(row["name"], row["decreed_ha"]) for row in rows] == [(name, Decimal(ha)) for name, ha in TABLE_1]


def test_city_dashboard_sets_current_against_decreed_hectares(city):
    rows = {row["name"]: row for row in city.context["rows"]}
    assert (rows["Kampung Bugis"]["current_ha"], rows["Kampung Bugis"]["current_year"]) == (Decimal("4.66"), 2018)
    assert all(row["current_ha"] is None for name, row in rows.items() if name != "Kampung Bugis")
    totals = city.context["totals"]
    expected_current = Decimal("150.41") - Decimal("18.92") + Decimal("4.66")
    assert (totals["decreed"], totals["current"], totals["updated"], totals["not_updated"]) == (
        Decimal("150.41"),
        expected_current,
        1,
        6,
    )
    assert 'id="stat-current">136,15 Ha<' in html(city)
    trend = city.context["charts"]["trend"]
    assert trend.labels == [2014, 2018]
    assert trend.series[0][1] == [Decimal("150.41"), expected_current]


def test_city_dashboard_budget_status_levels_and_collaboration_matrix(city):
    body = html(city)
    by_source = city.context["charts"]["by_source"]
    assert dict(zip(by_source.labels, by_source.series[0][1], strict=True)) == {
        "APBN": Decimal("23562620000.00"),
        "APBD (tingkat tidak dirinci)": Decimal("1303500000.00"),
    }
    assert "Rp 23.562.620.000" in body and "Rp 1.303.500.000" in body
    status = city.context["charts"]["status"]
    assert dict(zip(status.labels, status.series[0][1], strict=True))["Selesai"] == 7
    by_year = city.context["charts"]["by_year"]
    assert by_year.labels == [2018]
    by_aspect = city.context["charts"]["by_aspect"]
    assert dict(zip(by_aspect.labels, by_aspect.series[0][1], strict=True)) == {
        "1. Kondisi bangunan gedung": Decimal("1303500000.00"),
        "2. Kondisi jalan lingkungan": Decimal("23562620000.00"),
    }
    rows = {row["name"]: row for row in city.context["rows"]}
    assert (rows["Kampung Bugis"]["level_label"], rows["Kampung Bugis"]["level_is_stated"]) == ("Kumuh sedang", True)
    assert rows["Pantai Impian"]["level_label"] == ""
    counts = [cell["count"] for cell in rows["Kampung Bugis"]["stages"]]
    assert counts == [2, 1, 1, 1, 4]
    assert all(cell["rating"] is None for cell in rows["Kampung Bugis"]["stages"])


def test_every_chart_has_its_data_and_a_table_of_its_numbers(city):
    body = html(city)
    for chart in city.context["charts"].values():
        assert f'data-chart="{chart.data_id}"' in body
        payload = json_data(city, chart.data_id)
        assert payload["labels"] == [str(label) for label in chart.labels]
        section = body[body.index(f'id="{chart.id}"') :]
        section = section[: section.index("</section>")]
        assert "<table" in section
        for label in chart.labels:
            assert f'<th scope="row">{label}</th>' in section


def test_stage_matrix_shows_the_latest_rating(client, kb):
    StageAssessmentFactory(
        location=kb,
        stage="trust",
        level=RubricLevelFactory(stage="trust", rank=1, label="Lemah"),
        date=None,
        date_precision="year",
        year=2017,
    )
    StageAssessmentFactory(
        location=kb,
        stage="trust",
        level=RubricLevelFactory(stage="trust", rank=3, label="Kuat"),
        date=None,
        date_precision="year",
        year=2019,
    )
    rows = {row["name"]: row for row in client.get(reverse("city-dashboard")).context["rows"]}
    trust = next(cell for cell in rows["Kampung Bugis"]["stages"] if cell["stage"] == "trust")
    assert (trust["rating"]["label"], trust["rating"]["rank"]) == ("Kuat", 3)


def test_map_without_boundaries_keeps_the_map_and_says_so(city, settings):
    body = html(city)
    assert "Batas wilayah belum tersedia" in body
    assert 'class="map-box" id="city-map" data-map="city-map-data"' in body
    config = json_data(city, "city-map-data")
    assert config["features"] == []
    assert config["center"] == list(settings.MAP_DEFAULT_CENTER)
    assert config["tile_url"] == ""


def test_map_draws_recorded_boundaries_and_the_configured_tiles(client, kb, settings):
    square = {"type": "Polygon", "coordinates": [[[104.44, 0.91], [104.45, 0.91], [104.45, 0.92], [104.44, 0.91]]]}
    SlumLocation.objects.filter(pk=kb.pk).update(boundary=square)
    Area.objects.filter(code="21.72.04.1005").update(boundary={"type": "Feature", "geometry": square})
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(reverse("city-dashboard"))
    config = json_data(response, "city-map-data")
    assert [(item["name"], item["source"]) for item in config["features"]] == [
        ("Tanjung Unggat", "area"),
        ("Kampung Bugis", "location"),
    ]
    assert config["features"][1]["boundary"] == square
    assert config["tile_url"] == settings.MAP_TILE_URL
    assert "Batas wilayah belum tersedia" not in html(response)


def test_location_dashboard_for_kampung_bugis(client, kb):
    response = client.get(reverse("location-dashboard", args=[kb.pk]))
    assert response.status_code == 200
    body = html(response)
    assert 'id="stat-area-trend">18,92 → 4,66 Ha<' in body
    assert re.search(r"APBN: <span[^>]*>Rp 23\.562\.620\.000</span>", body)
    assert re.search(r"APBD \(tingkat tidak dirinci\): <span[^>]*>Rp 1\.303\.500\.000</span>", body)
    assert response.context["budget_total"] == Decimal("24866120000.00")
    trend = response.context["charts"]["trend"]
    assert (trend.labels, trend.series[0][1]) == ([2014, 2018], [Decimal("18.92"), Decimal("4.66")])
    places = response.context["charts"]["places"]
    assert dict(zip(places.labels, places.series[0][1], strict=True)) == {
        "RT002-RW002": Decimal("198000000.00"),
        "RT002-RW006": Decimal("19762620000.00"),
        "RT003-RW006": Decimal("3800000000.00")
        + Decimal("280500000.00")
        + Decimal("247500000.00")
        + Decimal("231000000.00"),
        "RT004-RW006": Decimal("346500000.00"),
    }
    assert dict(zip(places.labels, places.extra[0][2], strict=True))["RT003-RW006"] == 4
    goal = response.context["goals"][0]
    assert goal.percent == Decimal("75.4")
    assert "75,4%" in body


def test_location_dashboard_timeline_shows_fuzzy_dates_honestly(client, kb):
    response = client.get(reverse("location-dashboard", args=[kb.pk]))
    timeline = response.context["timeline"]
    assert [group["year"] for group in timeline] == [2018, None]
    assert [item["title"] for item in timeline[0]["items"]] == ["Pembangunan pelantar beton dan jalan beton"]
    assert timeline[0]["items"][0]["year_only"]
    kinds = {item["kind"] for item in timeline[1]["items"]}
    assert {"Pertemuan", "Berbagi data", "Kesepakatan", "Tujuan bersama", "Hasil antara"} <= kinds
    body = html(response)
    assert "2018 (tahun saja)" in body
    assert "Tanggal tidak diketahui" in body


def test_location_dashboard_aspect_scores_follow_the_assessments(client, db):
    load_rule_sets()
    location = make_location_with_history()
    response = client.get(reverse("location-dashboard", args=[location.pk]))
    chart = response.context["charts"]["aspects"]
    stored = {
        f"{row.aspect.number}. {row.aspect.name}": row.score
        for row in AssessmentAspect.objects.filter(assessment__location=location).select_related("aspect")
    }
    assert dict(zip(chart.labels, chart.series[0][1], strict=True)) == stored
    assert response.context["any_aspect_score"]
    records = AreaRecord.objects.filter(location=location).order_by("year")
    assert response.context["charts"]["trend"].series[0][1] == [record.area_ha for record in records]


def test_seed_assessment_without_scores_is_said_to_be_incomplete(client, kb):
    response = client.get(reverse("location-dashboard", args=[kb.pk]))
    assert not response.context["any_aspect_score"]
    assert [row["label"] for row in response.context["assessments"]] == ["tanggal tidak diketahui · Baseline"]
    assert "Skor per aspek belum dapat dihitung" in html(response)


def test_unknown_location_or_decree_is_404(client, seed):
    assert client.get(reverse("location-dashboard", args=[999999])).status_code == 404
    assert client.get(reverse("city-dashboard"), {"decree": "999999"}).status_code == 404


def test_home_page_leads_to_the_city_dashboard(client, seed):
    body = html(client.get("/"))
    assert f'href="{reverse("city-dashboard")}" id="home-dashboard-link"' in body
    assert 'id="home-decreed">150,41 Ha<' in body


def test_menu_has_dasbor_and_laporan(client, db):
    body = html(client.get("/"))
    assert f'href="{reverse("city-dashboard")}">Dasbor<' in body
    assert f'href="{reverse("reports")}">Laporan<' in body


def test_empty_database_shows_an_empty_dashboard(client, empty_db):
    response = client.get(reverse("city-dashboard"))
    assert response.status_code == 200
    assert "Belum ada surat keputusan" in html(response)
    assert client.get(reverse("reports")).status_code == 200


@pytest.mark.parametrize("requires_login", [False, True])
def test_dashboards_and_reports_are_public_unless_a_login_is_required(client, kb, researcher, settings, requires_login):
    settings.DASHBOARD_REQUIRES_LOGIN = requires_login
    urls = [
        reverse("city-dashboard"),
        reverse("location-dashboard", args=[kb.pk]),
        reverse("reports"),
        reverse("report-detail", args=["tabel-1"]),
        reverse("report-csv", args=["tabel-2"]),
        reverse("report-xlsx", args=["tabel-3"]),
    ]
    for url in urls:
        response = client.get(url)
        if requires_login:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == 200, url
    client.force_login(researcher)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_dashboards_are_read_only(client, kb):
    assert client.post(reverse("city-dashboard")).status_code == 405
    assert client.post(reverse("reports")).status_code == 405


def test_timeline_orders_dated_year_only_and_undated_items(client, kb):
    MeetingFactory(location=kb, title="Rapat Maret", date=date(2019, 3, 5), year=2019)
    MilestoneFactory(
        agreement=Agreement.objects.get(location=kb),
        title="Rencana aksi disahkan",
        status=Milestone.Status.PLANNED,
        due_precision="year",
        due_date=None,
        due_year=2020,
        done_precision="unknown",
        done_date=None,
        done_year=None,
    )
    response = client.get(reverse("location-dashboard", args=[kb.pk]))
    timeline = response.context["timeline"]
    assert [group["year"] for group in timeline] == [2018, 2019, 2020, None]
    assert [item["title"] for item in timeline[1]["items"]] == ["Rapat Maret"]
    assert timeline[2]["items"][0]["detail"] == "Direncanakan · tenggat"
    body = html(response)
    assert "5 Maret 2019" in body
    assert "2020 (tahun saja)" in body


def test_dashboard_opens_on_the_configured_city_and_switches_decree(client, seed, settings):
    other = DecreeFactory(year=2020, area=make_area(level=Area.Level.KOTA, code="99.01"))
    SlumLocationFactory(decree=other, number=1, name="Lokasi kota lain", decreed_area_ha=Decimal("3.50"))
    response = client.get(reverse("city-dashboard"))
    assert response.context["decree"].number == "337"
    assert 'id="decree-select"' in html(response)
    response = client.get(reverse("city-dashboard"), {"decree": other.pk})
    assert [row["name"] for row in response.context["rows"]] == ["Lokasi kota lain"]
    assert response.context["totals"]["decreed"] == Decimal("3.50")
    settings.DASHBOARD_CITY_CODE = "99.01"
    assert client.get(reverse("city-dashboard")).context["decree"] == other
