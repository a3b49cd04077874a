"""The OpenAPI schema: generated without warnings, valid, and documenting errors and exports."""

import io

import pytest
import yaml
from django.core.management import call_command

from core.exports import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_schema_generates_without_warnings_and_validates(schema):
    """``--fail-on-warn`` turns any warning (untyped field, name clash, ...) into a failure."""
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]


def test_every_operation_documents_auth_and_missing_errors(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        assert {"401", "404", "429"} <= set(responses), (method, path)
        if operation.get("security"):
            assert "403" in responses, (method, path)
        for code, response in responses.items():
            if code >= "400":
                assert set(response["content"]) == {"application/json"}, (method, path, code)


def test_operations_with_input_document_400(schema):
    for path, method, operation in operations(schema):
        takes_input = "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", []))
        if takes_input:
            assert "400" in operation["responses"], (method, path)


def test_every_list_documents_its_exports_as_files(schema):
    lists = [
        (path, op) for path, method, op in operations(schema) if method == "get" and op["operationId"].endswith("_list")
    ]
    assert lists
    for path, operation in lists:
        content = operation["responses"]["200"]["content"]
        for media_type in (CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE):
            assert content[media_type]["schema"] == {"type": "string", "format": "binary"}, path
        formats = next(p for p in operation["parameters"] if p["name"] == "format")
        assert {"csv", "xlsx", "json"} <= set(formats["schema"]["enum"]), path


def test_token_authentication_is_documented(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "apiKey"
    assert scheme["name"] == "Authorization"


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "<style" not in html
    assert "<script>" not in html
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_read_only_choice_that_the_model_allows_blank_documents_the_blank():
    """DRF drops ``allow_blank`` from read-only fields; the schema puts it back from the model."""
    from django.urls import path
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework import generics, serializers

    from sites.models import SlumLocation

    class LocationOut(serializers.ModelSerializer):
        class Meta:
            model = SlumLocation
            fields = ["typology"]
            read_only_fields = fields

    class LocationList(generics.ListAPIView):
        serializer_class = LocationOut
        queryset = SlumLocation.objects.none()

    document = SchemaGenerator(patterns=[path("locations/", LocationList.as_view())]).get_schema(public=True)

    typology = document["components"]["schemas"]["LocationOut"]["properties"]["typology"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in typology["oneOf"]
