"""The codebook: every field of every endpoint, generated, so it cannot fall behind."""

import csv
import io

import pytest

from core.services import flag_upsert
from kotaku.codebook import unit_for, unit_for_name

CODEBOOK = "/api/v1/codebook/"


@pytest.fixture
def codebook(client, db):
    response = client.get(CODEBOOK)
    assert response.status_code == 200
    return {endpoint["path"]: endpoint for endpoint in response.json()["endpoints"]}


@pytest.fixture
def schema_paths(client, db):
    import yaml

    return yaml.safe_load(client.get("/api/schema/").content)["paths"]


def test_codebook_covers_every_readable_endpoint_of_the_schema(codebook, schema_paths):
    listed = {path for path, methods in schema_paths.items() if "get" in methods and "{" not in path}
    listed -= {"/api/v1/codebook/"}

    assert listed
    assert listed <= set(codebook)


def test_list_endpoints_offer_exports_and_name_their_columns(codebook, schema_paths):
    for path, methods in schema_paths.items():
        operation = methods.get("get")
        if operation and operation["operationId"].endswith("_list"):
            assert codebook[path]["formats"] == ["json", "csv", "xlsx"], path
            assert codebook[path]["export_columns"], path


@pytest.mark.django_db
def test_codebook_fields_are_the_fields_the_api_answers(client, researcher, official, codebook):
    flag_upsert(record=official, code="a", kind="spelling", message="m", source="s")
    client.force_login(researcher)
    row = client.get("/api/v1/data-quality-flags/").json()["results"][0]

    fields = codebook["/api/v1/data-quality-flags/"]["fields"]

    assert [field["name"] for field in fields] == list(row)


@pytest.mark.django_db
def test_export_columns_are_the_csv_header(client, researcher, codebook):
    client.force_login(researcher)
    response = client.get("/api/v1/data-quality-flags/", {"format": "csv"})
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert codebook["/api/v1/data-quality-flags/"]["export_columns"] == header


def test_fields_carry_model_labels_help_and_choices(codebook):
    fields = {field["name"]: field for field in codebook["/api/v1/data-quality-flags/"]["fields"]}

    assert fields["kind"]["type"] == "choice"
    assert {"value": "spelling", "label": "Ejaan berbeda dari sumber resmi"} in fields["kind"]["choices"]
    assert fields["code"]["description"] == "Kunci tetap untuk impor ulang."
    assert fields["message"]["label"] == "Keterangan"
    assert fields["created_at"]["type"] == "datetime"
    assert fields["resolved"]["type"] == "boolean"


def test_nested_objects_are_described_with_dotted_names(codebook):
    names = [field["name"] for field in codebook["/api/v1/me/"]["fields"]]

    assert "areas" in names
    assert "areas[].code" in names
    assert "token.prefix" in names


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("decreed_area_ha", "Ha"),
        ("location.area_ha", "Ha"),
        ("budget", "Rp"),
        ("amount_rp", "Rp"),
        ("total_budget", "Rp"),
        ("road_length_m", "m"),
        ("progress_percent", "%"),
        ("year", ""),
        ("percent_places", ""),
        ("beneficiaries", ""),
    ],
)
def test_units_follow_field_names(name, unit):
    assert unit_for_name(name) == unit


def test_a_unit_stated_in_the_label_wins():
    assert unit_for("cost_per_unit", "Biaya per satuan (Rp)") == "Rp"
    assert unit_for("verified_area", "Luas terverifikasi (Ha)") == "Ha"
    assert unit_for("budget", "Anggaran") == "Rp"


@pytest.mark.django_db
def test_codebook_page_lists_every_endpoint(client, codebook):
    page = client.get("/api/codebook/")

    assert page.status_code == 200
    html = page.content.decode()
    for path in codebook:
        assert path in html


def test_codebook_page_shows_code_not_markdown_and_the_true_time_zone(client, db):
    html = client.get("/api/codebook/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "`" not in main
    assert "<code>results</code>" in main and "<code>?format=csv</code>" in main
    assert (
        "<strong>Tanggal dan waktu</strong>" in main
        and "<strong>Pembagian halaman</strong>" in main
        and "<strong>date</strong>" not in main
    )
    assert "+07:00" in main and "Asia/Jakarta" in main
    assert "(UTC)" not in main


def test_datetimes_in_the_api_carry_the_zone_the_codebook_states(client_for, official, seed):
    created = client_for(official).get("/api/v1/data-quality-flags/", {"page_size": 1}).json()["results"][0]
    assert created["created_at"].endswith("+07:00")
