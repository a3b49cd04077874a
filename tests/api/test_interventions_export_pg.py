"""The CSV export of interventions on PostgreSQL is written by ``COPY`` (interventions/exports_pg.py)
and must be byte for byte the file the serializer writes (core/exports.py): this module is the
guard named in both. Each comparison downloads the export twice through the API, once as it is
served and once with the view set's COPY hook turned off (the serializer path). Those tests
are marked ``postgres`` (deselected on SQLite, where the serializer always writes the file)."""

import csv
import io
import zoneinfo
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.services import flag_upsert
from interventions.api import InterventionViewSet, ProgressUpdateViewSet
from interventions.models import Intervention, ProgressUpdate
from sites.models import Area
from tests.factories import accounts
from tests.factories import interventions as f
from tests.factories.sites import SlumLocationFactory, StakeholderFactory, make_area

API = "/api/v1/interventions/"
UPDATES = "/api/v1/progress-updates/"

TRICKY_TEXTS = [
    "=SUM(A1:A9)",
    "+62 812",
    "-10%",
    "@kepala",
    "\tditab",
    "\rcarriage",
    'Jalan "beton", tahap 2',
    "baris satu\nbaris dua\r\nbaris tiga",
    ',"\r"\n',
    'a\r"\nb',
    "\\.",
    "tanda ' kutip tunggal; titik koma",
    "Jl. Ketapang № 3 — ½ Ha, 5 Maret 2018 ✓",
    "kendali \x01\x1f dan \x7f",
    " spasi di depan",
]


def export(client, monkeypatch=None, *, serializer=False, path=API, **params):
    """The CSV bytes and the response; ``serializer=True`` turns the COPY hook off."""
    if serializer:
        with monkeypatch.context() as patch:
            for view_set in (InterventionViewSet, ProgressUpdateViewSet):
                patch.setattr(view_set, "get_export_copy", lambda self, queryset: None)
            response = client.get(path, {"format": "csv", **params})
    else:
        response = client.get(path, {"format": "csv", **params})
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content), response


def assert_same_csv(client, monkeypatch, **params) -> bytes:
    with CaptureQueriesContext(connection) as queries:
        fast, response = export(client, **params)
    statements = [query["sql"] for query in queries.captured_queries]  # the next request clears the log
    slow, _ = export(client, monkeypatch, serializer=True, **params)
    assert isinstance(response, FileResponse)
    assert sum(statement.startswith("COPY (") for statement in statements) == 1
    if fast != slow:
        fast_lines, slow_lines = fast.split(b"\r\n"), slow.split(b"\r\n")
        differing = [(a, b) for a, b in zip(fast_lines, slow_lines, strict=False) if a != b]
        pytest.fail(f"COPY and serializer CSV differ ({len(fast_lines)} vs {len(slow_lines)} lines): {differing[:3]}")
    return fast


@pytest.fixture
def tricky(seed):
    """Interventions with every kind of value the export formats, next to the paper's seed."""
    kelurahan = make_area(level=Area.Level.KELURAHAN, name="Kelurahan Uji")
    unnamed = SlumLocationFactory(name="", area=kelurahan)
    rw = f.rt_in(kelurahan, rw="RW007").parent
    rows = []
    for index, text in enumerate(TRICKY_TEXTS):
        intervention = f.InterventionFactory(
            location=unnamed if index % 2 else SlumLocationFactory(name=text[:100]),
            area=rw if index % 3 == 0 else f.rt_in(kelurahan, rw="RW007", rt=f"RT{index:03d}"),
            title=text,
            reference=f"{text[:40]}#{index}",
            notes=text,
            source_document=text,
            fiscal_year=2015 + index % 4,
            volume=Decimal("123456789012.34") if index == 0 else Decimal(f"{index + 1}.{index:02d}"),
            implementer=StakeholderFactory(name=text[:100]),
            coordinator=StakeholderFactory(name=f"Koordinator {text[:60]}") if index % 2 else None,
            status=list(Intervention.Status)[index % 4],
            progress_percent=Decimal("100.00") if index % 4 == 2 else Decimal("33.33"),
            beneficiary_households=index * 7,
            start_date=date(2018, 3, 5),
            end_date=date(2018, 12, 31),
            lines=[
                ("apbn", Decimal("1234567890123456.78")),
                ("apbd-kota", Decimal("0.05")),
                ("swadaya", Decimal(index) + Decimal("0.10")),
            ]
            if index % 2
            else [("apbn", Decimal("1.00"))],
        )
        # The last line made, dated a year earlier: it comes first (lines are ordered by year, then id).
        intervention.funding_lines.filter(source__code="swadaya").update(note=text, fiscal_year=2014)
        flag_upsert(
            record=intervention,
            code="z-terakhir",
            kind="contradiction",
            message=text,
            source="Tabel 2",
            field="volume",
            recorded_value='760,0 "M"',
            other_value="meter persegi",
        )
        flag = flag_upsert(record=intervention, code="a-pertama", kind="missing", message="Tidak ada", source="uji")
        if index % 2:
            flag.resolved = True
            flag.save(update_fields=["resolved"])
        rows.append(intervention)
    bare = f.InterventionFactory(
        title="Tanpa apa-apa", volume=Decimal("2.00"), lines=[], reference=None, notes="", source_document=""
    )
    half = f.InterventionFactory(title="Separuh", volume=Decimal("2.00"), lines=[("apbn", Decimal("5.00"))])
    # A whole second (no fraction), and a microsecond one, as stored; cost per unit 2.5 rounds to 3.
    Intervention.objects.filter(pk=bare.pk).update(created_at=datetime(2020, 1, 1, 0, 0, 0, tzinfo=UTC))
    Intervention.objects.filter(pk=half.pk).update(updated_at=datetime(2020, 7, 1, 23, 59, 59, 1, tzinfo=UTC))
    return [*rows, bare, half]


@pytest.mark.postgres
def test_seed_alone_gives_the_same_file(client, monkeypatch, seed):
    client.force_login(accounts.researcher(username="peneliti-seed"))
    body = assert_same_csv(client, monkeypatch)
    assert body.count(b"\r\n") == Intervention.objects.count() + 1


@pytest.mark.postgres
def test_every_kind_of_value_gives_the_same_file(client, monkeypatch, tricky):
    client.force_login(accounts.researcher(username="peneliti"))
    body = assert_same_csv(client, monkeypatch)
    assert b"'=SUM(A1:A9)" in body
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(body.decode()))}
    assert rows["'=SUM(A1:A9)"]["budget"] == "1.00"
    assert rows["'+62 812"]["budget"] == "1234567890123457.93"  # three lines summed
    assert rows["Separuh"]["cost_per_unit"] == "3"  # 5.00 / 2.00, half up


@pytest.mark.postgres
def test_same_file_in_english(client, monkeypatch, tricky):
    client.force_login(accounts.researcher(username="peneliti"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = assert_same_csv(client, monkeypatch)
    assert b"Planned" in body


@pytest.mark.postgres
@pytest.mark.parametrize("zone", ["UTC", "America/St_Johns", "Asia/Kolkata"])
def test_same_datetimes_in_another_time_zone(client, monkeypatch, tricky, zone):
    client.force_login(accounts.researcher(username="peneliti"))
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        body = assert_same_csv(client, monkeypatch)
    if zone == "UTC":
        assert b"2020-01-01T00:00:00Z" in body


@pytest.mark.postgres
@pytest.mark.parametrize(
    "params",
    [
        {"fiscal_year": "2016"},
        {"funding_source": "swadaya"},
        {"status": "ongoing", "ordering": "volume"},
        {"search": "beton"},
        {"ordering": "fiscal_year"},
        {"ordering": "-created_at"},
        {"area": "21.72.03.1005"},
        {"area": "99.99.99.9999"},
        {"start_date_from": "2018-01-01", "ordering": "-fiscal_year"},
    ],
)
def test_filters_and_ordering_select_the_same_rows(client, monkeypatch, tricky, params):
    client.force_login(accounts.researcher(username="peneliti"))
    assert_same_csv(client, monkeypatch, **params)


@pytest.mark.postgres
def test_coordinator_gets_the_same_file_for_their_area(client, monkeypatch, tricky, coordinator_kb, kampung_bugis):
    client.force_login(coordinator_kb)
    body = assert_same_csv(client, monkeypatch, rt_rw=Area.objects.get(path=kampung_bugis.path + "RW006/").pk)
    assert body.count(b"\r\n") > 1
    assert_same_csv(client, monkeypatch)


@pytest.mark.postgres
def test_export_is_one_copy_whatever_the_number_of_rows(client, monkeypatch, seed, django_assert_num_queries):
    client.force_login(accounts.researcher(username="peneliti"))
    with CaptureQueriesContext(connection) as small:
        export(client)
    f.InterventionFactory.create_batch(30, lines=[("apbn", Decimal("1.00")), ("apbd-kota", Decimal("2.00"))])
    with django_assert_num_queries(len(small.captured_queries)) as big:
        body, response = export(client)
    assert body.count(b"\r\n") == Intervention.objects.count() + 1
    assert sum(query["sql"].startswith("COPY (") for query in big.captured_queries) == 1
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="interventions-')
    assert int(response["Content-Length"]) == len(body)


@pytest.mark.postgres
def test_an_ordering_the_copy_cannot_repeat_falls_back_to_the_serializer(client, seed, monkeypatch):
    client.force_login(accounts.researcher(username="peneliti"))
    monkeypatch.setattr(InterventionViewSet, "ordering_fields", ["id", "location"])
    body, response = export(client, ordering="location")
    assert isinstance(response, StreamingHttpResponse)
    assert body.count(b"\r\n") == Intervention.objects.count() + 1


@pytest.mark.postgres
def test_session_time_zone_is_back_to_utc_after_the_export(client, seed):
    client.force_login(accounts.researcher(username="peneliti"))
    export(client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('TimeZone')")
        assert cursor.fetchone()[0] == "UTC"


@pytest.fixture
def updates(tricky, official):
    """Progress reports with tricky notes, with and without a photo and a reporter."""
    made = []
    for index, intervention in enumerate(tricky[:8]):
        update = f.ProgressUpdateFactory(
            intervention=intervention,
            date=date(2019, 1 + index, 1 + index % 2),
            percent=Decimal(f"{index * 12}.{index:02d}"),
            note=TRICKY_TEXTS[index],
            created_by=official if index % 3 else None,
        )
        made.append(update)
    f.ProgressUpdateFactory(intervention=tricky[0], date=date(2019, 1, 1), note="")  # ties on date
    ProgressUpdate.objects.filter(pk__in=[made[1].pk, made[4].pk]).update(photo="progress/2019/foto.jpg")
    return made


@pytest.mark.postgres
@pytest.mark.parametrize("role", ["researcher", "official"])
@pytest.mark.parametrize("params", [{}, {"date_from": "2019-03-01", "ordering": "date"}, {"ordering": "-created_at"}])
def test_progress_updates_give_the_same_file(client, monkeypatch, updates, official, role, params):
    user = official if role == "official" else accounts.researcher(username="peneliti")
    client.force_login(user)
    body = assert_same_csv(client, monkeypatch, path=UPDATES, **params)
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert any(row["photo_url"].startswith("http://testserver/api/v1/progress-updates/") for row in rows)
    assert any(row["reported_by"] == official.username for row in rows) == (role == "official")


def test_rows_that_tie_on_the_ordering_come_in_id_order(client, seed):
    """Both writers list ties the same way (core.exports.in_stable_order); on SQLite the serializer."""
    client.force_login(accounts.researcher(username="peneliti"))
    made = f.InterventionFactory.create_batch(3, fiscal_year=2030)
    body, _response = export(client, ordering="-fiscal_year")
    ids = [int(row["id"]) for row in csv.DictReader(io.StringIO(body.decode())) if row["fiscal_year"] == "2030"]
    assert ids == sorted(item.pk for item in made)
