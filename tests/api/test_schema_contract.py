"""The OpenAPI schema says what the server does (issue 15): id filters are integers, ``version`` is
required on PUT/PATCH, decimals need a digit, and a filter or page size the server cannot use is a
400 in Indonesian, never the unfiltered list."""

import json
import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.test import APIClient


@pytest.fixture(scope="module")
def schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def resolve(schema, ref):
    return schema["components"]["schemas"][ref.rpartition("/")[2]]


ID_FILTERS = {"location", "decree", "parent", "stakeholder", "intervention", "area", "agreement", "signatory"}


def test_id_filters_are_documented_as_integers(schema):
    numbers = [
        (method, path, parameter["name"])
        for path, method, operation in operations(schema)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and parameter["schema"].get("type") == "number"
    ]
    assert numbers == []
    location = next(p for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"] if p["name"] == "location")
    assert location["schema"]["type"] == "integer"


def test_version_is_required_on_every_put_and_patch_that_takes_it(schema):
    optional, checked = [], 0
    for path, method, operation in operations(schema):
        if method not in ("put", "patch"):
            continue
        for content in operation.get("requestBody", {}).get("content", {}).values():
            component = resolve(schema, content["schema"]["$ref"])
            if "version" in component.get("properties", {}):
                checked += 1
                if "version" not in component.get("required", []):
                    optional.append((method, path))
    assert checked >= 16 and optional == []


def test_version_stays_optional_on_create(schema):
    body = schema["paths"]["/api/v1/interventions/"]["post"]["requestBody"]["content"]["application/json"]
    assert "version" not in resolve(schema, body["schema"]["$ref"]).get("required", [])


def test_decimal_patterns_need_a_digit(schema):
    patterns = {
        field["pattern"]
        for component in schema["components"]["schemas"].values()
        for field in component.get("properties", {}).values()
        if field.get("format") == "decimal" and "pattern" in field
    }
    assert patterns
    for pattern in patterns:
        assert not re.fullmatch(pattern, "") and not re.fullmatch(pattern, "-") and not re.fullmatch(pattern, ".")
        assert re.fullmatch(pattern, "1") and re.fullmatch(pattern, "-1")
        if r"\." in pattern:
            assert re.fullmatch(pattern, "-1.5") and re.fullmatch(pattern, "0.5") and re.fullmatch(pattern, ".5")


def test_page_size_is_documented_from_one(schema):
    parameter = next(p for p in schema["paths"]["/api/v1/locations/"]["get"]["parameters"] if p["name"] == "page_size")
    assert parameter["schema"] == {"type": "integer", "minimum": 1}


@pytest.fixture
def api(researcher):
    client = APIClient()
    client.force_authenticate(researcher)
    return client


@pytest.mark.parametrize(
    "url,name,expected",
    [
        ("/api/v1/rule-sets/?is_default=maybe", "is_default", "Harus berupa true atau false."),
        ("/api/v1/api-tokens/?active=xyz", "active", "Harus berupa true atau false."),
        ("/api/v1/locations/?is_priority=2", "is_priority", "Harus berupa true atau false."),
        ("/api/v1/funding-sources/?is_active=yes", "is_active", "Harus berupa true atau false."),
        ("/api/v1/interventions/?status=xyz", "status", None),
        ("/api/v1/meetings/?date_precision=week", "date_precision", None),
        ("/api/v1/locations/?page_size=abc", "page_size", "Ukuran halaman harus bilangan bulat dari 1 sampai 500."),
        ("/api/v1/locations/?page_size=0", "page_size", "Ukuran halaman harus bilangan bulat dari 1 sampai 500."),
        ("/api/v1/interventions/?page_size=-5", "page_size", "Ukuran halaman harus bilangan bulat dari 1 sampai 500."),
    ],
)
def test_a_value_the_server_cannot_use_is_400_not_the_whole_list(api, seed, url, name, expected):
    response = api.get(url)
    assert response.status_code == 400, response.content[:300]
    messages = response.json()[name]
    if expected:
        assert messages == [expected]


@pytest.mark.parametrize("value,count", [("true", 1), ("True", 1), ("1", 1), ("false", 0), ("0", 0)])
def test_booleans_still_filter(api, seed, value, count):
    response = api.get("/api/v1/rule-sets/", {"is_default": value})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows and all(row["is_default"] == bool(count) for row in rows)
    assert len([row for row in rows if row["is_default"]]) == count


def test_a_page_size_past_the_maximum_is_capped(api, seed):
    response = api.get("/api/v1/areas/", {"page_size": "100000"})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 500


@pytest.mark.parametrize(
    "url,name",
    [
        ("/api/v1/stakeholders/?sector=", "sector"),
        ("/api/v1/meetings/?location=", "location"),
        ("/api/v1/funding-sources/?is_active=", "is_active"),
    ],
)
def test_an_empty_filter_value_is_400(api, seed, url, name):
    response = api.get(url)
    assert response.status_code == 400
    assert response.json() == {name: ["Nilai saringan tidak boleh kosong; hapus parameter ini untuk tidak menyaring."]}


@pytest.mark.parametrize("query", ["page_size=-5", "page_size=abc", "page=abc"])
def test_an_export_refuses_what_the_list_refuses(api, seed, query):
    response = api.get(f"/api/v1/funding-sources/?format=csv&{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_an_aspect_number_nobody_has_is_an_empty_list(api, seed):
    response = api.get("/api/v1/intervention-kinds/", {"aspect": 8023247})
    assert response.status_code == 200 and response.json()["results"] == []
    assert api.get("/api/v1/intervention-kinds/", {"aspect": 1}).json()["count"] > 0
