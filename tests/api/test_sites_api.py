"""The sites API: /api/v1/areas, decrees, locations, area-records, aspects, rule-sets, assessments."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client

from sites.models import Area, AreaRecord, Assessment, Measurement, SlumLocation
from tests.factories import sites as f

API = "/api/v1/"
pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def api(client_for, official):
    return client_for(official)


# --- seed facts through the API ---------------------------------------------------------------


def test_locations_list_the_seven_decreed_locations_adding_up_to_150_41_ha(seed, api):
    rows = results(api.get(API + "locations/"))
    assert len(rows) == 7
    # 12,6 + 5,99 + 14,6 + 31,64 + 51,85 + 18,92 + 14,81 = 150,41 (decimal strings, summed exactly)
    assert sum(Decimal(row["decreed_area_ha"]) for row in rows) == Decimal("150.41")
    assert [row["number"] for row in rows] == [1, 2, 3, 4, 5, 6, 7]


def test_kampung_bugis_area_history_and_current_area(seed, api):
    rows = results(api.get(API + "locations/", {"search": "Kampung Bugis"}))
    [bugis] = [row for row in rows if row["name"] == "Kampung Bugis"]
    assert bugis["decreed_area_ha"] == "18.92"
    assert (bugis["current_area_ha"], bugis["current_area_year"]) == ("4.66", 2018)
    records = results(api.get(API + "area-records/", {"location": bugis["id"]}))
    assert [(r["year"], r["area_ha"]) for r in records] == [(2014, "18.92"), (2018, "4.66")]
    assert len(bugis["covered_areas"]) == 7


def test_kampung_bugis_latest_level_is_incomplete_with_the_stated_class(seed, api):
    [bugis] = results(api.get(API + "locations/", {"within": "21.72.03.1005"}))
    assert bugis["latest_assessment_id"] is not None
    assert bugis["latest_level"] == ""
    assert bugis["latest_is_complete"] is False
    assert bugis["latest_stated_level"] == "sedang"
    baseline = api.get(API + f"assessments/{bugis['latest_assessment_id']}/").json()
    assert baseline["total_score"] is None and baseline["level"] == ""
    assert {m["criterion"]: m["volume"] for m in baseline["measurements"]} == {"1a": "420.00", "2b": "1460.39"}
    assert baseline["regulation_version"] == "02_2016"
    assert "data-tidak-lengkap" in {flag["code"] for flag in baseline["flags"]}


def test_location_flags_are_in_the_api(seed, api):
    rows = {row["number"]: row for row in results(api.get(API + "locations/"))}
    assert [flag["code"] for flag in rows[2]["flags"]] == ["ejaan-kelurahan"]
    assert rows[2]["flags"][0]["other_value"] == "Tanjung Ayun Sakti"
    assert {flag["code"] for flag in rows[7]["flags"]} == {"kelurahan-kosong", "ejaan-lokasi"}
    rw002 = results(api.get(API + "areas/", {"within": "21.72.03.1005", "search": "002", "level": "rw"}))
    assert [flag["code"] for flag in rw002[0]["flags"]] == ["rw-bukan-kumuh"]


def test_decree_sums_its_locations(seed, api):
    [decree] = results(api.get(API + "decrees/", {"year": 2014}))
    assert decree["number"] == "337"
    assert (decree["locations_count"], decree["locations_total_ha"], decree["stated_total_ha"]) == (
        7,
        "150.41",
        "150.41",
    )


# --- areas --------------------------------------------------------------------------------------


def test_areas_filter_by_level_parent_code_and_subtree(seed, api):
    kecamatan = results(api.get(API + "areas/", {"level": "kecamatan"}))
    assert [a["code"] for a in kecamatan] == ["21.72.01", "21.72.02", "21.72.03", "21.72.04"]
    [bugis] = results(api.get(API + "areas/", {"code": "21.72.03.1005"}))
    children = results(api.get(API + "areas/", {"parent": bugis["id"]}))
    assert [a["name"] for a in children] == ["001", "002", "006"]
    subtree = results(api.get(API + "areas/", {"within": "21.72.03.1005"}))
    # the kelurahan, 3 RWs and 8 RTs (RW001: 3, RW002: 1, RW006: 4)
    assert len(subtree) == 12
    assert all(a["path"].startswith(bugis["path"]) for a in subtree)
    rts = results(api.get(API + "areas/", {"within": "21.72.03.1005", "level": "rt"}))
    assert len(rts) == 8
    assert results(api.get(API + "areas/", {"within": "99.99"})) == []
    assert [a["code"] for a in results(api.get(API + "areas/", {"search": "Senggarang"}))] == ["21.72.03.1003"]


def test_areas_need_sign_in_and_an_empty_write_changes_nothing(seed, api):
    before = Area.objects.count()
    assert Client().get(API + "areas/").status_code == 401
    assert api.post(API + "areas/", {}, content_type="application/json").status_code == 400
    assert api.delete(API + f"areas/{Area.objects.first().pk}/").status_code == 405
    assert Area.objects.count() == before


# --- the indicator framework ---------------------------------------------------------------------


def test_aspects_with_their_criteria_per_rule_set(seed, api):
    rows = results(api.get(API + "aspects/", {"rule_set": "permen-14-2018"}))
    assert [a["number"] for a in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert sum(len(a["criteria"]) for a in rows) == 16
    assert {c["rule_set"] for a in rows for c in a["criteria"]} == {"permen-14-2018"}
    drainage = rows[3]
    assert [(c["code"], c["unit"], c["denominator"]) for c in drainage["criteria"]] == [
        ("4a", "ha", "area_ha"),
        ("4b", "m", "drainage_length_m"),
        ("4c", "m", "drainage_length_m"),
    ]
    old = results(api.get(API + "aspects/", {"rule_set": "permen-02-2016"}))
    assert sum(len(a["criteria"]) for a in old) == 19
    assert [c["code"] for c in old[5]["criteria"]] == ["6a", "6b", "6c"]
    found = results(api.get(API + "aspects/", {"search": "drainase"}))
    assert [a["number"] for a in found] == [4]


def test_rule_set_lists_bands_and_thresholds(seed, api):
    body = api.get(API + "rule-sets/permen-02-2016/").json()
    assert body["max_total"] == 95
    assert [(b["min_percent"], b["score"]) for b in body["bands"]] == [
        ("0.0000", 0),
        ("25.0000", 1),
        ("51.0000", 3),
        ("76.0000", 5),
    ]
    assert {t["level"]: (t["min_total"], t["max_total"]) for t in body["thresholds"]} == {
        "berat": (71, 95),
        "sedang": (45, 70),
        "ringan": (19, 44),
        "tidak_kumuh": (0, 18),
    }
    assert [r["code"] for r in results(api.get(API + "rule-sets/", {"regulation": "14_2018"}))] == ["permen-14-2018"]


# --- assessments: the worked example -------------------------------------------------------------

RT002_RW006 = "21/72/03/1005/RW006/RT002/"

HEADER = {
    "verified_area_ha": "2.50",
    "buildings": 120,
    "population": 600,
    "households": 150,
    "road_length_m": "800",
    "drainage_length_m": "640",
}
MEASUREMENTS = {
    "1a": {"volume": "92"},  # 92 / 120 bldg = 76.666..% -> 76.67 -> 5
    "1b": {"volume": "0.60"},  # 0.60 / 2.50 Ha = 24.00% -> 0
    "1c": {"volume": "61"},  # 61 / 120 = 50.833..% -> 50.83 -> 1 (in the 50-51 gap: still band 25-50)
    "2a": {"percent": "30.5"},  # given directly: 30.50% -> 1
    "2b": {"volume": "409.60"},  # 409.60 / 800 m = 51.20% -> 3
    "3a": {"volume": "38"},  # 38 / 150 KK = 25.333..% -> 25.33 -> 1
    "3b": {"volume": "0"},  # 0% -> 0
    "4a": {"volume": "2.50"},  # 2.50 / 2.50 Ha = 100% -> 5
    "4b": {"volume": "486"},  # 486 / 640 m = 75.9375% -> 75.94 -> 3 (in the 75-76 gap)
    "4c": {"volume": "487"},  # 487 / 640 m = 76.09375% -> 76.09 -> 5
    "5a": {"volume": "114"},  # 114 / 150 KK = 76.00% -> 5
    "5b": {"volume": "113.99"},  # 113.99 / 150 = 75.9933..% -> 75.99 -> 3
    "6a": {"volume": "-5"},  # -5 / 150 = -3.33% after interventions -> clamped to 0 -> 0
    "6b": {"volume": "76.49"},  # 76.49 / 150 = 50.9933..% -> 50.99 -> 1
    "7a": {"volume": "30"},  # 30 / 120 bldg = 25.00% -> 1
    "7b": {"volume": "2499", "denominator": "10000"},  # own denominator: 24.99% -> 0
}
# aspects: 1 = 5+0+1 = 6; 2 = 1+3 = 4; 3 = 1+0 = 1; 4 = 5+3+5 = 13; 5 = 5+3 = 8; 6 = 0+1 = 1; 7 = 1+0 = 1
# total = 6+4+1+13+8+1+1 = 34 -> 16-37 -> kumuh ringan (Permen 14/2018)
EXPECTED_SCORES = [5, 0, 1, 1, 3, 1, 0, 5, 3, 5, 5, 3, 0, 1, 1, 0]
EXPECTED_ASPECTS = {1: 6, 2: 4, 3: 1, 4: 13, 5: 8, 6: 1, 7: 1}

DENOMINATOR_OF = {
    "1a": "buildings",
    "1b": "verified_area_ha",
    "1c": "buildings",
    "2a": "road_length_m",
    "2b": "road_length_m",
    "3a": "households",
    "3b": "households",
    "4a": "verified_area_ha",
    "4b": "drainage_length_m",
    "4c": "drainage_length_m",
    "5a": "households",
    "5b": "households",
    "6a": "households",
    "6b": "households",
    "7a": "buildings",
    "7b": "buildings",
}


def independent_score(code: str, given: dict) -> tuple[Decimal, int]:
    """DOMAIN.md 1.4 written out again: % rounded half-up to 2 decimals, clamped at 0, then
    >= 76 -> 5, >= 51 -> 3, >= 25 -> 1, else 0."""
    if "percent" in given:
        percent = Decimal(given["percent"])
    else:
        denominator = Decimal(str(given.get("denominator") or HEADER[DENOMINATOR_OF[code]]))
        percent = Decimal(given["volume"]) * 100 / denominator
    percent = max(percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), Decimal(0))
    score = 5 if percent >= 76 else 3 if percent >= 51 else 1 if percent >= 25 else 0
    return percent, score


def body_for(location, **extra):
    body = {
        "location": location.pk,
        "rule_set": "permen-14-2018",
        "assessed_on": "2019-01-01",
        "source": "verification",
        "header": HEADER,
        "measurements": MEASUREMENTS,
    }
    body.update(extra)
    return body


@pytest.fixture
def bugis_location(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


def test_posted_assessment_scores_match_an_independent_calculation(bugis_location, api):
    rt = Area.objects.get(path=RT002_RW006)
    body = body_for(
        bugis_location,
        area=rt.pk,
        considerations={"nilai-strategis": "strategis", "kependudukan": "tinggi", "sosial-ekonomi": "tidak-berpotensi"},
        legality={"penguasaan-lahan": True, "kesesuaian-tata-ruang": False},
    )
    response = api.post(API + "assessments/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()

    independent = {code: independent_score(code, given) for code, given in MEASUREMENTS.items()}
    got = {m["criterion"]: (Decimal(m["percent"]), m["score"]) for m in data["measurements"]}
    assert got == independent
    assert [m["score"] for m in data["measurements"]] == EXPECTED_SCORES
    assert {a["aspect"]: a["score"] for a in data["aspects"]} == EXPECTED_ASPECTS
    assert data["total_score"] == sum(score for _, score in independent.values()) == 34
    assert (data["level"], data["is_complete"], data["max_score"]) == ("ringan", True, 80)
    # 5 (strategic) + 5 (density) + 1 (no potential) = 11 -> tinggi; one legality item negative
    # -> tidak legal; ringan + tidak legal -> pemukiman kembali
    assert (data["consideration_score"], data["consideration_class"]) == (11, "tinggi")
    assert data["legal_status"] == "tidak_legal"
    assert data["handling_pattern"] == "Pemukiman kembali"
    assert data["area"]["path"] == RT002_RW006
    assert data["regulation_version"] == "14_2018" and data["year"] == 2019
    m6a = next(m for m in data["measurements"] if m["criterion"] == "6a")
    assert (m6a["volume"], m6a["used_denominator"], m6a["percent"]) == ("-5.00", "150.00", "0.0000")


def test_posted_assessment_under_2016_rule_set_uses_its_thresholds(bugis_location, api):
    # 19 criteria, each 45 / 100 = 45% -> 1 point; total 19 -> the lowest "ringan" under 02/2016
    # (under 14/2018 the same 16 criteria would total 16, also the lowest "ringan").
    measurements = {code: {"volume": "45", "denominator": "100"} for code in DENOMINATOR_OF}
    measurements.update({code: {"volume": "45", "denominator": "100"} for code in ("4d", "4e", "6c")})
    response = api.post(
        API + "assessments/",
        body_for(bugis_location, rule_set="permen-02-2016", measurements=measurements),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["total_score"], data["level"], data["max_score"]) == (19, "ringan", 95)
    assert data["regulation_version"] == "02_2016"


def test_incomplete_assessment_needs_to_say_so_and_has_no_level(bugis_location, api):
    body = body_for(bugis_location, measurements={"1a": {"volume": "10"}})
    assert api.post(API + "assessments/", body, content_type="application/json").status_code == 400
    body["allow_incomplete"] = True
    response = api.post(API + "assessments/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["is_complete"], data["total_score"], data["level"]) == (False, None, "")
    # 10 / 120 = 8.33% -> 0; the aspect has 1 of 3 criteria measured, so no aspect score
    assert data["measurements"][0]["score"] == 0
    assert data["aspects"][0] == {
        "aspect": 1,
        "name": "Kondisi bangunan gedung",
        "criteria": 3,
        "measured": 1,
        "score": None,
        "average_percent": None,
    }


# --- assessments: bad input ----------------------------------------------------------------------


def _with(code, value):
    measurements = dict(MEASUREMENTS)
    measurements[code] = value
    return measurements


@pytest.mark.parametrize(
    ("change", "error_path"),
    [
        ({"measurements": {**MEASUREMENTS, "9z": {"volume": "1"}}}, ("measurements", "9z")),
        ({"measurements": _with("1a", {"volume": "1", "denominator": "-10"})}, ("measurements", "1a")),
        ({"measurements": _with("1a", {"volume": "1", "denominator": "0"})}, ("measurements", "1a")),
        ({"measurements": _with("1a", {"volume": "121"})}, ("measurements", "1a")),
        ({"measurements": _with("2a", {"percent": "100.5"})}, ("measurements", "2a")),
        ({"measurements": _with("2a", {"percent": "5", "volume": "3"})}, ("measurements", "2a")),
        ({"measurements": {k: v for k, v in MEASUREMENTS.items() if k != "7b"}}, ("measurements", "7b")),
        ({"measurements": _with("1a", {"volume": "abc"})}, ("measurements", "1a")),
        ({"header": {**HEADER, "buildings": -1}}, ("header", "buildings")),
        ({"rule_set": "permen-99-2099"}, ("rule_set",)),
        ({"source": "gossip"}, ("source",)),
        ({"assessed_on": "kemarin"}, ("assessed_on",)),
        ({"considerations": {"kependudukan": "sangat-tinggi"}}, ("considerations", "kependudukan")),
        ({"legality": {"imb": True}}, ("legality", "imb")),
    ],
)
def test_bad_input_gets_400_with_field_errors_and_saves_nothing(bugis_location, api, change, error_path):
    before = (Assessment.objects.count(), Measurement.objects.count())
    response = api.post(API + "assessments/", body_for(bugis_location, **change), content_type="application/json")
    assert response.status_code == 400, response.content
    errors = response.json()
    for key in error_path:
        errors = errors[key]
    assert errors
    assert (Assessment.objects.count(), Measurement.objects.count()) == before


def test_rt_outside_the_location_is_refused(bugis_location, api):
    other_rt = f.make_area(level=Area.Level.RT)
    response = api.post(
        API + "assessments/", body_for(bugis_location, area=other_rt.pk), content_type="application/json"
    )
    assert response.status_code == 400
    assert "area" in response.json()


# --- assessments: who may write where ------------------------------------------------------------


def test_coordinator_posts_inside_their_area(bugis_location, client_for, coordinator_kb):
    response = client_for(coordinator_kb).post(
        API + "assessments/", body_for(bugis_location), content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_coordinator_cannot_post_outside_their_area(bugis_location, client_for, coordinator_tu):
    before = Assessment.objects.count()
    client = client_for(coordinator_tu)
    response = client.post(API + "assessments/", body_for(bugis_location), content_type="application/json")
    assert response.status_code == 400
    assert "location" in response.json()
    rt = Area.objects.get(path=RT002_RW006)
    response = client.post(API + "assessments/", body_for(bugis_location, area=rt.pk), content_type="application/json")
    assert response.status_code == 400
    assert "area" in response.json()
    assert Assessment.objects.count() == before


def test_rt_coordinator_may_assess_only_their_rt(bugis_location, client_for):
    from tests.factories import accounts

    rt = Area.objects.get(path=RT002_RW006)
    user = accounts.coordinator(rt, username="ketua-rt")
    client = client_for(user)
    whole = client.post(API + "assessments/", body_for(bugis_location), content_type="application/json")
    assert whole.status_code == 400
    own = client.post(API + "assessments/", body_for(bugis_location, area=rt.pk), content_type="application/json")
    assert own.status_code == 201, own.content


def test_researcher_cannot_post(bugis_location, client_for, researcher):
    client = client_for(researcher)
    response = client.post(API + "assessments/", body_for(bugis_location), content_type="application/json")
    assert response.status_code == 403
    assert client.get(API + "assessments/").status_code == 200


# --- assessments: updates with optimistic locking ------------------------------------------------


def test_update_recomputes_scores_and_bumps_the_version(bugis_location, api):
    created = api.post(API + "assessments/", body_for(bugis_location), content_type="application/json").json()
    # every criterion at 100%: 16 x 5 = 80 -> berat
    measurements = {code: {"percent": "100"} for code in DENOMINATOR_OF}
    body = body_for(bugis_location, measurements=measurements, version=created["version"])
    del body["location"]
    response = api.put(API + f"assessments/{created['id']}/", body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["total_score"], data["level"], data["version"]) == (80, "berat", created["version"] + 1)
    stale = api.put(API + f"assessments/{created['id']}/", body, content_type="application/json")
    assert stale.status_code == 409
    assessment = Assessment.objects.get(pk=created["id"])
    assert assessment.history.count() == 2


def test_coordinator_cannot_update_outside_their_area(bugis_location, api, client_for, coordinator_tu):
    created = api.post(API + "assessments/", body_for(bugis_location), content_type="application/json").json()
    body = body_for(bugis_location, version=created["version"])
    del body["location"]
    response = client_for(coordinator_tu).put(
        API + f"assessments/{created['id']}/", body, content_type="application/json"
    )
    assert response.status_code == 404
    assert Assessment.objects.get(pk=created["id"]).version == created["version"]


def test_assessment_filters(bugis_location, api, tanjung_unggat):
    api.post(API + "assessments/", body_for(bugis_location), content_type="application/json")
    assert len(results(api.get(API + "assessments/", {"within": "21.72.03.1005"}))) == 2
    assert len(results(api.get(API + "assessments/", {"within": tanjung_unggat.code}))) == 0
    [ringan] = results(api.get(API + "assessments/", {"level": "ringan"}))
    assert ringan["total_score"] == 34
    assert len(results(api.get(API + "assessments/", {"is_complete": "false"}))) == 1
    assert len(results(api.get(API + "assessments/", {"rule_set": "permen-02-2016"}))) == 1
    assert len(results(api.get(API + "assessments/", {"search": "Kampung Bugis"}))) == 2
    [located] = results(api.get(API + "locations/", {"latest_level": "ringan"}))
    assert located["name"] == "Kampung Bugis"


# --- area records --------------------------------------------------------------------------------


def test_post_area_record_makes_it_current(bugis_location, api):
    body = {"location": bugis_location.pk, "year": 2020, "area_ha": "2.10", "source": "Verifikasi 2020"}
    response = api.post(API + "area-records/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["area_ha"] == "2.10"
    [bugis] = results(api.get(API + "locations/", {"within": "21.72.03.1005"}))
    assert (bugis["current_area_ha"], bugis["current_area_year"]) == ("2.10", 2020)


def test_current_area_is_latest_by_year_then_date(bugis_location, api):
    f.AreaRecordFactory(location=bugis_location, year=2018, area_ha=Decimal("3.00"), recorded_on="2018-12-01")
    [bugis] = results(api.get(API + "locations/", {"within": "21.72.03.1005"}))
    # two 2018 records: the dated one (1 Dec 2018) is later than the year-only one
    assert bugis["current_area_ha"] == "3.00"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "year": 2018,
                "area_ha": "4.66",
                "source": "Ismail, Putri & Winarti (UMRAH), Collaborative Governance dalam Penanganan Permukiman Kumuh di Kota Tanjungpinang (kondisi 2018)",
            },
            "year",
        ),
        ({"year": 2019, "area_ha": "-1", "source": "x"}, "area_ha"),
        ({"year": 2019, "recorded_on": "2020-01-01", "area_ha": "1", "source": "x"}, "recorded_on"),
        ({"year": 2019, "area_ha": "1"}, "source"),
    ],
)
def test_bad_area_record_gets_400(bugis_location, api, body, field):
    before = AreaRecord.objects.count()
    response = api.post(API + "area-records/", {"location": bugis_location.pk, **body}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert AreaRecord.objects.count() == before


def test_coordinator_adds_area_records_only_in_their_area(bugis_location, client_for, coordinator_kb, coordinator_tu):
    body = {"location": bugis_location.pk, "year": 2021, "area_ha": "1.00", "source": "BKM"}
    outside = client_for(coordinator_tu).post(API + "area-records/", body, content_type="application/json")
    assert outside.status_code == 400
    assert "location" in outside.json()
    inside = client_for(coordinator_kb).post(API + "area-records/", body, content_type="application/json")
    assert inside.status_code == 201


# --- query counts: the same at two data sizes ----------------------------------------------------


def _grow(n):
    decree = f.DecreeFactory()
    return [f.make_location_with_history(decree) for _ in range(n)]


# Every list: SAVEPOINT + session + user + COUNT for the page + the page + RELEASE (ATOMIC_REQUESTS)
# = 6, plus one query per prefetched relation.
LIST_QUERIES = {
    "locations/": 8,  # + flags + covered areas (with their parent)
    "decrees/": 7,  # + flags (area joined; count and sum of locations annotated)
    "area-records/": 8,  # + flags, + the role that decides which verification states are shown
    "areas/": 7,  # + flags
    "aspects/": 7,  # + criteria (with their rule set)
    "rule-sets/": 14,  # + criteria, bands, thresholds, factors, their options, classes, legality, patterns
    "assessments/": 12,  # + the role (verification states shown), measurements, aspect scores, consideration answers, legality answers, flags
}


@pytest.mark.parametrize("url", list(LIST_QUERIES))
def test_list_query_count_does_not_grow(seed, api, django_assert_num_queries, url):
    api.get(API + url)  # warm the content-type cache used by the flags relation
    with django_assert_num_queries(LIST_QUERIES[url]):
        assert api.get(API + url).status_code == 200
    _grow(4)
    with django_assert_num_queries(LIST_QUERIES[url]):
        assert len(results(api.get(API + url))) >= 1


def test_locations_export_as_csv(seed, api):
    response = api.get(API + "locations/", {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 7
    assert "current_area_ha" in rows[0]
    # 12.60 + 5.99 + 14.60 + 31.64 + 51.85 + 18.92 + 14.81 = 150.41
    assert sum(Decimal(row["decreed_area_ha"]) for row in rows) == Decimal("150.41")
