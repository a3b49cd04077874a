"""Cross-cutting API behaviour: /api/v1/me/, error shapes, throttling."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import override_settings
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from core.api import exception_handler
from core.concurrency import Conflict
from core.services import api_token_issue

ME = "/api/v1/me/"


@pytest.mark.django_db
def test_me_for_an_official_writes_everywhere(client_for, official):
    body = client_for(official).get(ME).json()

    assert body["roles"] == ["city_official"]
    assert body["can_write"] is True
    assert body["can_see_personal_data"] is True
    assert body["write_scope"] == "everywhere"
    assert body["areas"] == []
    assert body["authenticated_by"] == "session"
    assert body["token"] is None


@pytest.mark.django_db
def test_me_for_a_coordinator_lists_the_assigned_area(client_for, coordinator_kb, kampung_bugis):
    body = client_for(coordinator_kb).get(ME).json()

    assert body["roles"] == ["coordinator"]
    assert body["write_scope"] == "areas"
    assert body["areas"] == [
        {"code": "21.72.03.1005", "name": kampung_bugis.name, "level": "kelurahan", "path": kampung_bugis.path}
    ]


@pytest.mark.django_db
def test_me_for_a_researcher_is_read_only(client_for, researcher):
    body = client_for(researcher).get(ME).json()

    assert body["can_write"] is False
    assert body["can_see_personal_data"] is False
    assert body["write_scope"] == "none"


@pytest.mark.django_db
def test_me_answers_401_to_visitors(client):
    response = client.get(ME)

    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_researcher_cannot_write_through_the_api(client_for, researcher):
    response = client_for(researcher).post("/api/v1/data-quality-flags/", {}, content_type="application/json")

    assert response.status_code == 403


def test_model_and_serializer_validation_errors_have_the_same_shape():
    from_model = exception_handler(DjangoValidationError({"budget": ["Harus positif."]}), {})
    from_serializer = exception_handler(ValidationError({"budget": ["Harus positif."]}), {})

    assert from_model.status_code == from_serializer.status_code == 400
    assert from_model.data == from_serializer.data == {"budget": ["Harus positif."]}


def test_model_error_without_a_field_is_a_non_field_error():
    response = exception_handler(DjangoValidationError("Tanggal selesai sebelum tanggal mulai."), {})

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Tanggal selesai sebelum tanggal mulai."]}


def test_serializer_field_errors_match_the_handler_shape():
    class Input(serializers.Serializer):
        budget = serializers.DecimalField(max_digits=12, decimal_places=2)

    serializer = Input(data={"budget": "banyak"})
    assert not serializer.is_valid()

    response = exception_handler(ValidationError(serializer.errors), {})

    assert list(response.data) == ["budget"]
    assert isinstance(response.data["budget"], list)


def test_conflict_answers_409_with_the_current_version():
    response = exception_handler(Conflict("Sudah diubah orang lain.", current_version=4), {})

    assert response.status_code == 409
    assert response.data == {"detail": "Sudah diubah orang lain.", "code": "conflict", "current_version": 4}


@pytest.fixture
def fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()


TINY_RATES = {"user": "3/minute", "anon": "2/minute"}


def tiny(settings_module_rest_framework):
    return {**settings_module_rest_framework, "DEFAULT_THROTTLE_RATES": TINY_RATES}


@pytest.mark.django_db
def test_user_over_the_rate_gets_429(client, researcher, settings, fresh_throttle_cache):
    _token, key = api_token_issue(user=researcher, name="x")
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}

    with override_settings(REST_FRAMEWORK=tiny(settings.REST_FRAMEWORK)):
        statuses = [client.get(ME, **headers).status_code for _ in range(4)]
        limited = client.get(ME, **headers)

    assert statuses == [200, 200, 200, 429]
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert set(limited.json()) == {"detail"}


@pytest.mark.django_db
def test_rate_is_counted_per_user(client, researcher, official, settings, fresh_throttle_cache):
    _t, researcher_key = api_token_issue(user=researcher, name="x")
    _t, official_key = api_token_issue(user=official, name="y")

    with override_settings(REST_FRAMEWORK=tiny(settings.REST_FRAMEWORK)):
        for _ in range(3):
            client.get(ME, HTTP_AUTHORIZATION=f"Token {researcher_key}")
        assert client.get(ME, HTTP_AUTHORIZATION=f"Token {researcher_key}").status_code == 429
        assert client.get(ME, HTTP_AUTHORIZATION=f"Token {official_key}").status_code == 200


@pytest.mark.django_db
def test_exports_count_against_the_rate(client, researcher, settings, fresh_throttle_cache):
    client.force_login(researcher)

    with override_settings(REST_FRAMEWORK=tiny(settings.REST_FRAMEWORK)):
        for _ in range(3):
            assert client.get("/api/v1/data-quality-flags/", {"format": "csv"}).status_code == 200
        response = client.get("/api/v1/data-quality-flags/", {"format": "csv"})

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_visitors_are_throttled_per_address(client, settings, fresh_throttle_cache):
    with override_settings(REST_FRAMEWORK=tiny(settings.REST_FRAMEWORK)):
        statuses = [client.get("/api/v1/codebook/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_visitors_cannot_dodge_the_rate_with_x_forwarded_for(client, settings, fresh_throttle_cache):
    with override_settings(REST_FRAMEWORK=tiny(settings.REST_FRAMEWORK)):
        statuses = [
            client.get("/api/v1/codebook/", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}").status_code for number in range(3)
        ]

    assert statuses == [200, 200, 429]


def test_a_bare_list_validation_error_gets_the_object_shape():
    response = exception_handler(ValidationError(["Karakter null tidak diizinkan."]), {})

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Karakter null tidak diizinkan."]}


@pytest.mark.django_db
def test_search_with_a_nul_byte_answers_400_with_field_shape(client_for, researcher):
    response = client_for(researcher).get("/api/v1/data-quality-flags/", {"search": "a\x00b"})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [response.json()["non_field_errors"][0]]}
