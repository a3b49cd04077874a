"""The API contract is a committed file: docs/openapi.yaml must be exactly what the code generates,
so every API change shows in review. ``/api/schema/`` serves the same document from a per-process cache."""

import difflib
import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from kotaku.api_views import CachedSchemaView
from tests.factories import accounts

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
REGENERATE = "bash scripts/update_openapi.sh"


def test_committed_schema_matches_the_code(django_db_blocker):
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("spectacular", "--lang", "id", "--validate", "--fail-on-warn", stdout=out)
    generated = out.getvalue()
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    if generated != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    generated.splitlines(keepends=True),
                    "docs/openapi.yaml (committed)",
                    "schema of the code",
                )
            )[:60]
        )
        pytest.fail(
            f"docs/openapi.yaml is out of date with the API; regenerate it with `{REGENERATE}` and commit it.\n{diff}"
        )


@pytest.fixture
def counted_generation(monkeypatch):
    """Counts how often ``/api/schema/`` generates the document, starting from an empty cache."""
    monkeypatch.setattr(CachedSchemaView, "_documents", {})
    calls = []
    original = SchemaGenerator.get_schema

    def get_schema(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", get_schema)
    return calls


@pytest.mark.django_db
def test_schema_is_generated_once_then_served_from_the_cache(client, counted_generation):
    first = client.get("/api/schema/")
    second = client.get("/api/schema/")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(counted_generation) == 1
    assert yaml.safe_load(second.content) == yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_cached_schema_is_kept_per_language_and_format(client, counted_generation):
    indonesian = client.get("/api/schema/", {"lang": "id"})
    english = client.get("/api/schema/", {"lang": "en"})
    assert indonesian.content != english.content
    as_json = client.get("/api/schema/", {"lang": "en", "format": "json"})
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert as_json.json() == yaml.safe_load(english.content)
    assert client.get("/api/schema/", {"lang": "id"}).content == indonesian.content
    assert len(counted_generation) == 2


@pytest.mark.django_db
def test_cached_schema_is_kept_per_role(client, counted_generation):
    """The views may describe themselves by the caller's role (personal-data serializers), so the
    cache keeps one document per set of roles and never hands one role's document to another."""
    anonymous = client.get("/api/schema/").content
    client.force_login(accounts.official(username="pejabat-skema"))
    official = client.get("/api/schema/").content
    assert client.get("/api/schema/").content == official
    client.logout()
    assert client.get("/api/schema/").content == anonymous
    assert len(counted_generation) == 2
