"""Reference data pages: every signed-in role reads; officials create and edit."""

import pytest

from interventions.models import FundingSource, InterventionKind


def test_lists_are_readable_by_researchers(client_for, researcher, seed):
    client = client_for(researcher)
    sources = client.get("/funding-sources/").content.decode()
    assert "APBD (tingkat tidak dirinci)" in sources
    assert "/funding-sources/create/" not in sources
    kinds = client.get("/intervention-kinds/").content.decode()
    assert "Jalan beton" in kinds and "<strong>m</strong>" in kinds
    row = kinds[kinds.index("Jalan beton") :]
    assert row[: row.index("</tr>")].count("2a") == 1  # the default rule set's criteria, once


@pytest.mark.parametrize("path", ["/funding-sources/create/", "/intervention-kinds/create/"])
def test_coordinators_and_researchers_cannot_manage(client_for, coordinator_kb, researcher, path):
    for user in (coordinator_kb, researcher):
        assert client_for(user).get(path).status_code == 403


def test_official_adds_and_edits_a_funding_source(client_for, official, seed):
    client = client_for(official)
    data = {"code": "hibah-luar-negeri", "name": "Hibah luar negeri", "level": "nasional", "order": "20"}
    assert client.post("/funding-sources/create/", data).status_code == 302
    source = FundingSource.objects.get(code="hibah-luar-negeri")
    response = client.post(f"/funding-sources/{source.pk}/update/", {**data, "name": "Hibah LN", "is_active": ""})
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.is_active) == ("Hibah LN", False)
    assert source.history.count() == 2


def test_official_kind_form_rejects_a_default_unit_outside_the_units(client_for, official, seed):
    data = {"code": "uji", "name": "Uji", "aspect": InterventionKind.objects.get(code="jalan-beton").aspect_id}
    data.update({"units": ["m"], "default_unit": "kk", "order": "0", "is_active": "on"})
    response = client_for(official).post("/intervention-kinds/create/", data)
    assert response.status_code == 200
    assert "default_unit" in response.context["form"].errors
    assert not InterventionKind.objects.filter(code="uji").exists()
