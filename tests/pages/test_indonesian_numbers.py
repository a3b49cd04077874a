"""Numbers typed the Indonesian way are saved exactly through every form that takes a decimal.

``350,5`` once reached the server of an ``<input type="number">`` as 3505 and ``250.000.000`` as
``250.000000``. Every decimal of every form is now a text box read by ``core.numbers``;
``FORMS_WITH_DECIMALS`` below is checked against the project's forms by
``tests/core/test_number_input.py``, so a new decimal field cannot skip these tests.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from collaboration.models import SharedGoal
from core.formatting import number_id
from interventions.models import FundingLine, Intervention, ProgressUpdate
from sites.models import Area, AreaRecord, Assessment, Measurement, SlumLocation
from tests.factories import interventions as f
from tests.pages.test_interventions_pages import form_data as intervention_data
from tests.pages.test_sites_pages import form_data as assessment_data

pytestmark = pytest.mark.django_db

TYPED = {
    "350,5": Decimal("350.5"),
    "2.002,38": Decimal("2002.38"),
    "250.000.000": Decimal("250000000"),
    "Rp 250.000.000": Decimal("250000000"),
    "2002.38": Decimal("2002.38"),
}
TOO_BIG_FOR_TEN_DIGITS = "Terlalu besar: paling banyak 8 angka sebelum koma."

# form class -> the test below that posts through it
FORMS_WITH_DECIMALS = {
    "interventions.forms.InterventionForm": "test_intervention_volume_and_progress",
    "interventions.forms.FundingLineForm": "test_intervention_volume_and_progress",
    "interventions.forms.ProgressUpdateForm": "test_progress_update_percent",
    "sites.forms.AreaRecordForm": "test_area_record",
    "sites.forms.AssessmentForm": "test_assessment_header_and_criteria",
    "collaboration.forms.SharedGoalForm": "test_shared_goal_target",
}


@pytest.fixture
def bugis(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


@pytest.fixture
def rt003(kampung_bugis):
    return Area.objects.get(path=kampung_bugis.path + "RW006/RT003/")


def body(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("typed", list(TYPED))
def test_intervention_volume_and_progress(client_for, official, bugis, rt003, typed):
    data = intervention_data(bugis, rt003, lines=[("apbn", typed)], volume=typed, progress_percent="62,5")
    response = client_for(official).post(reverse("interventions:intervention-create"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    saved = Intervention.objects.get(title="Jalan beton uji")
    assert saved.volume == TYPED[typed]
    assert saved.progress_percent == Decimal("62.5")
    assert FundingLine.objects.get(intervention=saved).amount == TYPED[typed]


def test_progress_update_percent(client_for, official, bugis, rt003):
    intervention = f.InterventionFactory(location=bugis, area=rt003)
    url = reverse("interventions:progress-update-create", args=[intervention.pk])
    response = client_for(official).post(url, {"date": "2024-03-01", "percent": "37,25"})
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(intervention=intervention).percent == Decimal("37.25")


@pytest.mark.parametrize("typed", list(TYPED))
def test_area_record(client_for, official, bugis, typed):
    url = reverse("sites:area-record-create", args=[bugis.pk])
    before = AreaRecord.objects.count()
    response = client_for(official).post(url, {"year": "2021", "area_ha": typed, "source": "Uji angka"})
    if TYPED[typed] >= Decimal("100000000"):
        # read as 250 million (not 250.000000), and refused for that reason
        assert TOO_BIG_FOR_TEN_DIGITS in body(response)
        assert AreaRecord.objects.count() == before
    else:
        assert response.status_code == 302
        assert AreaRecord.objects.get(location=bugis, year=2021).area_ha == TYPED[typed]


@pytest.mark.parametrize("typed", list(TYPED))
def test_assessment_header_and_criteria(client_for, official, bugis, typed):
    url = reverse("sites:assessment-create", args=[bugis.pk])
    data = assessment_data(
        save="1",
        road_length_m=typed,
        drainage_length_m=typed,
        m_1a_volume=typed,
        m_1a_denominator=typed,
        m_2a_percent="60,5",
        verified_area_ha="18,92",
    )
    response = client_for(official).post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assessment = Assessment.objects.get(location=bugis, assessed_on="2019-03-01")
    assert assessment.road_length_m == TYPED[typed]
    assert assessment.drainage_length_m == TYPED[typed]
    assert assessment.verified_area_ha == Decimal("18.92")
    first = Measurement.objects.get(assessment=assessment, criterion__code="1a")
    assert (first.volume, first.denominator) == (TYPED[typed], TYPED[typed])
    assert Measurement.objects.get(assessment=assessment, criterion__code="2a").given_percent == Decimal("60.5")


def test_assessment_area_too_big_is_explained(client_for, official, bugis):
    url = reverse("sites:assessment-create", args=[bugis.pk])
    response = client_for(official).post(url, assessment_data(save="1", verified_area_ha="250.000.000"))
    assert TOO_BIG_FOR_TEN_DIGITS in body(response)
    assert not Assessment.objects.filter(location=bugis, assessed_on="2019-03-01").exists()


@pytest.mark.parametrize("typed", list(TYPED))
def test_shared_goal_target(client_for, official, bugis, typed):
    data = {
        "location": bugis.pk,
        "title": "Target uji angka",
        "statement": "Luas kumuh turun",
        "target_metric": SharedGoal.Metric.SLUM_AREA_HA,
        "target_value": typed,
        "target_precision": "unknown",
        "date_precision": "unknown",
    }
    response = client_for(official).post(reverse("collaboration:shared-goal-create"), data)
    if TYPED[typed] >= Decimal("100000000"):
        assert TOO_BIG_FOR_TEN_DIGITS in body(response)
        assert not SharedGoal.objects.filter(title="Target uji angka").exists()
    else:
        assert response.status_code == 302
        assert SharedGoal.objects.get(title="Target uji angka").target_value == TYPED[typed]


# --- unclear entries and how numbers are shown again --------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.234", "“1.234” bisa berarti 1234 (ribuan) atau 1,234 (pecahan)."),
        ("2,002.38", "Pakai titik untuk ribuan dan koma untuk desimal"),
        ("25.00.000", "Titik pemisah ribuan harus memisahkan tiap tiga angka"),
        ("dua juta", "“dua juta” bukan angka."),
    ],
)
def test_an_unclear_amount_is_a_clear_field_error_and_saves_nothing(client_for, official, bugis, rt003, typed, message):
    response = client_for(official).post(
        reverse("interventions:intervention-create"), intervention_data(bugis, rt003, lines=[("apbn", typed)])
    )
    assert response.status_code == 200
    assert message in response.context["formset"].forms[0].errors["amount"][0]
    assert f'value="{typed}"' in body(response)
    assert not Intervention.objects.filter(title="Jalan beton uji").exists()


def test_amount_with_three_decimals_names_the_comma(client_for, official, bugis, rt003):
    response = client_for(official).post(
        reverse("interventions:intervention-create"), intervention_data(bugis, rt003, lines=[("apbn", "12,345")])
    )
    assert "Paling banyak 2 angka di belakang koma." in response.context["formset"].forms[0].errors["amount"]


def test_a_rejected_form_shows_the_numbers_again_the_indonesian_way(client_for, official, bugis, rt003):
    data = intervention_data(bugis, rt003, lines=[("apbn", "250000000")], volume="2002.38", fiscal_year="")
    response = client_for(official).post(reverse("interventions:intervention-create"), data)
    assert response.status_code == 200
    html = body(response)
    assert re.search(r'name="volume" value="2\.002,38"', html)
    assert re.search(r'name="lines-0-amount" value="250\.000\.000"', html)


def test_edit_form_shows_stored_figures_the_indonesian_way_in_text_boxes(client_for, official, seed):
    intervention = Intervention.objects.filter(volume__gte=1000).exclude(volume=None).order_by("pk").first()
    html = body(client_for(official).get(reverse("interventions:intervention-update", args=[intervention.pk])))
    volume = re.search(r"<input[^>]*name=\"volume\"[^>]*>", html).group(0)
    assert 'type="text"' in volume and 'inputmode="decimal"' in volume and 'data-number-kind="volume"' in volume
    assert f'value="{number_id(intervention.volume, trim=True)}"' in volume
    amount = re.search(r"<input[^>]*name=\"lines-0-amount\"[^>]*>", html).group(0)
    assert 'data-number-kind="money"' in amount and "." in re.search(r'value="([^"]*)"', amount).group(1)


def test_the_api_keeps_plain_decimals(client_for, official, seed):
    response = client_for(official).get("/api/v1/interventions/", {"page_size": 1})
    volume = response.json()["results"][0]["volume"]
    assert re.fullmatch(r"\d+\.\d{2}", volume)
