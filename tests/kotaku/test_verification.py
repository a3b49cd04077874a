"""Verification (issue 17): a coordinator's entry counts in public figures only after an official
checks it. Through the API, the pages and the audit history."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions.models import Intervention
from sites.models import AreaRecord, SlumLocation
from tests.factories import interventions as intervention_factories

API = "/api/v1/"
JSON = "application/json"


@pytest.fixture
def unggat_location(tanjung_unggat):
    return SlumLocation.objects.filter(area__path__startswith=tanjung_unggat.path).order_by("number").first()


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _current_ha(client):
    response = client.get(reverse("city-dashboard"))
    assert response.status_code == 200
    return response.context["totals"]["current"]


def test_coordinators_area_record_counts_only_after_an_official_verifies_it(
    client_for, coordinator_tu, official, researcher, unggat_location
):
    before = _current_ha(client_for(None))
    body = {"location": unggat_location.pk, "year": 2024, "area_ha": "25.30", "source": "BKM Tanjung Unggat"}
    created = client_for(coordinator_tu).post(API + "area-records/", body, content_type=JSON)
    assert created.status_code == 201, created.content
    record = created.json()
    assert (record["verification"], record["verification_note"]) == ("draft", "")

    assert _current_ha(client_for(None)) == before
    assert record["id"] not in _ids(client_for(researcher).get(API + "area-records/"))

    submitted = client_for(coordinator_tu).post(
        API + f"area-records/{record['id']}/submit/", {"version": record["version"]}, content_type=JSON
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["verification"] == "submitted"
    assert _current_ha(client_for(None)) == before
    assert record["id"] not in _ids(client_for(researcher).get(API + "area-records/"))

    verified = client_for(official).post(
        API + f"area-records/{record['id']}/verify/",
        {"version": submitted.json()["version"], "note": "Dicek di lapangan"},
        content_type=JSON,
    )
    assert verified.status_code == 200, verified.content
    assert verified.json()["verification"] == "verified"
    assert record["id"] in _ids(client_for(researcher).get(API + "area-records/"))
    assert _current_ha(client_for(None)) != before


def test_switch_includes_submitted_records_with_a_banner(client_for, coordinator_tu, official, unggat_location):
    public = _current_ha(client_for(None))
    AreaRecord.objects.create(
        location=unggat_location, year=2024, area_ha=Decimal("25.30"), source="BKM", verification="submitted"
    )
    client = client_for(official)
    plain = client.get(reverse("city-dashboard"))
    assert plain.context["totals"]["current"] == public
    assert plain.context["counting"]["pending"]["area_records"] == 1
    assert b'id="counting-banner"' not in plain.content
    switched = client.get(reverse("city-dashboard"), {"include": "submitted"})
    assert switched.context["totals"]["current"] != public
    assert b'id="counting-banner"' in switched.content
    # visitors cannot switch: the parameter is ignored
    anonymous = client_for(None).get(reverse("city-dashboard"), {"include": "submitted"})
    assert anonymous.context["totals"]["current"] == public
    assert b'id="counting-banner"' not in anonymous.content


def _intervention_in(area, **kwargs):
    return intervention_factories.InterventionFactory(
        location=SlumLocation.objects.filter(area__path__startswith=area.path).first(), **kwargs
    )


def test_verified_record_is_locked_against_coordinators_until_reopened(
    client_for, coordinator_kb, official, kampung_bugis
):
    intervention = _intervention_in(kampung_bugis, verification="verified")
    url = API + f"interventions/{intervention.pk}/"
    coordinator = client_for(coordinator_kb)
    refused = coordinator.patch(url, {"version": intervention.version, "notes": "ubah"}, content_type=JSON)
    assert refused.status_code == 403
    intervention.refresh_from_db()
    assert intervention.notes != "ubah"

    official_client = client_for(official)
    no_note = official_client.post(url + "reopen/", {"version": intervention.version}, content_type=JSON)
    assert no_note.status_code == 400
    assert "Alasan wajib diisi" in str(no_note.json())
    reopened = official_client.post(
        url + "reopen/", {"version": intervention.version, "note": "Volume salah"}, content_type=JSON
    )
    assert reopened.status_code == 200, reopened.content
    assert (reopened.json()["verification"], reopened.json()["verification_note"]) == ("returned", "Volume salah")

    coordinator = client_for(coordinator_kb)
    allowed = coordinator.patch(url, {"version": reopened.json()["version"], "notes": "ubah"}, content_type=JSON)
    assert allowed.status_code == 200, allowed.content


def test_transition_errors(client_for, coordinator_kb, official, kampung_bugis):
    intervention = _intervention_in(kampung_bugis, verification="submitted")
    url = API + f"interventions/{intervention.pk}/"
    coordinator = client_for(coordinator_kb)
    assert coordinator.post(url + "verify/", {"version": intervention.version}, content_type=JSON).status_code == 403
    official_client = client_for(official)
    stale = official_client.post(url + "verify/", {"version": intervention.version + 5}, content_type=JSON)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == intervention.version
    no_reason = official_client.post(url + "return/", {"version": intervention.version, "note": " "}, content_type=JSON)
    assert no_reason.status_code == 400
    reopen_submitted = official_client.post(
        url + "reopen/", {"version": intervention.version, "note": "x"}, content_type=JSON
    )
    assert reopen_submitted.status_code == 400
    assert "tidak dapat" in reopen_submitted.json()["verification"][0]
    intervention.refresh_from_db()
    assert intervention.verification == "submitted"


def test_return_correct_resubmit_and_history(client_for, coordinator_kb, official, kampung_bugis):
    intervention = _intervention_in(kampung_bugis, verification="submitted")
    url = API + f"interventions/{intervention.pk}/"
    returned = client_for(official).post(
        url + "return/", {"version": intervention.version, "note": "Anggaran tidak cocok"}, content_type=JSON
    )
    assert returned.status_code == 200, returned.content
    home = client_for(coordinator_kb).get(reverse("home"))
    assert "Anggaran tidak cocok" in home.content.decode()
    coordinator = client_for(coordinator_kb)
    version = returned.json()["version"]
    corrected = coordinator.patch(url, {"version": version, "notes": "dibetulkan"}, content_type=JSON)
    assert corrected.status_code == 200, corrected.content
    resubmitted = coordinator.post(url + "submit/", {"version": corrected.json()["version"]}, content_type=JSON)
    assert resubmitted.json()["verification"] == "submitted"
    history = list(Intervention.history.filter(id=intervention.pk).order_by("history_date", "history_id"))
    reasons = [(entry.history_change_reason, entry.history_user) for entry in history if entry.history_change_reason]
    assert ("return: Anggaran tidak cocok", official) in reasons
    assert ("submit", coordinator_kb) in reasons


def test_list_filters_on_verification_and_researchers_see_verified_only(
    client_for, official, researcher, kampung_bugis
):
    draft = _intervention_in(kampung_bugis, verification="draft")
    submitted = _intervention_in(kampung_bugis, verification="submitted")
    ids = _ids(client_for(official).get(API + "interventions/", {"verification": "submitted", "page_size": 500}))
    assert submitted.pk in ids
    assert draft.pk not in ids
    assert client_for(official).get(API + "interventions/", {"verification": "bogus"}).status_code == 400
    seen = _ids(client_for(researcher).get(API + "interventions/", {"page_size": 500}))
    assert not seen & {draft.pk, submitted.pk}


def _pending_records(locations, n, *, first_year=2030):
    for index in range(n):
        AreaRecord.objects.create(
            location=locations[index % len(locations)],
            year=first_year + index,
            area_ha=Decimal("1.00"),
            source="uji",
            verification="submitted",
        )
        _intervention_in(locations[index % len(locations)].area, verification="submitted")


def test_queue_query_count_is_flat(client_for, official, seed):
    locations = list(SlumLocation.objects.order_by("pk")[:3])
    client = client_for(official)
    _pending_records(locations, 2)
    client.get(reverse("verification-queue"))
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("verification-queue"))
    assert response.status_code == 200
    _pending_records(locations, 12, first_year=2050)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("verification-queue"))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.content.decode().count('name="items"') == 28


def test_queue_verifies_a_selection_after_confirmation(client_for, official, coordinator_kb, kampung_bugis):
    first = _intervention_in(kampung_bugis, verification="submitted")
    second = _intervention_in(kampung_bugis, verification="submitted")
    tokens = [f"interventions:{first.pk}:{first.version}", f"interventions:{second.pk}:{second.version}"]
    client = client_for(official)
    confirm = client.post(reverse("verification-queue"), {"items": tokens, "action": "verify", "note": ""})
    assert confirm.status_code == 200
    assert b"confirm-submit" in confirm.content
    assert Intervention.objects.filter(pk__in=[first.pk, second.pk], verification="verified").count() == 0
    done = client.post(reverse("verification-queue"), {"items": tokens, "action": "verify", "confirm": "on"})
    assert done.status_code == 302
    assert Intervention.objects.filter(pk__in=[first.pk, second.pk], verification="verified").count() == 2
    assert client_for(coordinator_kb).get(reverse("verification-queue")).status_code == 403


def test_return_from_queue_needs_a_reason(client_for, official, kampung_bugis):
    item = _intervention_in(kampung_bugis, verification="submitted")
    response = client_for(official).post(
        reverse("verification-queue"),
        {"items": [f"interventions:{item.pk}:{item.version}"], "action": "return", "note": "", "confirm": "on"},
    )
    assert response.status_code == 400
    assert "Alasan wajib diisi" in response.content.decode()
    item.refresh_from_db()
    assert item.verification == "submitted"


def test_imported_rows_arrive_as_submitted_and_the_report_says_so(seed, official, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from tests.factories.imports import data_sheets, records, sheet_from, template, write_xlsx

    sheets = data_sheets(template(official, "intervensi"))
    rows = records(sheets["intervensi"])
    rows[0]["catatan"] = "Diperiksa ulang 2024"
    path = write_xlsx(tmp_path, "perubahan.xlsx", {**sheets, "intervensi": sheet_from(rows, sheets["intervensi"][0])})
    out = StringIO()
    call_command("import_xlsx", str(path), "--user", official.username, "--commit", "--quiet-progress", stdout=out)
    assert "berstatus 'diajukan'" in out.getvalue()
    changed = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    assert (changed.notes, changed.verification) == ("Diperiksa ulang 2024", "submitted")
    assert Intervention.objects.exclude(pk=changed.pk).filter(verification="verified").count() == 6
