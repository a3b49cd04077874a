import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kotaku.reports import REPORTS
from sites.models import SlumLocation
from tests.factories.interventions import InterventionFactory, road_kind, rt_in

D = Decimal

# The paper's tables, as printed (Tabel 1: kecamatan, kelurahan, location, Ha; Tabel 2 and 3:
# RT/RW, activity, volume, unit, rupiah).
TABLE_1 = [
    ("Tanjung Pinang Barat", "Kelurahan Kampung Baru", "Pantai Impian", D("12.6")),
    ("Bukit Bestari", "Tanjung Ayu Sakti", "Lembah Purnama", D("5.99")),
    ("Tanjung Pinang Timur", "Tanjung pinang timur", "Sungai nibung angus", D("14.6")),
    ("Bukit bestari", "Tanjung Unggat", "", D("31.64")),
    ("Tanjung Pinang Barat", "", "Pelantar Sulawesi", D("51.85")),
    ("Tanjung Pinang Kota", "", "Kampung Bugis", D("18.92")),
    ("Tanjung Pinang kota", "", "Sanggarang", D("14.81")),
]
TABLE_2 = [
    ("RT002-RW006", "Jalan Beton", D("2002.38"), "m", "APBN", D("19762620000.00")),
    ("RT003-RW006", "Jalan Beton", D("760.00"), "m", "APBN", D("3800000000.00")),
]
TABLE_3 = [
    ("RT004-RW006", "Rehab/perbaikan Rumah Tidak Layak Huni (Aladin)", D("21"), "unit", D("346500000.00")),
    ("RT003-RW006", "Rehab/perbaikan Rumah Tidak Layak Huni (Aladin)", D("17"), "unit", D("280500000.00")),
    ("RT003-RW006", "Rehab/perbaikan Rumah Tidak Layak Huni", D("15"), "unit", D("247500000.00")),
    ("RT003-RW006", "Rehab/perbaikan Rumah Tidak Layak Huni", D("14"), "unit", D("231000000.00")),
    ("RT002-RW002", "Rehab/perbaikan Rumah Tidak Layak Huni", D("12"), "unit", D("198000000.00")),
]


@pytest.fixture
def index(client, seed):
    return client.get(reverse("reports"))


def tables(response):
    return {report.slug: report for report in response.context["tables"]}


def test_reports_page_rebuilds_tabel_1_with_its_total(index):
    assert index.status_code == 200
    report = tables(index)["tabel-1"]
    rows = [(row["kecamatan"], row["kelurahan"], row["name"], row["area_ha"]) for row in report.rows]
    assert rows == TABLE_1
    assert [row["number"] for row in report.rows] == list(range(1, 8))
    assert report.totals[0]["area_ha"] == sum(row[3] for row in TABLE_1) == D("150.41")
    body = index.content.decode()
    assert "150,41 Ha" in body
    assert "Jumlah (7 lokasi)" in body


def test_reports_page_rebuilds_tabel_2_roads_with_totals(index):
    report = tables(index)["tabel-2"]
    rows = [
        (row["rt_rw"], row["activity"], row["volume"], row["volume_unit"], row["sources"], row["amount"])
        for row in report.rows
    ]
    assert rows == TABLE_2
    total = report.totals[0]
    assert (total["amount"], total["volume"], total["volume_unit"]) == (D("23562620000.00"), D("2762.38"), "m")
    body = index.content.decode()
    for text in ("2.002,38 m", "Rp 19.762.620.000", "Rp 3.800.000.000", "Rp 23.562.620.000", "2.762,38 m"):
        assert text in body, text


def test_reports_page_rebuilds_tabel_3_houses_with_totals(index):
    report = tables(index)["tabel-3"]
    rows = [(row["rt_rw"], row["activity"], row["volume"], row["volume_unit"], row["amount"]) for row in report.rows]
    assert rows == TABLE_3
    assert all(row["sources"] == "APBD (tingkat tidak dirinci)" for row in report.rows)
    total = report.totals[0]
    assert (total["amount"], total["volume"], total["volume_unit"]) == (D("1303500000.00"), D("79"), "unit")
    body = index.content.decode()
    assert "Rp 1.303.500.000" in body
    assert "79 unit" in body


def test_each_row_shows_its_data_quality_flags(index):
    by_slug = tables(index)
    codes = {
        (slug, row.get("rt_rw") or row.get("name"), row.get("volume")): {flag["code"] for flag in row["flags"]}
        for slug, report in by_slug.items()
        for row in report.rows
    }
    assert "satuan-volume" in codes[("tabel-2", "RT003-RW006", D("760.00"))]
    assert "satuan-volume" not in codes[("tabel-2", "RT002-RW006", D("2002.38"))]
    assert "jumlah-unit" in codes[("tabel-3", "RT004-RW006", D("21"))]
    assert "rw-bukan-kumuh" in codes[("tabel-3", "RT002-RW002", D("12"))]
    assert "ejaan-kelurahan" in codes[("tabel-1", "Lembah Purnama", None)]
    body = index.content.decode()
    assert "760,0 Meter persegi" in body
    assert "20 unit rumah" in body
    assert 'data-flag="satuan-volume"' in body


def parse_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def parse_xlsx(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_tabel_2_csv_has_the_rows_and_exact_totals(client, seed):
    rows = parse_csv(client.get(reverse("report-csv", args=["tabel-2"])))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert header[:6] == ["Lokasi RT/RW", "Kegiatan", "Tahun anggaran", "Volume", "Satuan", "Sumber dana"]
    assert [(r[0], r[1], D(r[3]), r[4], r[5], D(r[6])) for r in body] == TABLE_2
    assert (total[0], total[3], total[4], total[6]) == ("Jumlah", "2762.38", "m", "23562620000.00")
    assert "760,0 Meter persegi" in body[1][7]


def test_tabel_3_xlsx_has_the_rows_and_exact_totals(client, seed):
    rows = parse_xlsx(client.get(reverse("report-xlsx", args=["tabel-3"])))
    body, total = rows[1:-1], rows[-1]
    assert [(r[0], r[1], D(str(r[3])), r[4], D(str(r[6]))) for r in body] == TABLE_3
    assert (total[0], D(str(total[3])), total[4], D(str(total[6]))) == ("Jumlah", D("79"), "unit", D("1303500000"))
    assert "20 unit rumah" in body[0][7]


def test_tabel_1_downloads_have_the_rows_and_total(client, seed):
    csv_rows = parse_csv(client.get(reverse("report-csv", args=["tabel-1"])))
    xlsx_rows = parse_xlsx(client.get(reverse("report-xlsx", args=["tabel-1"])))
    assert [(r[1], r[2], r[3], D(r[4])) for r in csv_rows[1:-1]] == TABLE_1
    assert [(r[1], r[2] or "", r[3] or "", D(str(r[4]))) for r in xlsx_rows[1:-1]] == TABLE_1
    assert csv_rows[-1][4] == "150.41"
    assert D(str(xlsx_rows[-1][4])) == D("150.41")


@pytest.mark.parametrize("slug", list(REPORTS))
def test_every_report_downloads_the_rows_of_its_page(client, seed, slug):
    page = client.get(reverse("report-detail", args=[slug]))
    assert page.status_code == 200
    report = page.context["report"]
    expected = len(report.rows) + len(report.totals)
    assert expected > 1
    csv_rows = parse_csv(client.get(reverse("report-csv", args=[slug])))
    xlsx_rows = parse_xlsx(client.get(reverse("report-xlsx", args=[slug])))
    assert len(csv_rows) - 1 == expected
    assert len(xlsx_rows) - 1 == expected
    assert csv_rows[0] == [str(cell) for cell in xlsx_rows[0]]
    labels = [column.label for column in report.columns]
    assert [name for name in csv_rows[0] if name != "Satuan"] == labels


def test_funding_pivot_sums_source_by_year_by_aspect(client, seed):
    report = client.get(reverse("report-detail", args=["pivot-pendanaan"])).context["report"]
    rows = {(row["source"], row["fiscal_year"]): row for row in report.rows}
    assert rows[("APBN", 2018)]["aspect_2"] == D("23562620000.00")
    assert rows[("APBN", 2018)]["aspect_1"] is None
    assert rows[("APBD (tingkat tidak dirinci)", 2018)]["aspect_1"] == D("1303500000.00")
    assert report.totals[0]["total"] == D("24866120000.00")
    csv_rows = parse_csv(client.get(reverse("report-csv", args=["pivot-pendanaan"])))
    assert csv_rows[-1][-1] == "24866120000.00"


def test_funding_pivot_adds_more_years_and_sources(client, seed):
    kb = SlumLocation.objects.get(name="Kampung Bugis")
    area = rt_in(kb.area, "RW006", "RT001")
    InterventionFactory(location=kb, area=area, kind=road_kind(), fiscal_year=2019, lines=[("apbn", "100.10")])
    InterventionFactory(location=kb, area=area, kind=road_kind(), fiscal_year=2019, lines=[("swadaya", "0.05")])
    report = client.get(reverse("report-detail", args=["pivot-pendanaan"])).context["report"]
    rows = {(row["source"], row["fiscal_year"]): row["total"] for row in report.rows}
    assert rows[("APBN", 2019)] == D("100.10")
    assert report.totals[0]["total"] == D("24866120000.00") + D("100.15")


def test_location_summary_lists_every_location_with_totals(client, seed):
    report = client.get(reverse("report-detail", args=["ringkasan-lokasi"])).context["report"]
    assert [row["number"] for row in report.rows] == list(range(1, 8))
    kb = next(row for row in report.rows if row["name"] == "Kampung Bugis")
    assert (kb["current_ha"], kb["interventions"], kb["budget"]) == (D("4.66"), 7, D("24866120000.00"))
    assert kb["level"] == "Kumuh sedang (menurut sumber)"
    assert report.totals[0]["decreed_ha"] == D("150.41")


def test_tables_2_and_3_follow_the_chosen_location(client, seed):
    other = SlumLocation.objects.get(name="Pantai Impian")
    response = client.get(reverse("reports"), {"location": other.pk})
    by_slug = tables(response)
    assert by_slug["tabel-2"].rows == [] and by_slug["tabel-3"].rows == []
    assert "Pantai Impian" in by_slug["tabel-2"].title
    assert len(by_slug["tabel-1"].rows) == 7


def test_reports_print_cleanly(index):
    body = index.content.decode()
    assert 'class="navbar navbar-expand-lg navbar-dark bg-success d-print-none"' in body
    scope_form = body[body.index('id="report-scope"') - 80 : body.index('id="report-scope"')]
    assert "d-print-none" in scope_form
    assert "data-print" in body


def test_unknown_report_or_location_is_404(client, seed):
    assert client.get(reverse("report-detail", args=["tabel-9"])).status_code == 404
    assert client.get(reverse("report-csv", args=["tabel-9"])).status_code == 404
    assert client.get(reverse("reports"), {"location": "999999"}).status_code == 404


def test_funding_pivot_total_of_an_unfunded_aspect_is_a_dash_like_its_cells(client, seed):
    report = client.get(reverse("report-detail", args=["pivot-pendanaan"])).context["report"]
    [total] = report.totals
    aspect_keys = [column.key for column in report.columns if column.key.startswith("aspect_")]
    unfunded = [key for key in aspect_keys if all(row[key] is None for row in report.rows)]
    assert unfunded  # the paper funds only some aspects
    assert all(total[key] is None for key in unfunded)
    assert all(total[key] is not None for key in aspect_keys if key not in unfunded)
