"""The location dashboard's "Perubahan" section: indicator change, its interventions, progress to 0 Ha."""

from datetime import date

import pytest
from django.urls import reverse

from interventions.models import Intervention
from sites.models import Area, Assessment, RuleSet, SlumLocation
from tests.api.test_outcomes_api import assess, percents

pytestmark = pytest.mark.django_db


@pytest.fixture
def bugis(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


@pytest.fixture
def rules14(seed):
    return RuleSet.objects.get(code="permen-14-2018")


def page(client, location, **params):
    response = client.get(reverse("location-dashboard", args=[location.pk]), params)
    assert response.status_code == 200
    return response


def test_kampung_bugis_shows_its_cost_per_hectare_with_the_source_records(client, bugis):
    response = page(client, bugis)
    html = response.content.decode()
    assert "Perubahan" in html and 'id="association-note"' in html
    assert "bukan bukti" in html
    progress = response.context["progress"]
    assert str(progress["cost_per_ha_reduced"]) == "1743767181"
    assert "Rp 1.743.767.181" in html
    assert "Rp 24.866.120.000" in html and "14,26 Ha" in html
    # the source records: both area records and the seven interventions of Tabel 2 and 3
    assert "Keputusan Walikota Tanjungpinang No. 337 Tahun 2014" in html
    assert len(response.context["progress_interventions"]) == 7
    assert "Tabel 2 makalah" in html and "Tabel 3 makalah" in html
    # the trend against the decreed area and the target 0
    chart = response.context["progress_chart"]
    assert chart.labels == [2014, 2018]
    assert [label for label, _values in chart.series] == ["Luas kumuh tercatat", "Luas menurut SK", "Target"]


def test_the_seed_baseline_alone_says_no_change_can_be_computed_yet(client, bugis):
    html = page(client, bugis).content.decode()
    assert "Hanya ada satu penilaian" in html
    assert "belum lengkap" in html
    assert "Belum ada data." in html  # the before/after chart is empty, said in words


def test_before_and_after_with_the_road_interventions(client, bugis, rules14):
    assess(bugis, date(2017, 7, 1), percents(rules14, "60", c2a="90"))
    assess(bugis, date(2019, 7, 1), percents(rules14, "30", c2a="10"))
    response = page(client, bugis)
    change = response.context["change"]
    assert (change["from_total"], change["to_total"], change["from_level"], change["to_level"]) == (
        50,
        15,
        "sedang",
        "tidak_kumuh",
    )
    chart = change["chart"]
    assert len(chart.series) == 2 and len(chart.labels) == 7
    html = response.content.decode()
    assert 'data-criterion="2a"' in html and "Kumuh sedang" in html and "Tidak kumuh" in html
    road = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    assert reverse("interventions:intervention-detail", args=[road.pk]) in html
    assert "Rp 19.762.620.000" in html


def test_an_rt_and_two_rule_sets_from_the_query_string(client, bugis, rules14):
    rt003 = Area.objects.get(path__endswith="/RW006/RT003/")
    first = assess(bugis, date(2017, 7, 1), percents(rules14, "60", c2a="90"), area=rt003)
    assess(bugis, date(2019, 7, 1), percents(rules14, "30", c2a="30"), area=rt003)
    change = page(client, bugis, rt=rt003.pk).context["change"]
    assert change["area"] == rt003 and change["from_assessment"]["pk"] == first.pk
    assert next(row for row in change["criteria"] if row["criterion"] == "2a")["score_change"] == -4
    # different rule sets are refused in words and the default comparison is shown
    seed_baseline = Assessment.objects.get(location=bugis, rule_set__code="permen-02-2016")
    whole = assess(bugis, date(2019, 7, 1), percents(rules14, "30"))
    response = page(client, bugis, **{"from": seed_baseline.pk, "to": whole.pk})
    assert "tidak dapat dibandingkan" in response.content.decode()
    # an RT of another location is refused too
    other = SlumLocation.objects.get(number=1, decree__number="337")
    response = page(client, other, rt=rt003.pk)
    assert "Pilih RT yang berada di wilayah lokasi ini." in response.content.decode()


def test_a_location_without_assessments_or_later_area_records_says_so(client, seed):
    location = SlumLocation.objects.get(number=1, decree__number="337")
    html = page(client, location).content.decode()
    assert "Belum ada penilaian untuk lokasi ini." in html
    assert "Belum ada catatan luas kumuh sesudah SK" in html
    assert "Rp 0" not in html.split('id="progress-cost-per-ha"')[1][:200]


def test_the_page_speaks_english_when_chosen(client, bugis):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = page(client, bugis).content.decode()
    assert "Change" in html and "not proof" in html
