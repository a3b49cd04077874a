"""/api/v1/indicator-changes/ and /api/v1/slum-reduction/: did the spending go with a change?"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from interventions.models import Intervention
from sites.models import Area, Assessment, RuleSet, SlumLocation
from sites.services import assessment_create
from tests.factories import sites as f
from tests.factories.interventions import InterventionFactory

API = "/api/v1/"
CHANGES = API + "indicator-changes/"
REDUCTION = API + "slum-reduction/"
pytestmark = pytest.mark.django_db


def percents(rule_set: RuleSet, value: str, **overrides) -> dict[str, dict]:
    """A percent for every criterion of the rule set, some overridden (``c2a="90"``)."""
    codes = rule_set.criteria.values_list("code", flat=True)
    return {code: {"percent": overrides.get(f"c{code}", value)} for code in codes if overrides.get(f"c{code}") != ""}


def assess(location, on: date, measurements, *, rule_set="permen-14-2018", area=None, allow_incomplete=False):
    return assessment_create(
        actor=None,
        location=location,
        area=area,
        rule_set=RuleSet.objects.get(code=rule_set),
        source=Assessment.Source.MONITORING,
        assessed_on=on,
        header=dict(f.HEADER),
        measurements=measurements,
        allow_incomplete=allow_incomplete,
    )


@pytest.fixture
def bugis(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


@pytest.fixture
def rules14():
    return RuleSet.objects.get(code="permen-14-2018")


@pytest.fixture
def pair(bugis, rules14):
    """Baseline 2017: every criterion 60 % (score 3), 2a 90 % (5): total 50, kumuh sedang.
    Follow-up 2019: every criterion 30 % (1), 2a 10 % (0): total 15, tidak kumuh."""
    baseline = assess(bugis, date(2017, 7, 1), percents(rules14, "60", c2a="90"))
    follow_up = assess(bugis, date(2019, 7, 1), percents(rules14, "30", c2a="10"))
    return baseline, follow_up


@pytest.fixture
def api(client_for, researcher):
    return client_for(researcher)


def rows_by_code(body):
    return {row["criterion"]: row for row in body["results"]}


def test_kampung_bugis_2a_improves_with_the_papers_road_interventions_attached(api, bugis, pair):
    baseline, follow_up = pair
    response = api.get(CHANGES, {"location": bugis.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    rows = rows_by_code(body)
    assert len(rows) == 16
    road = rows["2a"]
    assert (road["from_percent"], road["to_percent"]) == ("90.00", "10.00")
    assert (road["from_score"], road["to_score"], road["score_change"], road["improved"]) == (5, 0, -5, True)
    roads = Intervention.objects.filter(reference__in=["makalah-2018-tabel2-1", "makalah-2018-tabel2-2"])
    assert sorted(road["interventions"]) == sorted(roads.values_list("pk", flat=True))
    assert road["intervention_budget"] == "23562620000.00"  # 19.762.620.000 + 3.800.000.000 (Tabel 2)
    # rehab RTLH (Tabel 3) targets 1c, not the roads
    rehab = Intervention.objects.filter(reference__startswith="makalah-2018-tabel3")
    assert sorted(rows["1c"]["interventions"]) == sorted(rehab.values_list("pk", flat=True))
    assert rows["3a"]["interventions"] == [] and rows["3a"]["score_change"] == -2
    summary = body["summary"]
    assert (summary["from_total"], summary["to_total"], summary["total_change"]) == (50, 15, -35)
    assert (summary["from_level"], summary["to_level"]) == ("sedang", "tidak_kumuh")
    assert summary["from_assessment"]["id"] == baseline.pk and summary["to_assessment"]["id"] == follow_up.pk
    assert summary["rule_set"] == "permen-14-2018" and summary["status"] == "ok"
    assert (summary["window_from_year"], summary["window_to_year"]) == (2016, 2019)
    jalan = next(aspect for aspect in summary["aspects"] if aspect["aspect"] == 2)
    assert (jalan["from_score"], jalan["to_score"], jalan["score_change"]) == (8, 1, -7)


def test_interventions_outside_the_window_are_not_attached(api, bugis, rules14):
    # The paper's work is from 2018; assessments in 2020 and 2022 count work from 2019 on.
    assess(bugis, date(2020, 3, 1), percents(rules14, "60"))
    assess(bugis, date(2022, 3, 1), percents(rules14, "30"))
    rows = rows_by_code(api.get(CHANGES, {"location": bugis.pk}).json())
    assert rows["2a"]["interventions"] == [] and rows["2a"]["intervention_budget"] == "0.00"
    # a year before the first assessment still counts
    late = InterventionFactory(location=bugis, area=Area.objects.get(path__endswith="RW006/RT002/"))
    late.kind = Intervention.objects.get(reference="makalah-2018-tabel2-1").kind
    late.fiscal_year, late.status = 2019, Intervention.Status.COMPLETED
    late.save(update_fields=["kind", "fiscal_year", "status"])
    rows = rows_by_code(api.get(CHANGES, {"location": bugis.pk}).json())
    assert rows["2a"]["interventions"] == [late.pk]


def test_explicit_from_and_to_pick_the_pair(api, bugis, rules14, pair):
    baseline, follow_up = pair
    middle = assess(bugis, date(2018, 7, 1), percents(rules14, "60", c2a="60"))
    body = api.get(CHANGES, {"location": bugis.pk, "from": middle.pk, "to": follow_up.pk}).json()
    assert rows_by_code(body)["2a"]["score_change"] == -3
    assert body["summary"]["from_assessment"]["id"] == middle.pk
    # by default: the latest and the first under its rule set
    body = api.get(CHANGES, {"location": bugis.pk}).json()
    assert body["summary"]["from_assessment"]["id"] == baseline.pk


def test_a_location_without_assessments_says_so_and_gives_no_zero(api, seed):
    location = SlumLocation.objects.get(number=1, decree__number="337")
    body = api.get(CHANGES, {"location": location.pk}).json()
    assert body["results"] == []
    summary = body["summary"]
    assert summary["status"] == "missing"
    assert summary["from_total"] is None and summary["to_total"] is None and summary["total_change"] is None
    assert summary["notes"] == ["Belum ada penilaian untuk lokasi ini."]


def test_only_the_seed_baseline_gives_one_side_under_02_2016_without_totals(api, bugis):
    # The paper's baseline: 02/2016, two volumes without denominators, stated class kumuh sedang.
    body = api.get(CHANGES, {"location": bugis.pk}).json()
    summary = body["summary"]
    assert summary["status"] == "single" and summary["rule_set"] == "permen-02-2016"
    assert len(body["results"]) == 19
    assert summary["to_total"] is None and summary["to_level"] is None
    assert summary["to_stated_level"] == "sedang"
    assert all(row["score_change"] is None and row["from_score"] is None for row in body["results"])
    assert any("Hanya ada satu penilaian" in note for note in summary["notes"])
    assert any("belum lengkap" in note for note in summary["notes"])


def test_an_incomplete_follow_up_leaves_its_totals_and_missing_criteria_empty(api, bugis, rules14):
    assess(bugis, date(2017, 7, 1), percents(rules14, "60", c2a="90"))
    incomplete = percents(rules14, "30", c2a="10", c7a="", c7b="")
    assess(bugis, date(2019, 7, 1), incomplete, allow_incomplete=True)
    body = api.get(CHANGES, {"location": bugis.pk}).json()
    rows = rows_by_code(body)
    assert rows["2a"]["score_change"] == -5
    assert (rows["7a"]["from_score"], rows["7a"]["to_score"], rows["7a"]["score_change"]) == (3, None, None)
    assert rows["7a"]["to_percent"] is None and rows["7a"]["improved"] is None
    summary = body["summary"]
    assert summary["status"] == "incomplete"
    assert (summary["from_total"], summary["to_total"], summary["total_change"]) == (50, None, None)
    assert (summary["from_level"], summary["to_level"]) == ("sedang", None)
    kebakaran = next(aspect for aspect in summary["aspects"] if aspect["aspect"] == 7)
    assert (kebakaran["from_score"], kebakaran["to_score"]) == (6, None)
    assert any("7a, 7b" in note for note in summary["notes"])


def test_two_rule_sets_are_not_compared(api, bugis, rules14, pair):
    _baseline, follow_up = pair
    seed_baseline = Assessment.objects.get(location=bugis, rule_set__code="permen-02-2016")
    before = Assessment.objects.count()
    response = api.get(CHANGES, {"location": bugis.pk, "from": seed_baseline.pk, "to": follow_up.pk})
    assert response.status_code == 400
    [message] = response.json()["to"]
    assert "aturan yang berbeda" in message and "tidak dapat dibandingkan" in message
    assert Assessment.objects.count() == before


def test_02_2016_assessments_compare_on_their_19_criteria(api, seed):
    location = SlumLocation.objects.get(number=4, decree__number="337")
    rules16 = RuleSet.objects.get(code="permen-02-2016")
    assess(location, date(2016, 5, 1), percents(rules16, "80"), rule_set="permen-02-2016")
    assess(location, date(2018, 5, 1), percents(rules16, "30", c4d="80"), rule_set="permen-02-2016")
    body = api.get(CHANGES, {"location": location.pk}).json()
    rows = rows_by_code(body)
    assert len(rows) == 19 and rows["4d"]["score_change"] == 0 and rows["4e"]["score_change"] == -4
    assert (body["summary"]["from_total"], body["summary"]["to_total"]) == (95, 23)
    assert (body["summary"]["from_level"], body["summary"]["to_level"]) == ("berat", "ringan")


def test_rt_level_change_attaches_only_that_rts_work(api, bugis, rules14):
    rt003 = Area.objects.get(path__endswith="/RW006/RT003/")
    assess(bugis, date(2017, 7, 1), percents(rules14, "60", c2a="90"), area=rt003)
    assess(bugis, date(2019, 7, 1), percents(rules14, "30", c2a="30"), area=rt003)
    # a whole-location assessment does not count for the RT
    assess(bugis, date(2021, 7, 1), percents(rules14, "0"))
    body = api.get(CHANGES, {"location": bugis.pk, "area": rt003.pk}).json()
    rows = rows_by_code(body)
    assert body["summary"]["area"] == rt003.pk
    assert rows["2a"]["score_change"] == -4
    road = Intervention.objects.get(reference="makalah-2018-tabel2-2")  # 760 m at RT003-RW006
    assert rows["2a"]["interventions"] == [road.pk]
    assert rows["2a"]["intervention_budget"] == "3800000000.00"
    assert len(rows["1c"]["interventions"]) == 3  # the three rehab RTLH rows at RT003


def test_a_location_that_does_not_exist_is_404_in_indonesian(api, seed):
    response = api.get(CHANGES, {"location": "999999"})
    assert response.status_code == 404
    assert "tidak ada" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "location", "harus diisi"),
        ({"location": "abc"}, "location", "bilangan bulat"),
        ({"location": "{bugis}", "from": "x"}, "from", "bilangan bulat"),
        ({"location": "{bugis}", "area": "{kelurahan}"}, "area", "RT dengan id ini tidak ada"),
        ({"location": "{bugis}", "area": "{other_rt}"}, "area", "RT yang berada di wilayah lokasi"),
        ({"location": "{bugis}", "to": "{other_assessment}"}, "to", "tidak ada untuk lokasi"),
    ],
)
def test_bad_parameters_answer_400_in_indonesian(api, bugis, params, field, message):
    other = SlumLocation.objects.get(number=1, decree__number="337")
    other_rt = f.make_area(parent=f.make_area(parent=other.area, level=Area.Level.RW), level=Area.Level.RT)
    values = {
        "bugis": bugis.pk,
        "kelurahan": bugis.area_id,
        "other_rt": other_rt.pk,
        "other_assessment": f.make_assessment(other).pk,
    }
    query = {key: value.format(**values) for key, value in params.items()}
    response = api.get(CHANGES, query)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def test_signed_out_answers_401(client, bugis):
    assert client.get(CHANGES, {"location": bugis.pk}).status_code == 401
    assert client.get(REDUCTION).status_code == 401


def test_indicator_changes_export_as_csv_and_xlsx(api, bugis, pair):
    response = api.get(CHANGES, {"location": bugis.pk, "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 16
    road = next(row for row in rows if row["criterion"] == "2a")
    assert (road["from_score"], road["to_score"], road["score_change"]) == ("5", "0", "-5")
    assert (road["from_level"], road["to_level"], road["from_total"]) == ("sedang", "tidak_kumuh", "50")
    assert len(road["interventions"].split("; ")) == 2
    response = api.get(CHANGES, {"location": bugis.pk, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert "score_change" in header and sheet.max_row == 17
    # a failed export answers JSON
    response = api.get(CHANGES, {"format": "csv"})
    assert response.status_code == 400 and "location" in response.json()


def test_indicator_change_query_count_is_flat(api, bugis, pair, django_assert_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert api.get(CHANGES, {"location": bugis.pk}).status_code == 200
        return len(captured)

    small = count()
    rt = Area.objects.get(path__endswith="/RW006/RT002/")
    kind = Intervention.objects.get(reference="makalah-2018-tabel2-1").kind
    for _index in range(20):
        InterventionFactory(location=bugis, area=rt, kind=kind, fiscal_year=2018, status="completed")
    with django_assert_num_queries(small):
        assert api.get(CHANGES, {"location": bugis.pk}).status_code == 200


# --- slum reduction -------------------------------------------------------------------------------


def test_kampung_bugis_cost_per_hectare_reduced(api, bugis):
    response = api.get(REDUCTION, {"city": "21.72"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["city"] == {"code": "21.72", "name": "Kota Tanjungpinang"} or body["city"]["code"] == "21.72"
    assert len(body["results"]) == 7
    row = next(item for item in body["results"] if item["location"] == bugis.pk)
    # 18,92 Ha (SK 2014) - 4,66 Ha (2018) = 14,26 Ha; Tabel 2 + Tabel 3 = Rp 24.866.120.000
    assert (row["decreed_ha"], row["latest_ha"], row["reduced_ha"]) == ("18.92", "4.66", "14.26")
    assert (row["baseline_year"], row["latest_year"], row["target_ha"]) == (2014, 2018, "0.00")
    assert row["spending"] == "24866120000.00"
    assert row["cost_per_ha_reduced"] == "1743767181.00"
    by_source = {item["source"]: item for item in row["spending_by_source"]}
    assert by_source["apbn"]["amount"] == "23562620000.00" and by_source["apbd"]["amount"] == "1303500000.00"
    by_aspect = {item["aspect"]: item["amount"] for item in row["spending_by_aspect"]}
    assert by_aspect == {1: "1303500000.00", 2: "23562620000.00"}
    assert [(point["year"], point["area_ha"]) for point in row["area_records"]] == [(2014, "18.92"), (2018, "4.66")]
    assert row["score_gain"] is None and row["cost_per_score_point"] is None
    # other locations have no record after the decree: nothing reduced, never a zero
    others = [item for item in body["results"] if item["location"] != bugis.pk]
    assert all(item["reduced_ha"] is None and item["cost_per_ha_reduced"] is None for item in others)
    summary = body["summary"]
    assert (summary["decreed_ha"], summary["current_ha"], summary["reduced_ha"]) == ("150.41", "136.15", "14.26")
    assert summary["cost_per_ha_reduced"] == "1743767181.00"


def test_cost_per_score_point_from_two_complete_assessments(api, bugis, pair):
    row = next(item for item in api.get(REDUCTION).json()["results"] if item["location"] == bugis.pk)
    assert (row["from_total"], row["to_total"], row["score_gain"]) == (50, 15, 35)
    assert (row["from_level"], row["to_level"]) == ("sedang", "tidak_kumuh")
    # 24.866.120.000 / 35 = 710.460.571,43 -> Rp 710.460.571
    assert row["cost_per_score_point"] == "710460571.00"


def test_slum_reduction_bad_city_answers_400(api, seed):
    response = api.get(REDUCTION, {"city": "99.99"})
    assert response.status_code == 400
    assert "tidak ada" in response.json()["city"][0]
    kelurahan = api.get(REDUCTION, {"city": "21.72.03.1005"})
    assert kelurahan.status_code == 400


def test_slum_reduction_exports_one_row_per_location(api, bugis):
    response = api.get(REDUCTION, {"city": "21.72", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 7
    row = next(item for item in rows if item["location"] == str(bugis.pk))
    assert (row["cost_per_ha_reduced"], row["reduced_ha"], row["spending"]) == (
        "1743767181.00",
        "14.26",
        "24866120000.00",
    )
    response = api.get(REDUCTION, {"city": "21.72", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 8


def test_slum_reduction_query_count_is_flat(api, bugis, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert api.get(REDUCTION).status_code == 200
    small = len(captured)
    for index in range(5):
        location = f.SlumLocationFactory(
            decree=bugis.decree, number=100 + index, area=f.make_area(parent=bugis.area.parent)
        )
        f.AreaRecordFactory(location=location, year=2018, area_ha=Decimal("6.50"))
        f.make_assessment(location, assessed_on=date(2016, 1, 1), volume="3.5")
        f.make_assessment(location)
        InterventionFactory(
            location=location, area=f.make_area(parent=location.area, level=Area.Level.RW), fiscal_year=2017
        )
    assert len(api.get(REDUCTION).json()["results"]) == 12
    with django_assert_num_queries(small):
        assert api.get(REDUCTION).status_code == 200


def test_codebook_describes_both_endpoints_with_their_exports(client, seed):
    endpoints = {item["path"]: item for item in client.get(API + "codebook/").json()["endpoints"]}
    changes, reduction = endpoints[CHANGES], endpoints[REDUCTION]
    assert changes["formats"] == ["json", "csv", "xlsx"] == reduction["formats"]
    fields = {field["name"]: field for field in changes["fields"]}
    for name in ("criterion", "from_percent", "to_percent", "from_score", "to_score", "score_change", "interventions"):
        assert f"results[].{name}" in fields
    for name in ("from_total", "to_total", "from_level", "to_level"):
        assert f"summary.{name}" in fields
    assert fields["results[].from_percent"]["unit"] == "%"
    assert "score_change" in changes["export_columns"]
    reduction_fields = {field["name"]: field for field in reduction["fields"]}
    assert reduction_fields["results[].cost_per_ha_reduced"]["unit"] == "Rp"
    assert reduction_fields["results[].reduced_ha"]["unit"] == "Ha"
    assert "cost_per_ha_reduced" in reduction["export_columns"]


def test_both_endpoints_are_in_the_openapi_schema(client, seed):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    changes = schema["paths"][CHANGES]["get"]
    assert {param["name"] for param in changes["parameters"]} >= {"location", "area", "from", "to"}
    assert "400" in changes["responses"]
    assert REDUCTION in schema["paths"]


def test_decimal_figures_keep_their_scale(api, bugis):
    row = next(item for item in api.get(REDUCTION).json()["results"] if item["location"] == bugis.pk)
    assert Decimal(row["spending"]) / Decimal(row["reduced_ha"]) > Decimal("1743767180")


def test_codebook_export_columns_are_the_csv_headers(client, api, bugis):
    endpoints = {item["path"]: item for item in client.get(API + "codebook/").json()["endpoints"]}
    for path, params in ((CHANGES, {"location": bugis.pk}), (REDUCTION, {})):
        response = api.get(path, {**params, "format": "csv"})
        header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert endpoints[path]["export_columns"] == header
