"""``/api/v1/users/``: officials create coordinator and researcher accounts, assign and withdraw
areas, deactivate, and set one-time passwords that must be changed at the first sign-in."""

import pytest
from django.contrib.auth import get_user_model

from core.models import OneTimePassword
from sites.models import AreaAssignment

API = "/api/v1/users/"
pytestmark = pytest.mark.django_db
PASSWORD = "Batam-Kumuh-2016!"


def post(client, data):
    return client.post(API, data, content_type="application/json")


def patch(client, pk, data):
    return client.patch(f"{API}{pk}/", data, content_type="application/json")


def new_coordinator(client, **extra):
    data = {
        "username": "bkm-unggat-2",
        "name": "Siti",
        "role": "coordinator",
        "areas": ["21.72.04.1005"],
        "password": PASSWORD,
    }
    return post(client, {**data, **extra})


def test_official_creates_a_coordinator_who_must_change_the_password(client_for, official, tanjung_unggat, client):
    response = new_coordinator(client_for(official))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {k: body[k] for k in ("username", "name", "role", "areas", "is_active", "must_change_password")} == {
        "username": "bkm-unggat-2",
        "name": "Siti",
        "role": "coordinator",
        "areas": ["21.72.04.1005"],
        "is_active": True,
        "must_change_password": True,
    }
    user = get_user_model().objects.get(username="bkm-unggat-2")
    assert user.history.count() >= 1

    client.logout()
    signed_in = client.post("/accounts/login/", {"username": "bkm-unggat-2", "password": PASSWORD})
    assert signed_in.status_code == 302
    # Everything but the password form is closed until the password is changed.
    assert client.get("/interventions/").status_code == 302
    assert client.get("/interventions/")["Location"] == "/accounts/password-change/"
    assert client.get("/api/v1/me/").status_code == 403
    response = client.post(
        "/accounts/password-change/",
        {"old_password": PASSWORD, "new_password1": "Unggat-Baru-2024#", "new_password2": "Unggat-Baru-2024#"},
    )
    assert response.status_code == 302
    assert not OneTimePassword.objects.filter(user=user).exists()
    assert client.get("/api/v1/me/").status_code == 200


def test_password_refused_by_django_validators_changes_nothing(client_for, official, tanjung_unggat):
    before = get_user_model().objects.count()
    response = new_coordinator(client_for(official), password="12345678")
    assert response.status_code == 400
    messages = response.json()["password"]
    assert any("terlalu" in message for message in messages), messages
    assert get_user_model().objects.count() == before


def test_unknown_area_code_and_unknown_role_change_nothing(client_for, official, tanjung_unggat):
    client = client_for(official)
    before = get_user_model().objects.count()
    response = new_coordinator(client, areas=["21.72.04.9999"])
    assert response.status_code == 400 and response.json()["areas"] == ["Wilayah berkode 21.72.04.9999 tidak tercatat."]
    assert new_coordinator(client, role="city_official").status_code == 400
    assert get_user_model().objects.count() == before


def test_official_withdraws_and_assigns_areas_and_deactivates(client_for, official, coordinator_tu, kampung_bugis):
    client = client_for(official)
    response = patch(client, coordinator_tu.pk, {"areas": ["21.72.03.1005"]})
    assert response.status_code == 200 and response.json()["areas"] == ["21.72.03.1005"]
    assert list(AreaAssignment.objects.filter(user=coordinator_tu).values_list("area__code", flat=True)) == [
        "21.72.03.1005"
    ]
    assert AreaAssignment.history.filter(history_type="-").count() == 1
    response = patch(client, coordinator_tu.pk, {"is_active": False})
    assert response.status_code == 200 and response.json()["is_active"] is False
    response = patch(client, coordinator_tu.pk, {"password": "Kata-Sandi-Baru-99"})
    assert response.json()["must_change_password"] is True


def test_only_officials_see_and_manage_accounts(client_for, coordinator_tu, researcher, official):
    for user in (coordinator_tu, researcher):
        client = client_for(user)
        assert client.get(API).status_code == 403
        assert new_coordinator(client).status_code == 403
    # Officials' own accounts are not managed here.
    assert patch(client_for(official), official.pk, {"name": "x"}).status_code == 404
