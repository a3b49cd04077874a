"""Errors answer in the interface language: JSON under /api/, the site's own pages elsewhere."""

import pytest
from django.conf import settings
from django.test import Client

from interventions import selectors


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_unrouted_api_address_is_a_json_404_in_indonesian(client, db):
    response = client.get("/api/v1/interventions/satu/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Alamat API ini tidak ada. Lihat /api/docs/."}


def test_the_api_404_speaks_english_when_chosen(english, db):
    assert english.get("/api/v2/").json() == {"detail": "This API address does not exist. See /api/docs/."}


def test_an_unrouted_page_is_the_sites_404_page(client, db):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_a_refused_page_is_the_sites_403_page(client_for, coordinator_kb):
    response = client_for(coordinator_kb).get("/audit-log/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_an_indonesian_page_and_saves_nothing(coordinator_kb):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator_kb)
    response = client.post("/accounts/password-change/", {"old_password": "x"})
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.content.decode()


@pytest.fixture
def broken_selector(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "intervention_list", fail)


def test_a_server_error_in_the_api_is_json(client_for, official, broken_selector):
    client = client_for(official)
    client.raise_request_exception = False
    response = client.get("/api/v1/interventions/")
    assert response.status_code == 500
    assert response.json()["detail"].startswith("Terjadi kesalahan di server")
    assert "fire" not in response.content.decode()


def test_a_server_error_on_a_page_is_the_plain_500_page(client_for, official, broken_selector):
    client = client_for(official)
    client.raise_request_exception = False
    response = client.get("/interventions/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Terjadi kesalahan" in body
    assert "fire" not in body
