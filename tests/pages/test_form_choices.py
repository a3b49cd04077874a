"""Selects say "— pilih —" instead of Django's "---------", and a coordinator with one location
finds it already chosen on a new record."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CREATE_PAGES = [
    "interventions:intervention-create",
    "collaboration:meeting-create",
    "collaboration:shared-goal-create",
    "collaboration:outcome-create",
]


@pytest.mark.parametrize("url_name", CREATE_PAGES)
def test_selects_never_show_djangos_dashes(client_for, official, seed, url_name):
    html = client_for(official).get(reverse(url_name)).content.decode()
    assert "---------" not in html
    assert "— pilih —" in html


@pytest.mark.parametrize("url_name", CREATE_PAGES)
def test_a_coordinator_with_one_location_finds_it_chosen(client_for, coordinator_kb, url_name):
    form = client_for(coordinator_kb).get(reverse(url_name)).context["form"]
    [only] = form.fields["location"].queryset
    assert form["location"].value() == only.pk


def test_the_only_locations_rt_rw_are_offered_at_once(client_for, coordinator_kb):
    html = client_for(coordinator_kb).get(reverse("interventions:intervention-create")).content.decode()
    area_select = html[html.index('id="id_area"') : html.index("</select>", html.index('id="id_area"'))]
    assert "RT 003" in area_select or "RT003" in area_select
