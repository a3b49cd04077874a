"""Pages of the sites app: location list and page, area-record and assessment forms (with the
preview before saving), assessment page, rule-set page."""

import re

import pytest

from sites.models import Area, AreaRecord, Assessment, Measurement, SlumLocation
from tests.factories import accounts
from tests.factories import sites as f

pytestmark = pytest.mark.django_db

CODES_2018 = ["1a", "1b", "1c", "2a", "2b", "3a", "3b", "4a", "4b", "4c", "5a", "5b", "6a", "6b", "7a", "7b"]


@pytest.fixture
def bugis(seed):
    return SlumLocation.objects.get(name="Kampung Bugis")


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def form_data(**extra):
    """A 14/2018 form: 1a as 80 of 100 buildings = 80% -> 5; the other 15 criteria given as 60%
    -> 3 each. Total 5 + 15 x 3 = 50 -> 38-59 -> kumuh sedang."""
    data = {
        "rule_set": "permen-14-2018",
        "area": "",
        "assessed_on": "2019-03-01",
        "source": "verification",
        "buildings": "100",
        "m_1a_volume": "80",
    }
    for code in CODES_2018[1:]:
        data[f"m_{code}_percent"] = "60"
    data.update(extra)
    return data


# --- location list -------------------------------------------------------------------------------


def test_location_list_shows_decreed_and_current_area_and_latest_level(bugis, client_for, researcher):
    response = client_for(researcher).get("/locations/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-location="') == 7
    assert 'id="total-decreed-ha">150,41 Ha<' in body
    row = re.search(rf'<tr data-location="{bugis.pk}">(.*?)</tr>', body, re.S).group(1)
    assert "18,92 Ha" in row and "4,66 Ha" in row and "(2018)" in row
    assert 'data-level="tidak_lengkap"' in row and "kumuh sedang" in row
    assert 'data-flag="ejaan-kelurahan"' in body


def test_location_list_search(bugis, client_for, official):
    body = client_for(official).get("/locations/", {"q": "Bukit"}).content.decode()
    # printed kecamatan "Bukit Bestari" (rows 2 and 4)
    assert body.count('data-location="') == 2


def test_location_pages_need_sign_in(bugis, client):
    response = client.get("/locations/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get(f"/locations/{bugis.pk}/").status_code == 302


def test_nav_has_the_sites_entries(bugis, client_for, researcher):
    body = client_for(researcher).get("/").content.decode()
    assert 'href="/locations/"' in body and 'href="/rule-sets/"' in body


def _grow(n):
    decree = f.DecreeFactory()
    for _ in range(n):
        f.make_location_with_history(decree)


def test_location_list_query_count_does_not_grow(bugis, client_for, official, django_assert_num_queries):
    client = client_for(official)
    client.get("/locations/")  # warm the content-type cache of the flags relation
    # SAVEPOINT, session, user, user's groups (menu), COUNT (paginator), page, flags, covered
    # areas, totals aggregate, RELEASE
    with django_assert_num_queries(10):
        client.get("/locations/")
    _grow(5)
    with django_assert_num_queries(10):
        response = client.get("/locations/")
    assert response.content.decode().count('data-location="') == 12


def test_location_page_query_count_does_not_grow(bugis, client_for, official, django_assert_num_queries):
    client = client_for(official)
    url = f"/locations/{bugis.pk}/"
    client.get(url)
    # SAVEPOINT, session, user, location (+ flags, covered RTs + their flags, area records + their
    # flags, decree flags), latest assessment (+ measurements, aspect scores, consideration and
    # legality answers, flags), its rule set's criteria, user's groups (menu), RELEASE, then the
    # lazily rendered list of assessments (+ flags)
    with django_assert_num_queries(21) as first:
        client.get(url)
    _grow(5)
    f.AreaRecordFactory(location=bugis, year=2020, area_ha="3.00")
    f.make_assessment(bugis)
    f.make_assessment(bugis, area=Area.objects.get(path="21/72/03/1005/RW006/RT001/"))
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert "3,00 Ha (2020)" in text(response)


# --- location page -------------------------------------------------------------------------------


def test_location_page_shows_history_rts_flags_and_latest_assessment(bugis, client_for, researcher):
    response = client_for(researcher).get(f"/locations/{bugis.pk}/")
    body = response.content.decode()
    page = text(response)
    assert "18,92 Ha" in page and "4,66 Ha (2018)" in page
    assert re.search(r'data-year="2014">.*?18,92 Ha', body, re.S)
    assert re.search(r'data-year="2018">.*?4,66 Ha', body, re.S)
    assert "RW 001: RT 001 , RT 002 , RT 003" in page
    assert "RW 006: RT 001 , RT 002 , RT 003 , RT 004" in page
    assert "Tabel 1 tidak mencetak kelurahan" in page
    assert 'data-flag-message="data-tidak-lengkap"' in body
    assert "tidak lengkap" in page and "kumuh sedang" in page
    assert re.search(r'data-criterion="1a">.*?420 unit bangunan', body, re.S)
    # researchers read only
    assert "area-record-create-link" not in body and "assessment-create-link" not in body


@pytest.mark.parametrize(("who", "can"), [("official", True), ("coordinator_kb", True), ("coordinator_tu", False)])
def test_location_page_write_links_follow_scope(bugis, client_for, request, who, can):
    body = client_for(request.getfixturevalue(who)).get(f"/locations/{bugis.pk}/").content.decode()
    assert ("area-record-create-link" in body) is can
    assert ("assessment-create-link" in body) is can


# --- area records --------------------------------------------------------------------------------


def test_official_adds_an_area_record(bugis, client_for, official):
    url = f"/locations/{bugis.pk}/area-records/create/"
    response = client_for(official).post(url, {"year": "2020", "area_ha": "2.5", "source": "Verifikasi Perkim"})
    assert response.status_code == 302
    assert AreaRecord.objects.filter(location=bugis, year=2020, area_ha="2.50").exists()
    assert "2,50 Ha (2020)" in text(client_for(official).get(f"/locations/{bugis.pk}/"))


def test_rejected_area_record_keeps_input_and_saves_nothing(bugis, client_for, official):
    before = AreaRecord.objects.count()
    url = f"/locations/{bugis.pk}/area-records/create/"
    response = client_for(official).post(url, {"year": "2019", "area_ha": "-1", "source": "Uji sumber"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Uji sumber"' in body and "is-invalid" in body
    response = client_for(official).post(
        url, {"year": "2018", "recorded_on": "2019-01-01", "area_ha": "1", "source": "Uji"}
    )
    assert "Tanggal harus berada di tahun yang dicatat." in response.content.decode()
    assert AreaRecord.objects.count() == before


def test_area_record_form_outside_scope_is_404_and_researcher_403(bugis, client_for, coordinator_tu, researcher):
    url = f"/locations/{bugis.pk}/area-records/create/"
    assert client_for(coordinator_tu).get(url).status_code == 404
    assert client_for(coordinator_tu).post(url, {"year": "2020", "area_ha": "1", "source": "x"}).status_code == 404
    assert client_for(researcher).get(url).status_code == 403
    assert not AreaRecord.objects.filter(year=2020).exists()


# --- assessments ---------------------------------------------------------------------------------


def test_assessment_form_has_one_row_per_criterion_of_the_chosen_rule_set(bugis, client_for, official):
    client = client_for(official)
    url = f"/locations/{bugis.pk}/assessments/create/"
    body = client.get(url).content.decode()
    assert re.findall(r'<tr data-criterion="(\w+)"', body) == CODES_2018
    assert 'name="score' not in body and "m_1a_score" not in body
    old = client.get(url, {"rule_set": "permen-02-2016"}).content.decode()
    assert len(re.findall(r'<tr data-criterion="(\w+)"', old)) == 19
    assert 'data-criterion="4e"' in old and 'data-criterion="6c"' in old


def test_preview_shows_scores_before_saving_without_javascript(bugis, client_for, official):
    before = Assessment.objects.count()
    url = f"/locations/{bugis.pk}/assessments/create/"
    response = client_for(official).post(url, form_data(preview="1"))
    assert response.status_code == 200
    body = response.content.decode()
    # 5 + 15 x 3 = 50 -> sedang
    assert re.search(r"data-total>50<", body)
    assert 'data-level="sedang"' in body
    assert re.search(r'data-criterion="1a">.*?80%.*?<strong>5</strong>', body, re.S)
    assert 'value="80"' in body  # the typed value is kept
    assert Assessment.objects.count() == before


def test_htmx_preview_returns_the_partial(bugis, client_for, official):
    url = f"/locations/{bugis.pk}/assessments/preview/"
    response = client_for(official).post(url, form_data(), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<section id="assessment-preview"')
    assert "<html" not in body
    assert re.search(r"data-total>50<", body)


def test_save_creates_the_assessment_with_computed_scores(bugis, client_for, official):
    url = f"/locations/{bugis.pk}/assessments/create/"
    response = client_for(official).post(url, form_data(save="1"))
    assert response.status_code == 302
    assessment = Assessment.objects.get(assessed_on="2019-03-01")
    assert (assessment.total_score, assessment.level, assessment.is_complete) == (50, "sedang", True)
    assert assessment.created_by.username == official.username
    detail = client_for(official).get(response["Location"])
    assert re.search(r'id="assessment-total">50 / 80<', detail.content.decode())
    page = client_for(official).get(f"/locations/{bugis.pk}/").content.decode()
    # the dated assessment is now the latest one of the location
    assert re.search(r'id="latest-level">.*?data-level="sedang"', page, re.S)


def test_invalid_assessment_shows_errors_keeps_input_and_saves_nothing(bugis, client_for, official):
    before = (Assessment.objects.count(), Measurement.objects.count())
    url = f"/locations/{bugis.pk}/assessments/create/"
    response = client_for(official).post(url, form_data(save="1", m_1a_volume="120"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Volume tidak boleh melebihi pembagi." in body
    assert 'name="m_1a_volume" value="120"' in body or 'value="120"' in body
    response = client_for(official).post(url, form_data(save="1", m_7b_percent=""))
    assert "Kriteria ini belum diisi" in response.content.decode()
    assert (Assessment.objects.count(), Measurement.objects.count()) == before


def test_assessment_form_scope(bugis, client_for, coordinator_kb, coordinator_tu, researcher):
    url = f"/locations/{bugis.pk}/assessments/create/"
    assert client_for(coordinator_tu).get(url).status_code == 404
    assert client_for(coordinator_tu).post(url, form_data(save="1")).status_code == 404
    assert (
        client_for(coordinator_tu).post(f"/locations/{bugis.pk}/assessments/preview/", form_data()).status_code == 404
    )
    assert client_for(researcher).get(url).status_code == 403
    assert client_for(coordinator_kb).post(url, form_data(save="1")).status_code == 302


def test_rt_coordinator_can_only_pick_their_rt(bugis, client_for):
    rt = Area.objects.get(path="21/72/03/1005/RW006/RT002/")
    client = client_for(accounts.coordinator(rt, username="rt-002"))
    url = f"/locations/{bugis.pk}/assessments/create/"
    body = client.get(url).content.decode()
    assert re.findall(r'<option value="(\d+)"', body.split('name="area"')[1].split("</select>")[0]) == [str(rt.pk)]
    assert client.post(url, form_data(save="1")).status_code == 200  # whole location: area required
    assert client.post(url, form_data(save="1", area=str(rt.pk))).status_code == 302
    assert Assessment.objects.get(area=rt).total_score == 50


def test_update_recomputes_and_refuses_a_stale_copy(bugis, client_for, official):
    assessment = f.make_assessment(bugis)
    client = client_for(official)
    url = f"/assessments/{assessment.pk}/update/"
    form = client.get(url).content.decode()
    assert 'name="version" value="1"' in form
    response = client.post(url, form_data(save="1", version="1"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.total_score, assessment.level, assessment.version) == (50, "sedang", 2)
    stale = client.post(url, form_data(save="1", version="1", m_1a_volume="10"))
    assert stale.status_code == 200
    assert "sudah diubah orang lain" in stale.content.decode()
    assessment.refresh_from_db()
    assert (assessment.total_score, assessment.version) == (50, 2)


def test_update_outside_scope_is_404(bugis, client_for, coordinator_tu):
    assessment = f.make_assessment(bugis)
    assert client_for(coordinator_tu).get(f"/assessments/{assessment.pk}/update/").status_code == 404


# --- rule sets -----------------------------------------------------------------------------------


def test_rule_set_page_lists_criteria_bands_and_thresholds(bugis, client_for, researcher):
    response = client_for(researcher).get("/rule-sets/")
    body = response.content.decode()
    page = text(response)
    assert 'id="rule-set-permen-14-2018"' in body and 'id="rule-set-permen-02-2016"' in body
    assert re.findall(r"data-max-total>(\d+)<", body) == ["80", "95"]
    assert "≥ 76,00" in page and "≥ 51,00" in page and "≥ 25,00" in page
    assert "60–80" in page and "38–59" in page and "16–37" in page and "0–15" in page
    assert "71–95" in page and "45–70" in page and "19–44" in page and "0–18" in page
    assert body.count('data-criterion="') == 16 + 19
    assert "Pemukiman kembali" in page and "Pemugaran" in page
