"""A ``version`` that is not a version (``1abc``, ``-1``, ``false``, empty) is a 400 that changes
nothing, never a delete or an edit that skips the optimistic-locking check; a PATCH that changes
nothing (only ``version``, perhaps with unknown fields) leaves the version where it was."""

from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from collaboration.models import Meeting
from interventions.models import Intervention

API = "/api/v1/interventions/"
MALFORMED = ["1abc", "-1", "false", "", "0", "1.0", " 1", "99999999999999999999"]


@pytest.fixture
def api(official):
    client = APIClient()
    client.force_authenticate(official)
    return client


@pytest.fixture
def intervention(seed):
    return Intervention.objects.get(reference="makalah-2018-tabel2-1")


@pytest.mark.parametrize("version", MALFORMED)
def test_api_delete_with_a_malformed_version_is_400_and_deletes_nothing(api, intervention, version):
    response = api.delete(f"{API}{intervention.pk}/?{urlencode({'version': version})}")
    assert response.status_code == 400, response.content
    assert "version" in response.json()
    assert "tidak terbaca" in response.json()["version"][0]
    assert Intervention.objects.filter(pk=intervention.pk, version=1).exists()


def test_api_delete_with_the_current_version_still_deletes(api, intervention):
    assert api.delete(f"{API}{intervention.pk}/?version=1").status_code == 204
    assert not Intervention.objects.filter(pk=intervention.pk).exists()


@pytest.mark.parametrize("version", ["1abc", "-1", "false", ""])
def test_page_delete_with_a_malformed_version_deletes_nothing(client_for, official, intervention, version):
    response = client_for(official).post(f"/interventions/{intervention.pk}/delete/", {"version": version})
    assert response.status_code == 302
    assert Intervention.objects.filter(pk=intervention.pk, version=1).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("tidak terbaca" in m for m in messages), messages


@pytest.mark.parametrize("version", ["1abc", "-1", "false", "", "0"])
def test_api_patch_with_a_malformed_version_is_400(api, intervention, version):
    response = api.patch(f"{API}{intervention.pk}/", {"version": version, "notes": "x"}, format="json")
    assert response.status_code == 400, response.content
    intervention.refresh_from_db()
    assert intervention.version == 1 and intervention.notes != "x"


def test_patch_with_only_the_version_and_unknown_fields_changes_nothing(api, intervention):
    history = Intervention.history.filter(id=intervention.pk).count()
    response = api.patch(f"{API}{intervention.pk}/", {"version": 1, "no_such_field": "x"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    intervention.refresh_from_db()
    assert intervention.version == 1
    assert Intervention.history.filter(id=intervention.pk).count() == history


def test_patch_with_only_a_stale_version_is_still_409(api, intervention):
    api.patch(f"{API}{intervention.pk}/", {"version": 1, "notes": "x"}, format="json")
    response = api.patch(f"{API}{intervention.pk}/", {"version": 1}, format="json")
    assert response.status_code == 409


def test_meeting_patch_with_only_the_version_changes_nothing(api, seed):
    meeting = Meeting.objects.order_by("pk").first()
    version = meeting.version
    response = api.patch(f"/api/v1/meetings/{meeting.pk}/", {"version": version, "nonsense": 1}, format="json")
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert meeting.version == version


@pytest.mark.parametrize("version", ["1abc", "-1", "false"])
def test_meeting_patch_with_a_malformed_version_is_400(api, seed, version):
    meeting = Meeting.objects.order_by("pk").first()
    response = api.patch(f"/api/v1/meetings/{meeting.pk}/", {"version": version, "title": "x"}, format="json")
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.title != "x"
