"""Every list endpoint of the API exports exactly the rows its JSON list counts.

The endpoints are found from the URL resolver, so each new list is held to this as it lands.
"""

import csv
import io

import openpyxl
import pytest
from drf_spectacular.generators import EndpointEnumerator

from core.viewsets import ExportMixin


def list_paths():
    paths = []
    for path, _regex, method, callback in EndpointEnumerator().get_api_endpoints():
        actions = getattr(callback, "actions", None) or {}
        if method == "GET" and actions.get("get") == "list" and issubclass(callback.cls, ExportMixin):
            paths.append(path)
    return sorted(paths)


LIST_PATHS = list_paths()


def json_row_count(client, path):
    response = client.get(path, {"page_size": 500})
    assert response.status_code == 200, (path, response.content[:300])
    body = response.json()
    if "count" in body:
        return body["count"]
    total = len(body["results"])
    while body.get("next"):
        body = client.get(body["next"]).json()
        total += len(body["results"])
    return total


def test_every_list_endpoint_is_exportable():
    assert "/api/v1/data-quality-flags/" in LIST_PATHS


def export_row_counts(client, path):
    csv_response = client.get(path, {"format": "csv"})
    xlsx_response = client.get(path, {"format": "xlsx"})
    assert csv_response.status_code == 200, (path, csv_response.content[:300])
    assert xlsx_response.status_code == 200, (path, xlsx_response.content[:300])
    csv_rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8"))))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)), read_only=True)
    sheet_rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(sheet_rows[0]) == csv_rows[0], path
    return len(csv_rows) - 1, len(sheet_rows) - 1


@pytest.mark.django_db
def test_csv_and_xlsx_exports_have_the_json_row_count(client, seed, official):
    """One test over all lists; the message names every mismatch. As an official, who may read
    every list (the accounts list is theirs alone)."""
    client.force_login(official)
    counts = {path: (json_row_count(client, path), *export_row_counts(client, path)) for path in LIST_PATHS}

    mismatched = {path: count for path, count in counts.items() if len(set(count)) != 1}
    assert mismatched == {}, "path: (json count, csv rows, xlsx rows)"
    assert any(count[0] for count in counts.values()), "the seed should give some list rows"
