"""Streamed CSV/XLSX exports of API lists (core.viewsets.ExportMixin), through real endpoints."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework import serializers

from core import exports
from core.services import api_token_issue, flag_upsert

# These tests count the flags they make themselves: they start without the session's seed (whose
# data-quality flags would add to every count).
pytestmark = pytest.mark.usefixtures("empty_db")

FLAGS = "/api/v1/data-quality-flags/"
TOKENS = "/api/v1/api-tokens/"


def body(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response).decode("utf-8"))))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def add_flags(record, count, *, start=0, kind="contradiction"):
    for number in range(start, start + count):
        flag_upsert(record=record, code=f"uji-{number}", kind=kind, message=f"pesan {number}", source="uji")


@pytest.fixture
def signed_in_researcher(client, researcher):
    client.force_login(researcher)
    return client


@pytest.mark.django_db
def test_csv_export_has_every_filtered_row_not_one_page(signed_in_researcher, official):
    add_flags(official, 60)
    add_flags(official, 5, start=100, kind="spelling")

    page = signed_in_researcher.get(FLAGS, {"kind": "contradiction", "page_size": 10}).json()
    response = signed_in_researcher.get(FLAGS, {"kind": "contradiction", "page_size": 10, "format": "csv"})

    assert response.status_code == 200
    rows = csv_rows(response)
    assert page["count"] == 60
    assert len(page["results"]) == 10
    assert len(rows) - 1 == page["count"]
    kind = rows[0].index("kind")
    assert {row[kind] for row in rows[1:]} == {"contradiction"}


@pytest.mark.django_db
def test_xlsx_export_row_count_matches_the_json_count(signed_in_researcher, official):
    add_flags(official, 7)
    add_flags(official, 3, start=50, kind="spelling")

    page = signed_in_researcher.get(FLAGS, {"kind": "spelling"}).json()
    rows = xlsx_rows(signed_in_researcher.get(FLAGS, {"kind": "spelling", "format": "xlsx"}))

    assert len(rows) - 1 == page["count"] == 3


@pytest.mark.django_db
def test_export_follows_search_and_ordering(signed_in_researcher, official):
    add_flags(official, 12)

    response = signed_in_researcher.get(FLAGS, {"search": "pesan 1", "ordering": "-code", "format": "csv"})

    rows = csv_rows(response)
    codes = [row[rows[0].index("code")] for row in rows[1:]]
    expected = [f"uji-{n}" for n in (1, 10, 11)]
    assert codes == sorted(expected, reverse=True)


@pytest.mark.django_db
def test_export_is_scoped_like_the_list(client, researcher, official):
    api_token_issue(user=researcher, name="punya peneliti")
    api_token_issue(user=official, name="punya pejabat")
    client.force_login(researcher)

    rows = csv_rows(client.get(TOKENS, {"format": "csv"}))

    assert [row[rows[0].index("name")] for row in rows[1:]] == ["punya peneliti"]


@pytest.mark.django_db
def test_csv_export_header_values_and_file_name(signed_in_researcher, official):
    flag = flag_upsert(record=official, code="ejaan", kind="spelling", message="Nama, dengan koma", source="Tabel 1")

    response = signed_in_researcher.get(FLAGS, {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == f'attachment; filename="data-quality-flag-{today}.csv"'
    header, row = csv_rows(response)
    record = dict(zip(header, row, strict=True))
    assert header[:3] == ["id", "record_type", "record_id"]
    assert record["id"] == str(flag.pk)
    assert record["record_type"] == "auth.user"
    assert record["message"] == "Nama, dengan koma"
    assert record["resolved"] == "false"


@pytest.mark.django_db
def test_empty_export_still_has_its_header(signed_in_researcher):
    rows = csv_rows(signed_in_researcher.get(FLAGS, {"format": "csv"}))
    assert rows == [exports_header()]

    sheet = xlsx_rows(signed_in_researcher.get(FLAGS, {"format": "xlsx"}))
    assert sheet == [exports_header()]


def exports_header():
    from core.serializers import DataQualityFlagListSerializer

    return list(DataQualityFlagListSerializer().fields)


@pytest.mark.django_db
def test_xlsx_export_media_type_and_file_name(signed_in_researcher):
    response = signed_in_researcher.get(FLAGS, {"format": "xlsx"})

    assert response["Content-Type"] == exports.XLSX_MEDIA_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="data-quality-flag-')
    assert response["Content-Disposition"].endswith('.xlsx"')


@pytest.mark.django_db
def test_accept_header_selects_the_export_too(signed_in_researcher, official):
    add_flags(official, 3)

    response = signed_in_researcher.get(FLAGS, HTTP_ACCEPT="text/csv")

    assert len(csv_rows(response)) == 4


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_rows(signed_in_researcher, official, django_assert_num_queries):
    add_flags(official, 3)
    signed_in_researcher.get(FLAGS)
    with CaptureQueriesContext(connection) as small:
        assert len(csv_rows(signed_in_researcher.get(FLAGS, {"format": "csv"}))) == 4
    add_flags(official, 40, start=10)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(csv_rows(signed_in_researcher.get(FLAGS, {"format": "csv"}))) == 44


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_rows(signed_in_researcher, official, django_assert_num_queries):
    add_flags(official, 3)
    signed_in_researcher.get(FLAGS)
    with CaptureQueriesContext(connection) as small:
        signed_in_researcher.get(FLAGS)
    add_flags(official, 30, start=10)
    with django_assert_num_queries(len(small.captured_queries)):
        assert signed_in_researcher.get(FLAGS).json()["count"] == 33


@pytest.mark.django_db
def test_export_reads_rows_in_chunks(signed_in_researcher, official, monkeypatch):
    """Rows are fetched ``export_chunk_size`` at a time while the response streams."""
    from kotaku.api_views import DataQualityFlagViewSet

    monkeypatch.setattr(DataQualityFlagViewSet, "export_chunk_size", 4)
    add_flags(official, 10)
    response = signed_in_researcher.get(FLAGS, {"format": "csv"})
    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(response)

    assert len(rows) == 11
    # SQLite has no server-side cursor, so Django fetches each chunk with its own fetchmany():
    # the query runs once, and only while the body is being streamed, not in the view.
    assert len([q for q in queries.captured_queries if "core_dataqualityflag" in q["sql"]]) == 1


@pytest.mark.django_db
def test_failed_export_answers_json(client):
    response = client.get(FLAGS, {"format": "csv"})

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.django_db
def test_export_with_an_invalid_filter_answers_400_json(signed_in_researcher):
    response = signed_in_researcher.get(FLAGS, {"kind": "bukan-jenis", "format": "csv"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "kind" in response.json()


@pytest.mark.django_db
def test_detail_has_no_export_format(signed_in_researcher, official):
    flag = flag_upsert(record=official, code="a", kind="other", message="m", source="s")

    assert signed_in_researcher.get(f"{FLAGS}{flag.pk}/", {"format": "csv"}).status_code == 404
    assert signed_in_researcher.get(f"{FLAGS}{flag.pk}/").status_code == 200


@pytest.mark.django_db
def test_csv_neutralises_formulas_and_xlsx_keeps_them_as_text(signed_in_researcher, official):
    flag_upsert(record=official, code="rumus", kind="other", message='=HYPERLINK("http://x")', source="+62 812")

    header, row = csv_rows(signed_in_researcher.get(FLAGS, {"format": "csv"}))
    record = dict(zip(header, row, strict=True))
    assert record["message"] == '\'=HYPERLINK("http://x")'
    assert record["source"] == "'+62 812"

    workbook = openpyxl.load_workbook(io.BytesIO(body(signed_in_researcher.get(FLAGS, {"format": "xlsx"}))))
    sheet = workbook.worksheets[0]
    names = [cell.value for cell in sheet[1]]
    message = sheet.cell(row=2, column=names.index("message") + 1)
    assert message.data_type == "s"
    assert message.value == '=HYPERLINK("http://x")'


# The columns and the value writing are pure functions; a serializer with decimals and nesting
# stands in for the domain endpoints (rupiah and hectares), which use the same code.


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField()
    area_ha = serializers.DecimalField(max_digits=10, decimal_places=2)


class BudgetLineSerializer(serializers.Serializer):
    budget = serializers.DecimalField(max_digits=20, decimal_places=2)
    year = serializers.IntegerField()
    place = PlaceSerializer(allow_null=True)
    tags = serializers.ListField(child=serializers.CharField())
    flags = serializers.ListField(child=serializers.DictField())
    secret = serializers.CharField(write_only=True)


ROWS = [
    {
        "budget": "19762620000.00",
        "year": 2018,
        "place": {"name": "RT002-RW006", "area_ha": "18.92"},
        "tags": ["APBN", "jalan beton"],
        "flags": [{"code": "satuan"}],
    },
    {
        "budget": "123456789012345678.91",
        "year": 2018,
        "place": None,
        "tags": [],
        "flags": [],
    },
]


def test_columns_flatten_nested_serializers_and_skip_write_only_fields():
    columns = exports.columns_for(BudgetLineSerializer())

    assert [column.name for column in columns] == ["budget", "year", "place.name", "place.area_ha", "tags", "flags"]


def test_csv_writes_decimals_exactly_and_joins_lists():
    columns = exports.columns_for(BudgetLineSerializer())

    rows = list(csv.reader(io.StringIO("".join(exports.csv_chunks(ROWS, columns)))))

    assert rows[1] == ["19762620000.00", "2018", "RT002-RW006", "18.92", "APBN; jalan beton", '{"code": "satuan"}']
    assert rows[2] == ["123456789012345678.91", "2018", "", "", "", ""]


def test_xlsx_keeps_decimals_exact():
    columns = exports.columns_for(BudgetLineSerializer())

    workbook = openpyxl.load_workbook(exports.xlsx_file(ROWS, columns, title="anggaran"))
    sheet = workbook["anggaran"]

    budget, area = sheet["A2"], sheet["D2"]
    assert budget.data_type == "n" and budget.number_format == "0.00"
    assert Decimal(repr(budget.value)) == Decimal("19762620000")
    assert Decimal(str(area.value)) == Decimal("18.92")
    # More digits than a spreadsheet number holds exactly: written as text, unchanged.
    assert sheet["A3"].value == "123456789012345678.91"
    assert sheet["C3"].value is None


def test_csv_streams_in_bounded_chunks():
    columns = exports.columns_for(BudgetLineSerializer())
    many = (ROWS[0] for _ in range(5000))

    chunks = exports.csv_chunks(many, columns)

    sizes = [len(chunk) for chunk in chunks]
    assert len(sizes) > 5
    assert max(sizes) < exports.CSV_FLUSH_BYTES + 1024


def _peak_export_memory(client, path):
    import tracemalloc

    tracemalloc.start()
    try:
        response = client.get(path, {"format": "csv"})
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], rows
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
def test_csv_export_memory_stays_flat_as_rows_grow(signed_in_researcher, official, monkeypatch):
    """Ten times the rows, about the same peak memory: rows are fetched, written and sent in chunks.

    (XLSX is written row by row by openpyxl's write-only mode into a file on disk.)
    """
    from django.contrib.contenttypes.models import ContentType

    from core.models import DataQualityFlag
    from kotaku.api_views import DataQualityFlagViewSet

    monkeypatch.setattr(DataQualityFlagViewSet, "export_chunk_size", 50)
    monkeypatch.setattr(exports, "CSV_FLUSH_BYTES", 4096)  # both sizes flush several times
    content_type = ContentType.objects.get_for_model(official)

    def add(start, count):
        DataQualityFlag.objects.bulk_create(
            DataQualityFlag(
                content_type=content_type,
                object_id=official.pk,
                code=f"m{n}",
                kind="other",
                message="pesan yang cukup panjang " * 4,
                source="uji",
            )
            for n in range(start, start + count)
        )

    add(0, 100)
    _peak_export_memory(signed_in_researcher, FLAGS)  # first call: imports and caches
    small, small_rows = _peak_export_memory(signed_in_researcher, FLAGS)
    add(100, 900)
    large, large_rows = _peak_export_memory(signed_in_researcher, FLAGS)

    assert (small_rows, large_rows) == (101, 1001)
    assert large < small * 2, (small, large)
