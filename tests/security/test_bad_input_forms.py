"""Bad input to the data-entry pages: the form comes back (200) with an Indonesian message on the
field, nothing is saved, and broken bytes or impossible numbers in a body or query string never
cause a server error.

Every form is first shown to save its valid data, so each bad case fails on the one value it
changes.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils.html import escape

from interventions.models import FundingSource, InterventionKind
from tests.factories.accounts import PASSWORD
from tests.security.bad_input import MEGABYTE, OVER_64_BITS, english_messages, kampung_bugis_records, table_counts


@dataclass(frozen=True)
class Page:
    url_name: str
    record: str = ""  # key in ``world["records"]`` of the id in the URL
    signed_in: bool = True
    success: int = 302


FORMS = {
    "intervention-create": Page("interventions:intervention-create"),
    "intervention-update": Page("interventions:intervention-update", "intervention"),
    "progress-update-create": Page("interventions:progress-update-create", "intervention"),
    "funding-source-create": Page("interventions:funding-source-create"),
    "intervention-kind-create": Page("interventions:intervention-kind-create"),
    "area-record-create": Page("sites:area-record-create", "location"),
    "assessment-create": Page("sites:assessment-create", "location"),
    "assessment-update": Page("sites:assessment-update", "assessment"),
    "meeting-create": Page("collaboration:meeting-create"),
    "meeting-update": Page("collaboration:meeting-update", "meeting"),
    "data-sharing-create": Page("collaboration:data-sharing-create"),
    "agreement-create": Page("collaboration:agreement-create"),
    "milestone-create": Page("collaboration:milestone-create", "agreement"),
    "shared-goal-create": Page("collaboration:shared-goal-create"),
    "outcome-create": Page("collaboration:outcome-create"),
    "stage-assessment-create": Page("collaboration:stage-assessment-create"),
    "contact-person-create": Page("collaboration:contact-person-create", "stakeholder"),
    "api-token-create": Page("core:apitoken-create", success=200),  # the key, shown once
    "login": Page("login", signed_in=False),
}


def lines(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


@pytest.fixture
def world(seed, official):
    location, rt003, intervention, assessment, meeting, agreement, bkm, level = kampung_bugis_records()
    apbn = FundingSource.objects.get(code="apbn")
    edited_lines = [
        {"id": str(line.pk), "source": str(line.source_id), "fiscal_year": str(line.fiscal_year), "amount": line.amount}
        for line in intervention.funding_lines.all()
    ]
    evidence = {"location": str(location.pk), "date_precision": "year", "year": "2019"}
    data = {
        "intervention-create": {
            "location": str(location.pk),
            "area": str(rt003.pk),
            "kind": str(InterventionKind.objects.get(code="jalan-beton").pk),
            "title": "Jalan beton uji",
            "fiscal_year": "2024",
            "volume": "120.5",
            "unit": "m",
            "status": "planned",
            **lines("lines", [{"source": str(apbn.pk), "fiscal_year": "2024", "amount": "150000000"}]),
        },
        "intervention-update": {
            "location": str(intervention.location_id),
            "area": str(intervention.area_id),
            "kind": str(intervention.kind_id),
            "title": "Judul baru",
            "fiscal_year": str(intervention.fiscal_year),
            "volume": str(intervention.volume),
            "unit": intervention.unit_id,
            "status": intervention.status,
            "version": str(intervention.version),
            **lines("lines", edited_lines, initial=len(edited_lines)),
        },
        "progress-update-create": {"date": "2024-02-01", "percent": "40", "note": "Sesuai rencana"},
        "funding-source-create": {"code": "hibah-uji", "name": "Hibah uji", "level": "nasional", "order": "9"},
        "intervention-kind-create": {
            "code": "jenis-uji",
            "name": "Jenis uji",
            "aspect": str(InterventionKind.objects.get(code="jalan-beton").aspect_id),
            "units": ["m"],
            "default_unit": "m",
            "order": "0",
        },
        "area-record-create": {"year": "2021", "area_ha": "3.10", "source": "Uji"},
        "assessment-create": {
            "rule_set": "permen-14-2018",
            "area": "",
            "assessed_on": "2021-03-01",
            "source": "verification",
            "households": "150",
            "m_1a_volume": "10",
            "m_1a_denominator": "100",
            "allow_incomplete": "on",
        },
        "assessment-update": {
            "rule_set": "permen-14-2018",
            "area": "",
            "assessed_on": "2021-03-01",
            "source": "verification",
            "households": "150",
            "m_1a_volume": "10",
            "m_1a_denominator": "100",
            "allow_incomplete": "on",
            "version": str(assessment.version),
        },
        "meeting-create": {
            **evidence,
            "title": "Rembug warga uji",
            "forum_type": "routine",
            **lines("attendance", [{"stakeholder": str(bkm.pk), "participants": "12", "women": "5"}]),
        },
        "meeting-update": {
            **evidence,
            "title": "Rembug warga diubah",
            "forum_type": meeting.forum_type,
            "version": str(meeting.version),
            **lines("attendance", []),
        },
        "data-sharing-create": {
            **evidence,
            "title": "Berbagi data uji",
            "kind": "map",
            "data_shared": "Peta",
            "is_mutual": "on",
            "to_stakeholders": [str(bkm.pk)],
        },
        "agreement-create": {**evidence, "title": "Kesepakatan uji", "kind": "mou"},
        "milestone-create": {
            "title": "Tahap uji",
            "order": "1",
            "status": "planned",
            "due_precision": "unknown",
            "done_precision": "unknown",
        },
        "shared-goal-create": {
            **evidence,
            "title": "Tujuan uji",
            "statement": "Kumuh berkurang",
            "target_metric": "slum_area_ha",
            "target_value": "1.50",
            "target_precision": "year",
            "target_year": "2024",
        },
        "outcome-create": {**evidence, "title": "Hasil uji", "kind": "road", "status": "delivered"},
        "stage-assessment-create": {**evidence, "stage": "trust", "level": str(level.pk)},
        "contact-person-create": {"name": "Ibu Ani", "position": "Ketua", "phone": "0812", "gender": "female"},
        "api-token-create": {"user": str(official.pk), "name": "Analisis R"},
        "login": {"username": official.username, "password": PASSWORD},
    }
    records = {
        "intervention": intervention.pk,
        "assessment": assessment.pk,
        "meeting": meeting.pk,
        "location": location.pk,
        "agreement": agreement.pk,
        "stakeholder": bkm.pk,
    }
    return {"data": data, "records": records, "user": official}


def url_of(name, world):
    page = FORMS[name]
    if page.record:
        return reverse(page.url_name, args=[world["records"][page.record]])
    return reverse(page.url_name)


@pytest.fixture
def browser(client, world):
    def for_form(name):
        client.logout()
        if FORMS[name].signed_in:
            client.force_login(world["user"])
        return client

    return for_form


def form_errors(response) -> dict[str, list[str]]:
    """Every error the page shows: per field of each form, ``<formset>`` for a formset's rows."""
    errors = {}
    for key in ("form", "formset", "attendance"):
        bound = response.context.get(key) if response.context else None
        if bound is None:
            continue
        if hasattr(bound, "forms"):
            messages = [m for form_errs in bound.errors for ms in form_errs.values() for m in ms]
            messages += list(bound.non_form_errors())
            if messages:
                errors[key] = messages
        else:
            errors.update({name: list(messages) for name, messages in bound.errors.items()})
    return errors


def assert_form_refused(response, before, key):
    """The form again (200), with an Indonesian message on ``key`` shown on the page; no row changed."""
    assert response.status_code == 200, response.status_code
    errors = form_errors(response)
    assert key in errors, errors
    messages = [message for items in errors.values() for message in items]
    assert english_messages(messages) == [], errors
    page = response.content.decode()
    assert any(escape(message) in page for message in errors[key]), errors[key]
    assert table_counts() == before


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_valid_form_is_saved(browser, world, name):
    """The control: each bad case below differs from this data in one value only."""
    before = table_counts()
    response = browser(name).post(url_of(name, world), world["data"][name])
    assert response.status_code == FORMS[name].success, form_errors(response)
    assert not form_errors(response)
    if name != "login":
        assert table_counts() != before


# --- one bad value in otherwise valid data ---------------------------------------------------------

BAD_VALUES = [
    # oversized
    ("intervention-create", "title-over-max-length", {"title": "j" * 256}, "title"),
    ("intervention-create", "notes-one-megabyte", {"notes": MEGABYTE}, "notes"),
    ("intervention-update", "reference-over-max-length", {"reference": "r" * 61}, "reference"),
    ("progress-update-create", "note-one-megabyte", {"note": MEGABYTE}, "note"),
    ("funding-source-create", "notes-one-megabyte", {"notes": MEGABYTE}, "notes"),
    ("intervention-kind-create", "name-over-max-length", {"name": "n" * 121}, "name"),
    ("area-record-create", "note-one-megabyte", {"note": MEGABYTE}, "note"),
    ("assessment-create", "notes-one-megabyte", {"notes": MEGABYTE}, "notes"),
    ("assessment-create", "criterion-note-over-max-length", {"m_1a_note": "n" * 256}, "m_1a_note"),
    ("meeting-create", "minutes-one-megabyte", {"minutes": MEGABYTE}, "minutes"),
    ("meeting-update", "title-over-max-length", {"title": "t" * 201}, "title"),
    ("data-sharing-create", "notes-one-megabyte", {"notes": MEGABYTE}, "notes"),
    ("agreement-create", "summary-one-megabyte", {"summary": MEGABYTE}, "summary"),
    ("milestone-create", "note-one-megabyte", {"note": MEGABYTE}, "note"),
    ("shared-goal-create", "statement-one-megabyte", {"statement": MEGABYTE}, "statement"),
    ("outcome-create", "description-one-megabyte", {"description": MEGABYTE}, "description"),
    ("stage-assessment-create", "evidence-one-megabyte", {"evidence_note": MEGABYTE}, "evidence_note"),
    ("contact-person-create", "name-one-megabyte", {"name": MEGABYTE}, "name"),
    ("api-token-create", "name-over-max-length", {"name": "t" * 101}, "name"),
    ("login", "username-one-megabyte", {"username": MEGABYTE}, "__all__"),
    # wrong types
    ("intervention-create", "fiscal-year-text", {"fiscal_year": "dua ribu"}, "fiscal_year"),
    ("intervention-create", "volume-text", {"volume": "banyak"}, "volume"),
    ("intervention-create", "location-text", {"location": "Kampung Bugis"}, "location"),
    ("intervention-create", "start-date-impossible", {"start_date": "2024-13-45"}, "start_date"),
    ("intervention-create", "title-nul-character", {"title": "jalan\x00beton"}, "title"),
    ("intervention-create", "unit-nul-character", {"unit": "m\x00"}, "unit"),
    ("assessment-create", "rule-set-nul-character", {"rule_set": "permen-14-2018\x00"}, "rule_set"),
    ("login", "username-nul-character", {"username": "pejabat\x00"}, "username"),
    ("intervention-create", "lines-total-text", {"lines-TOTAL_FORMS": "banyak"}, "formset"),
    ("intervention-create", "line-amount-text", {"lines-0-amount": "mahal"}, "formset"),
    ("intervention-update", "version-text", {"version": "terbaru"}, "version"),
    ("progress-update-create", "percent-text", {"percent": "separuh"}, "percent"),
    ("progress-update-create", "date-text", {"date": "kemarin"}, "date"),
    ("area-record-create", "area-text", {"area_ha": "luas"}, "area_ha"),
    ("assessment-create", "households-text", {"households": "banyak"}, "households"),
    ("assessment-create", "assessed-on-impossible", {"assessed_on": "2021-02-30"}, "assessed_on"),
    ("meeting-create", "participants-text", {"attendance-0-participants": "dua"}, "attendance"),
    ("meeting-create", "attendance-total-over-64-bits", {"attendance-TOTAL_FORMS": OVER_64_BITS}, "attendance"),
    ("meeting-update", "version-text", {"version": "terbaru"}, "version"),
    ("shared-goal-create", "target-value-text", {"target_value": "separuh"}, "target_value"),
    ("milestone-create", "order-text", {"order": "pertama"}, "order"),
    ("contact-person-create", "email-garbage", {"email": "bukan surel"}, "email"),
    # unknown codes, choices and ids
    ("intervention-create", "location-over-64-bits", {"location": OVER_64_BITS}, "location"),
    ("intervention-create", "area-over-64-bits", {"area": OVER_64_BITS}, "area"),
    ("intervention-create", "kind-over-64-bits", {"kind": OVER_64_BITS}, "kind"),
    ("intervention-create", "unit-unknown-code", {"unit": "depa"}, "unit"),
    ("intervention-create", "status-unknown-choice", {"status": "hilang"}, "status"),
    ("intervention-create", "funding-source-over-64-bits", {"lines-0-source": OVER_64_BITS}, "formset"),
    ("intervention-create", "implementer-over-64-bits", {"implementer": OVER_64_BITS}, "implementer"),
    ("intervention-update", "funding-line-id-over-64-bits", {"lines-0-id": OVER_64_BITS}, "formset"),
    ("funding-source-create", "level-unknown-choice", {"level": "galaksi"}, "level"),
    ("intervention-kind-create", "unit-unknown-code", {"units": ["depa"]}, "units"),
    ("intervention-kind-create", "aspect-over-64-bits", {"aspect": OVER_64_BITS}, "aspect"),
    ("assessment-create", "area-over-64-bits", {"area": OVER_64_BITS}, "area"),
    ("assessment-create", "source-unknown-choice", {"source": "mimpi"}, "source"),
    ("assessment-create", "consideration-unknown-option", {"c_nilai-strategis": "mungkin"}, "c_nilai-strategis"),
    ("meeting-create", "forum-type-unknown-choice", {"forum_type": "pesta"}, "forum_type"),
    ("meeting-create", "attendance-stakeholder-over-64-bits", {"attendance-0-stakeholder": OVER_64_BITS}, "attendance"),
    ("meeting-create", "person-over-64-bits", {"people": [OVER_64_BITS]}, "people"),
    ("data-sharing-create", "to-stakeholder-over-64-bits", {"to_stakeholders": [OVER_64_BITS]}, "to_stakeholders"),
    ("agreement-create", "kind-unknown-choice", {"kind": "janji"}, "kind"),
    ("shared-goal-create", "endorser-text", {"endorsers": ["semua"]}, "endorsers"),
    ("outcome-create", "intervention-over-64-bits", {"interventions": [OVER_64_BITS]}, "interventions"),
    ("stage-assessment-create", "level-over-64-bits", {"level": OVER_64_BITS}, "level"),
    ("stage-assessment-create", "stage-unknown-choice", {"stage": "tahap-9"}, "stage"),
    ("contact-person-create", "gender-unknown-choice", {"gender": "lainnya-sekali"}, "gender"),
    ("api-token-create", "user-over-64-bits", {"user": OVER_64_BITS}, "user"),
    # huge and impossible numbers
    ("intervention-create", "fiscal-year-over-64-bits", {"fiscal_year": OVER_64_BITS}, "fiscal_year"),
    ("intervention-create", "volume-1e400", {"volume": "1e400"}, "volume"),
    ("intervention-create", "volume-nan", {"volume": "NaN"}, "volume"),
    ("intervention-create", "volume-negative", {"volume": "-5"}, "volume"),
    ("intervention-create", "budget-10-to-the-30", {"lines-0-amount": "1" + "0" * 30}, "formset"),
    ("intervention-create", "budget-negative", {"lines-0-amount": "-1"}, "formset"),
    (
        "intervention-create",
        "beneficiaries-over-64-bits",
        {"beneficiary_households": OVER_64_BITS},
        "beneficiary_households",
    ),
    ("intervention-create", "progress-over-100", {"progress_percent": "1e3"}, "progress_percent"),
    ("intervention-update", "version-over-64-bits", {"version": OVER_64_BITS}, "version"),
    ("progress-update-create", "percent-huge", {"percent": "1" + "0" * 30}, "percent"),
    ("funding-source-create", "order-over-64-bits", {"order": OVER_64_BITS}, "order"),
    ("area-record-create", "year-over-64-bits", {"year": OVER_64_BITS}, "year"),
    ("area-record-create", "area-1e400", {"area_ha": "1e400"}, "area_ha"),
    ("assessment-create", "buildings-over-64-bits", {"buildings": OVER_64_BITS}, "buildings"),
    ("assessment-create", "volume-1e400", {"m_1a_volume": "1e400"}, "m_1a_volume"),
    ("assessment-create", "denominator-zero", {"m_1a_denominator": "0"}, "m_1a_volume"),
    ("assessment-update", "version-over-64-bits", {"version": OVER_64_BITS}, "version"),
    ("meeting-create", "year-over-64-bits", {"year": OVER_64_BITS}, "year"),
    ("meeting-create", "participants-over-64-bits", {"attendance-0-participants": OVER_64_BITS}, "attendance"),
    ("meeting-update", "version-over-64-bits", {"version": OVER_64_BITS}, "version"),
    ("milestone-create", "order-over-64-bits", {"order": OVER_64_BITS}, "order"),
    ("shared-goal-create", "target-value-1e400", {"target_value": "1e400"}, "target_value"),
    ("shared-goal-create", "target-year-over-64-bits", {"target_year": OVER_64_BITS}, "target_year"),
    ("outcome-create", "year-huge", {"year": "1" + "0" * 30}, "year"),
]


@pytest.mark.parametrize(
    ("name", "changes", "key"),
    [pytest.param(name, changes, key, id=f"{name}-{case}") for name, case, changes, key in BAD_VALUES],
)
def test_a_bad_value_shows_the_form_again_and_saves_nothing(browser, world, name, changes, key):
    data = {**world["data"][name], **changes}
    client = browser(name)
    before = table_counts()
    assert_form_refused(client.post(url_of(name, world), data), before, key)


# --- bodies that are not UTF-8, or not a form at all ----------------------------------------------

RAW_BODIES = [
    ("broken-utf-8-urlencoded", b"title=\xff\xfe&name=\xc3\x28&version=\xff", "application/x-www-form-urlencoded"),
    ("broken-utf-8-multipart", None, "multipart/form-data; boundary=batas"),
    (
        "multipart-without-end",
        b"--batas\r\nContent-Disposition: form-data; name=",
        "multipart/form-data; boundary=batas",
    ),
    ("json-instead-of-form", b'{"title": "jalan"}', "application/json"),
    ("form-with-2000-fields", "&".join(f"f{i}=1" for i in range(2000)).encode(), "application/x-www-form-urlencoded"),
]

BROKEN_MULTIPART = (
    b'--batas\r\nContent-Disposition: form-data; name="title"\r\n\r\n\xff\xfe jalan\r\n'
    b'--batas\r\nContent-Disposition: form-data; name="version"\r\n\r\n\xc3\x28\r\n--batas--\r\n'
)


@pytest.mark.parametrize("name", sorted(FORMS))
@pytest.mark.parametrize(("body", "content_type"), [pytest.param(b, c, id=i) for i, b, c in RAW_BODIES])
def test_a_body_that_is_not_a_utf_8_form_changes_nothing(browser, world, name, body, content_type):
    """The form comes back with its messages, or (a body Django cannot parse) a 400 page in Indonesian."""
    client = browser(name)
    before = table_counts()
    response = client.post(url_of(name, world), BROKEN_MULTIPART if body is None else body, content_type=content_type)
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        assert form_errors(response), "the page shows the form again, with messages"
    else:
        assert "Permintaan tidak dapat diproses" in response.content.decode()
    assert table_counts() == before


# --- query strings of list, filter and form pages --------------------------------------------------

QUERIES = [
    # (id, url name, record, query string, expected status)
    ("interventions-search-broken-utf-8", "interventions:intervention-list", "", "q=%ff%fe", 200),
    ("interventions-fiscal-year-broken-utf-8", "interventions:intervention-list", "", "fiscal_year=%ff", 200),
    (
        "interventions-fiscal-year-over-64-bits",
        "interventions:intervention-list",
        "",
        f"fiscal_year={OVER_64_BITS}",
        200,
    ),
    ("interventions-fiscal-year-1e400", "interventions:intervention-list", "", "fiscal_year=1e400", 200),
    ("interventions-fiscal-year-huge-exponent", "interventions:intervention-list", "", "fiscal_year=-1e10000000", 200),
    ("interventions-location-over-64-bits", "interventions:intervention-list", "", f"location={OVER_64_BITS}", 200),
    ("interventions-rt-rw-broken-utf-8", "interventions:intervention-list", "", "rt_rw=%ff", 200),
    ("interventions-kind-unknown", "interventions:intervention-list", "", "kind=kolam-renang", 200),
    ("interventions-page-text", "interventions:intervention-list", "", "page=abc", 200),
    ("interventions-page-over-64-bits", "interventions:intervention-list", "", f"page={OVER_64_BITS}", 200),
    ("interventions-page-negative", "interventions:intervention-list", "", "page=-1", 200),
    (
        "area-options-location-over-64-bits",
        "interventions:intervention-area-options",
        "",
        f"location={OVER_64_BITS}",
        200,
    ),
    ("area-options-location-broken-utf-8", "interventions:intervention-area-options", "", "location=%ff", 200),
    ("locations-search-broken-utf-8", "sites:location-list", "", "q=%ff%fe", 200),
    ("locations-search-nul", "sites:location-list", "", "q=%00", 200),
    ("locations-page-over-64-bits", "sites:location-list", "", f"page={OVER_64_BITS}", 200),
    ("assessment-rule-set-broken-utf-8", "sites:assessment-create", "location", "rule_set=%ff", 200),
    ("assessment-rule-set-nul", "sites:assessment-create", "location", "rule_set=permen%00", 200),
    ("meeting-create-location-nul", "collaboration:meeting-create", "", "location=1%00", 200),
    ("meeting-create-location-broken-utf-8", "collaboration:meeting-create", "", "location=%ff", 200),
    ("meeting-create-location-over-64-bits", "collaboration:meeting-create", "", f"location={OVER_64_BITS}", 200),
    ("stage-assessment-stage-unknown", "collaboration:stage-assessment-create", "", "stage=%ff", 200),
    ("imports-page-over-64-bits", "imports:importrun-list", "", f"page={OVER_64_BITS}", 200),
    ("dashboard-decree-broken-utf-8", "city-dashboard", "", "decree=%ff", 404),
    ("dashboard-decree-over-64-bits", "city-dashboard", "", f"decree={OVER_64_BITS}", 404),
    ("reports-location-over-64-bits", "reports", "", f"location={OVER_64_BITS}", 404),
]


@pytest.mark.parametrize(
    ("url_name", "record", "query", "status"), [pytest.param(*case[1:], id=case[0]) for case in QUERIES]
)
def test_a_bad_query_string_never_breaks_a_page(client, world, url_name, record, query, status):
    client.force_login(world["user"])
    url = reverse(url_name, args=[world["records"][record]] if record else [])
    before = table_counts()
    response = client.get(f"{url}?{query}")
    assert response.status_code == status
    if status == 404:
        assert "Halaman tidak ditemukan" in response.content.decode()
    assert table_counts() == before


BAD_PATHS = [
    ("intervention-over-64-bits", "get", f"/interventions/{OVER_64_BITS}/"),
    ("intervention-update-over-64-bits", "post", f"/interventions/{OVER_64_BITS}/update/"),
    ("progress-update-over-64-bits", "post", f"/interventions/{OVER_64_BITS}/progress-updates/create/"),
    ("location-over-64-bits", "get", f"/locations/{OVER_64_BITS}/"),
    ("assessment-create-over-64-bits", "post", f"/locations/{OVER_64_BITS}/assessments/create/"),
    ("meeting-update-over-64-bits", "post", f"/collaboration/meetings/{OVER_64_BITS}/update/"),
    ("milestone-create-over-64-bits", "post", f"/collaboration/agreements/{OVER_64_BITS}/milestones/create/"),
    ("import-run-over-64-bits", "get", f"/imports/{OVER_64_BITS}/"),
    ("import-commit-over-64-bits", "post", f"/imports/{OVER_64_BITS}/commit/"),
    ("import-template-broken-utf-8", "get", "/imports/templates/%ff/"),
    ("report-broken-utf-8", "get", "/reports/%ff%fe/"),
]


@pytest.mark.parametrize(("method", "path"), [pytest.param(m, p, id=case) for case, m, p in BAD_PATHS])
def test_an_impossible_id_in_a_page_address_answers_404_in_indonesian(client, world, method, path):
    client.force_login(world["user"])
    before = table_counts()
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert table_counts() == before


@pytest.mark.parametrize(
    "username",
    [pytest.param(MEGABYTE, id="one-megabyte"), pytest.param("pejabat\nlogin user=admin ip=10.0.0.1", id="line-break")],
)
def test_a_bad_username_reaches_the_security_log_shortened_and_on_one_line(client, official, caplog, username):
    with caplog.at_level("WARNING", logger="kotaku.security"):
        response = client.post(reverse("login"), {"username": username, "password": "salah"})
    assert response.status_code == 200
    (line,) = [record.getMessage() for record in caplog.records if record.getMessage().startswith("login-failed")]
    assert "\n" not in line and len(line) < 250, line


@pytest.mark.parametrize("name", ["intervention-create", "meeting-create", "login"])
def test_a_body_over_the_upload_limit_answers_400_in_indonesian(browser, world, settings, name):
    """Django stops reading a form body past ``DATA_UPLOAD_MAX_MEMORY_SIZE``; the page says so."""
    data = {**world["data"][name], "notes": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    client = browser(name)
    before = table_counts()
    response = client.post(url_of(name, world), data)
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.content.decode()
    assert table_counts() == before
