"""The city report "Capaian pengurangan kumuh": level change, hectares, spending, criteria that moved."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from sites.models import RuleSet, SlumLocation
from tests.api.test_outcomes_api import assess, percents

SLUG = "capaian-pengurangan-kumuh"
pytestmark = pytest.mark.django_db


def report_for(client, **params):
    response = client.get(reverse("report-detail", args=[SLUG]), params)
    assert response.status_code == 200
    return response


def test_every_location_with_kampung_bugis_cost_per_hectare(client, seed):
    response = report_for(client)
    report = response.context["report"]
    assert len(report.rows) == 7
    bugis = next(row for row in report.rows if row["name"] == "Kampung Bugis")
    assert bugis["reduced_ha"] == Decimal("14.26") and bugis["spending"] == Decimal("24866120000.00")
    assert bugis["cost_per_ha_reduced"] == Decimal("1743767181.00")
    assert (bugis["aspect_1"], bugis["aspect_2"]) == (Decimal("1303500000.00"), Decimal("23562620000.00"))
    assert bugis["level_change"] == "belum ada dua penilaian"
    others = [row for row in report.rows if row["name"] != "Kampung Bugis"]
    assert all(row["reduced_ha"] is None and row["cost_per_ha_reduced"] is None for row in others)
    [total] = report.totals
    assert (total["decreed_ha"], total["reduced_ha"]) == (Decimal("150.41"), Decimal("14.26"))
    html = response.content.decode()
    assert "Rp 1.743.767.181" in html or "1.743.767.181" in html
    assert "bukan bukti sebab-akibat" in html


def test_criteria_that_did_not_improve_despite_spending_and_the_reverse(client, seed):
    bugis = SlumLocation.objects.get(name="Kampung Bugis")
    rules = RuleSet.objects.get(code="permen-14-2018")
    # 2a and 2b had road work (Tabel 2) and 1c house repairs (Tabel 3):
    # 2a improves, 2b and 1c do not; 3a improves without any work aimed at it.
    assess(bugis, date(2017, 7, 1), percents(rules, "60", c2a="90"))
    assess(bugis, date(2019, 7, 1), percents(rules, "60", c2a="10", c3a="30"))
    report = report_for(client).context["report"]
    row = next(row for row in report.rows if row["name"] == "Kampung Bugis")
    assert row["spent_not_improved"] == "1c, 2b"
    assert row["improved_unfunded"] == "3a"
    assert row["level_change"] == "Kumuh sedang → Kumuh sedang"
    assert row["score_change"] == -7


def test_sorting_by_a_column_both_ways_keeps_empty_cells_last(client, seed):
    report = report_for(client, sort="-decreed_ha").context["report"]
    assert [row["decreed_ha"] for row in report.rows][:2] == [Decimal("51.85"), Decimal("31.64")]
    report = report_for(client, sort="decreed_ha").context["report"]
    assert report.rows[0]["decreed_ha"] == Decimal("5.99")
    report = report_for(client, sort="reduced_ha").context["report"]
    assert report.rows[0]["name"] == "Kampung Bugis"
    response = report_for(client, sort="decreed_ha")
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html and "sort=-decreed_ha" in html
    # an unknown column leaves the decree's order
    assert [row["number"] for row in report_for(client, sort="nope").context["report"].rows] == list(range(1, 8))
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(reverse("report-csv", args=[SLUG]), {"sort": "-decreed_ha"}).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert rows[1][1] == "Pelantar Sulawesi"
