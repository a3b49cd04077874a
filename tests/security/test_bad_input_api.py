"""Bad input to the API's writes: each kind answers 400 with field errors in Indonesian and changes
no row; ids and filters that cannot exist answer 404 or 400, never 500.

Every write endpoint is first shown to accept its valid body, so each bad case fails on the one
value it changes. Values that JSON cannot say through ``json.dumps`` (``1e400``, a lone surrogate)
are spliced into the body as raw text.
"""

import json
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from collaboration.models import Agreement
from core.services import api_token_issue
from interventions.models import FundingLine, Intervention
from sites.models import Area, SlumLocation, Stakeholder
from tests.factories.collaboration import MilestoneFactory, StageAssessmentFactory
from tests.security.bad_input import (
    MEGABYTE,
    OVER_64_BITS,
    english_messages,
    kampung_bugis_records,
    messages_in,
    table_counts,
)

API = "/api/v1/"


class Raw(str):
    """A value written into the JSON body as it is (``1e400``, ``"\\ud800"``)."""


class Missing:
    """Leave the field out of the body."""


class UnknownPk:
    """A primary key no row has (resolved at run time: sequences differ between databases)."""

    def __init__(self, model):
        self.model = model


def encode(body) -> bytes:
    """``body`` as JSON bytes, each ``Raw`` value written in verbatim."""
    raws = {}

    def placeholder(value):
        if isinstance(value, Raw):
            key = f"@@raw{len(raws)}@@"
            raws[key] = str(value)
            return key
        if isinstance(value, dict):
            return {k: placeholder(v) for k, v in value.items()}
        if isinstance(value, list):
            return [placeholder(v) for v in value]
        return value

    text = json.dumps(placeholder(body))
    for key, raw in raws.items():
        text = text.replace(f'"{key}"', raw)
    return text.encode()


def resolve(value):
    if isinstance(value, UnknownPk):
        last = value.model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return last + 1000
    if isinstance(value, dict):
        return {k: resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v) for v in value]
    return value


# --- the write endpoints and a valid body for each ----------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # "{pk}" is the record's id
    record: str = ""  # key of the edited record in ``world``
    success: int = 201


ENDPOINTS = {
    "interventions-create": Endpoint("post", "interventions/"),
    "interventions-update": Endpoint("patch", "interventions/{pk}/", "intervention", 200),
    "progress-updates-create": Endpoint("post", "progress-updates/"),
    "funding-sources-create": Endpoint("post", "funding-sources/"),
    "intervention-kinds-create": Endpoint("post", "intervention-kinds/"),
    "area-records-create": Endpoint("post", "area-records/"),
    "assessments-create": Endpoint("post", "assessments/"),
    "assessments-update": Endpoint("put", "assessments/{pk}/", "assessment", 200),
    "meetings-create": Endpoint("post", "meetings/"),
    "meetings-update": Endpoint("patch", "meetings/{pk}/", "meeting", 200),
    "data-sharing-create": Endpoint("post", "data-sharing/"),
    "agreements-create": Endpoint("post", "agreements/"),
    "milestones-create": Endpoint("post", "milestones/"),
    "shared-goals-create": Endpoint("post", "shared-goals/"),
    "outcomes-create": Endpoint("post", "outcomes/"),
    "stage-assessments-create": Endpoint("post", "stage-assessments/"),
    "stage-assessments-update": Endpoint("patch", "stage-assessments/{pk}/", "stage_assessment", 200),
    "areas-create": Endpoint("post", "areas/"),
    "decrees-create": Endpoint("post", "decrees/"),
    "locations-create": Endpoint("post", "locations/"),
    "stakeholders-create": Endpoint("post", "stakeholders/"),
    "users-create": Endpoint("post", "users/"),
}


@pytest.fixture
def world(seed, official):
    location, rt003, intervention, assessment, meeting, agreement, bkm, level = kampung_bugis_records()
    stage_assessment = StageAssessmentFactory(location=location)
    MilestoneFactory(agreement=agreement)
    bodies = {
        "interventions-create": {
            "location": location.pk,
            "area": rt003.pk,
            "kind": "jalan-beton",
            "title": "Jalan beton uji",
            "fiscal_year": 2024,
            "volume": "120.50",
            "unit": "m",
            "beneficiary_households": 12,
            "funding_lines": [{"source": "apbn", "fiscal_year": 2024, "amount": "150000000.00"}],
        },
        "interventions-update": {"version": intervention.version, "title": "Judul baru", "volume": "10.00"},
        "progress-updates-create": {"intervention": intervention.pk, "date": "2024-02-01", "percent": "40.00"},
        "funding-sources-create": {"code": "hibah-uji", "name": "Hibah uji", "level": "nasional", "order": 9},
        "intervention-kinds-create": {
            "code": "jenis-uji",
            "name": "Jenis uji",
            "aspect": 2,
            "units": ["m"],
            "default_unit": "m",
        },
        "area-records-create": {"location": location.pk, "year": 2021, "area_ha": "3.10", "source": "Uji"},
        "assessments-create": {
            "location": location.pk,
            "rule_set": "permen-14-2018",
            "assessed_on": "2021-03-01",
            "source": "verification",
            "header": {"households": 150, "verified_area_ha": "2.50"},
            "measurements": {"1a": {"volume": "10", "denominator": "100"}},
            "allow_incomplete": True,
        },
        "assessments-update": {
            "version": assessment.version,
            "rule_set": "permen-14-2018",
            "assessed_on": "2021-03-01",
            "source": "verification",
            "header": {"households": 150},
            "measurements": {"1a": {"volume": "10", "denominator": "100"}},
            "allow_incomplete": True,
        },
        "meetings-create": {
            "location": location.pk,
            "title": "Rembug warga uji",
            "forum_type": "routine",
            "date_precision": "year",
            "year": 2019,
            "attendance": [{"stakeholder": bkm.pk, "participants": 12, "women": 5}],
        },
        "meetings-update": {"version": meeting.version, "title": "Rembug warga diubah"},
        "data-sharing-create": {
            "location": location.pk,
            "title": "Berbagi data uji",
            "kind": "slum_data",
            "data_shared": "Profil kumuh",
            "from_stakeholder": bkm.pk,
            "to_stakeholders": [Stakeholder.objects.exclude(pk=bkm.pk).order_by("pk").first().pk],
        },
        "agreements-create": {
            "location": location.pk,
            "title": "Kesepakatan uji",
            "kind": "nota_kesepakatan",
            "signatories": [bkm.pk],
        },
        "milestones-create": {"agreement": agreement.pk, "title": "Tahap uji", "order": 3, "status": "planned"},
        "shared-goals-create": {
            "location": location.pk,
            "title": "Tujuan uji",
            "statement": "Kumuh berkurang",
            "target_metric": "slum_area_ha",
            "target_value": "1.50",
            "target_precision": "year",
            "target_year": 2024,
        },
        "outcomes-create": {
            "location": location.pk,
            "title": "Hasil uji",
            "kind": "road",
            "interventions": [intervention.pk],
        },
        "stage-assessments-create": {
            "location": location.pk,
            "stage": "trust",
            "level": level.pk,
            "date_precision": "year",
            "year": 2020,
        },
        "stage-assessments-update": {"version": stage_assessment.version, "evidence_note": "Catatan baru"},
        "areas-create": {"parent": location.area_id, "level": "rw", "name": "9"},
        "decrees-create": {
            "number": "338",
            "year": 2014,
            "issuer": "Walikota Tanjungpinang",
            "title": "SK uji",
            "area": "21.72",
        },
        "locations-create": {
            "decree": location.decree_id,
            "number": 8,
            "name": "Lokasi uji",
            "area": "21.72.03.1005",
            "decreed_area_ha": "1.50",
        },
        "stakeholders-create": {"name": "KSM Uji", "sector": "community", "role": "ksm", "area": "21.72.03.1005"},
        "users-create": {
            "username": "bkm-uji",
            "name": "Koordinator Uji",
            "role": "coordinator",
            "areas": ["21.72.03.1005"],
            "password": "Kampung-Bugis-2018!",
        },
    }
    records = {
        "intervention": intervention.pk,
        "assessment": assessment.pk,
        "meeting": meeting.pk,
        "stage_assessment": stage_assessment.pk,
    }
    return {"bodies": bodies, "records": records}


@pytest.fixture
def api(official):
    client = APIClient()
    client.force_login(official)
    return client


def url_of(name, world):
    endpoint = ENDPOINTS[name]
    pk = world["records"].get(endpoint.record, "")
    return API + endpoint.path.format(pk=pk)


def send(api, name, world, body: bytes, content_type="application/json"):
    method = getattr(api, ENDPOINTS[name].method)
    return method(url_of(name, world), body, content_type=content_type)


def attendance(body, **row) -> dict:
    """The body's first attendance row with ``row`` changed."""
    return {"attendance": [{**body["attendance"][0], **row}]}


def body_with(world, name, changes) -> dict:
    """The valid body with ``changes`` (a dict, or a function of the valid body returning one)."""
    body = dict(world["bodies"][name])
    if callable(changes):
        changes = changes(body)
    for key, value in changes.items():
        if value is Missing:
            body.pop(key, None)
        else:
            body[key] = value
    return resolve(body)


def assert_refused(response, before, key=None):
    """400 with an Indonesian error body naming ``key`` (when given), and no row changed."""
    assert response.status_code == 400, response.content[:2000]
    body = response.json()
    assert isinstance(body, dict) and body, body
    if key is not None:
        assert key in body, body
    assert english_messages(messages_in(body)) == [], body
    assert table_counts() == before


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_the_valid_body_is_accepted(api, world, name):
    """The control: each bad case below differs from this body in one value only."""
    response = send(api, name, world, encode(world["bodies"][name]))
    assert response.status_code == ENDPOINTS[name].success, response.content[:2000]


# --- one bad value in an otherwise valid body ----------------------------------------------------

# The whole body is refused before any field is read (DRF's JSON parser allows no NaN/Infinity and
# Python no integer literal of more than 4300 digits): ``{"detail": ...}``.
UNREADABLE = "detail"
# The intervention a progress report is posted for is looked up in the user's scope (documented 404).
NOT_FOUND = 404

BAD_VALUES = [
    # oversized
    ("interventions-create", "title-over-max-length", {"title": "j" * 256}, "title"),
    ("interventions-create", "title-one-megabyte", {"title": MEGABYTE}, "title"),
    ("interventions-create", "notes-one-megabyte", {"notes": MEGABYTE}, "notes"),
    # past DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB) Django reads no further
    ("interventions-create", "notes-six-megabytes", {"notes": MEGABYTE * 6}, UNREADABLE),
    ("interventions-create", "reference-over-max-length", {"reference": "r" * 61}, "reference"),
    ("interventions-update", "title-over-max-length", {"title": "j" * 256}, "title"),
    ("progress-updates-create", "note-one-megabyte", {"note": MEGABYTE}, "note"),
    ("funding-sources-create", "code-over-max-length", {"code": "k" * 31}, "code"),
    ("funding-sources-create", "notes-one-megabyte", {"notes": MEGABYTE}, "notes"),
    ("intervention-kinds-create", "description-one-megabyte", {"description": MEGABYTE}, "description"),
    ("area-records-create", "source-over-max-length", {"source": "s" * 256}, "source"),
    ("area-records-create", "note-one-megabyte", {"note": MEGABYTE}, "note"),
    ("assessments-create", "notes-one-megabyte", {"notes": MEGABYTE}, "notes"),
    (
        "assessments-create",
        "measurement-note-over-max-length",
        {"measurements": {"1a": {"volume": "1", "denominator": "2", "note": "n" * 256}}},
        "measurements",
    ),
    ("meetings-create", "title-over-max-length", {"title": "t" * 201}, "title"),
    ("meetings-create", "minutes-one-megabyte", {"minutes": MEGABYTE}, "minutes"),
    ("meetings-update", "agenda-one-megabyte", {"agenda": MEGABYTE}, "agenda"),
    ("data-sharing-create", "data-shared-over-max-length", {"data_shared": "d" * 256}, "data_shared"),
    ("agreements-create", "summary-one-megabyte", {"summary": MEGABYTE}, "summary"),
    ("milestones-create", "note-one-megabyte", {"note": MEGABYTE}, "note"),
    ("shared-goals-create", "statement-one-megabyte", {"statement": MEGABYTE}, "statement"),
    ("outcomes-create", "description-one-megabyte", {"description": MEGABYTE}, "description"),
    ("stage-assessments-create", "assessor-over-max-length", {"assessor_name": "a" * 121}, "assessor_name"),
    ("stage-assessments-update", "evidence-one-megabyte", {"evidence_note": MEGABYTE}, "evidence_note"),
    # wrong types
    ("interventions-create", "title-object", {"title": {"teks": "jalan"}}, "title"),
    ("interventions-create", "title-list", {"title": ["jalan"]}, "title"),
    ("interventions-create", "fiscal-year-text", {"fiscal_year": "dua ribu"}, "fiscal_year"),
    ("interventions-create", "fiscal-year-null", {"fiscal_year": None}, "fiscal_year"),
    ("interventions-create", "fiscal-year-boolean", {"fiscal_year": True}, "fiscal_year"),
    ("interventions-create", "volume-text", {"volume": "banyak"}, "volume"),
    ("interventions-create", "volume-list", {"volume": [1]}, "volume"),
    ("interventions-create", "location-object", {"location": {"id": 1}}, "location"),
    ("interventions-create", "location-text", {"location": "Kampung Bugis"}, "location"),
    ("interventions-create", "funding-lines-object", {"funding_lines": {"source": "apbn"}}, "funding_lines"),
    ("interventions-create", "funding-lines-text", {"funding_lines": "apbn"}, "funding_lines"),
    ("interventions-create", "funding-lines-empty", {"funding_lines": []}, "funding_lines"),
    ("interventions-create", "funding-line-list-for-object", {"funding_lines": [["apbn"]]}, "funding_lines"),
    ("interventions-create", "start-date-garbage", {"start_date": "2024-13-45"}, "start_date"),
    ("interventions-create", "start-date-number", {"start_date": 20240101}, "start_date"),
    ("interventions-create", "title-nul-character", {"title": "jalan\x00beton"}, "title"),
    ("interventions-create", "kind-nul-character", {"kind": "jalan-beton\x00"}, "kind"),
    ("interventions-create", "unit-nul-character", {"unit": "m\x00"}, "unit"),
    ("assessments-create", "rule-set-nul-character", {"rule_set": "permen-14-2018\x00"}, "rule_set"),
    (
        "assessments-create",
        "criterion-code-nul-character",
        {"measurements": {"1a\x00": {"volume": "1", "denominator": "2"}}},
        "measurements",
    ),
    (
        "assessments-create",
        "consideration-nul-character",
        {"considerations": {"nilai-strategis\x00": "x"}},
        "considerations",
    ),
    ("interventions-create", "title-lone-surrogate", {"title": Raw('"jalan \\ud800"')}, "title"),
    ("interventions-update", "version-text", {"version": "terbaru"}, "version"),
    ("interventions-update", "version-null", {"version": None}, "version"),
    ("progress-updates-create", "percent-text", {"percent": "separuh"}, "percent"),
    ("progress-updates-create", "intervention-object", {"intervention": {"id": 1}}, "intervention"),
    ("progress-updates-create", "photo-text", {"photo": "foto.jpg"}, "photo"),
    ("funding-sources-create", "is-active-text", {"is_active": "mungkin"}, "is_active"),
    ("funding-sources-create", "name-null", {"name": None}, "name"),
    ("intervention-kinds-create", "units-text", {"units": "m"}, "units"),
    ("assessments-create", "header-list", {"header": [150]}, "header"),
    ("assessments-create", "measurements-list", {"measurements": ["1a"]}, "measurements"),
    ("assessments-create", "measurement-text", {"measurements": {"1a": "banyak"}}, "measurements"),
    ("assessments-create", "legality-text", {"legality": {"penguasaan-lahan": "mungkin"}}, "legality"),
    ("assessments-create", "assessed-on-missing", {"assessed_on": Missing}, "assessed_on"),
    ("meetings-create", "attendance-object", {"attendance": {"stakeholder": 1}}, "attendance"),
    ("meetings-create", "participants-text", lambda body: attendance(body, participants="dua"), "attendance"),
    ("meetings-create", "year-text", {"year": "dulu"}, "year"),
    ("data-sharing-create", "to-stakeholders-object", {"to_stakeholders": {"id": 1}}, "to_stakeholders"),
    ("agreements-create", "signatories-text", {"signatories": "BKM"}, "signatories"),
    ("shared-goals-create", "target-value-text", {"target_value": "separuh"}, "target_value"),
    ("outcomes-create", "interventions-object", {"interventions": {"id": 1}}, "interventions"),
    ("stage-assessments-update", "version-list", {"version": [1]}, "version"),
    # unknown codes, choices and foreign keys
    ("interventions-create", "location-unknown-id", {"location": UnknownPk(SlumLocation)}, "location"),
    ("interventions-create", "area-unknown-id", {"area": UnknownPk(Area)}, "area"),
    ("interventions-create", "kind-unknown-code", {"kind": "kolam-renang"}, "kind"),
    ("interventions-create", "unit-unknown-code", {"unit": "depa"}, "unit"),
    ("interventions-create", "status-unknown-choice", {"status": "hilang"}, "status"),
    (
        "interventions-create",
        "funding-source-unknown-code",
        {"funding_lines": [{"source": "dana-gaib", "fiscal_year": 2024, "amount": "1.00"}]},
        "funding_lines",
    ),
    (
        "interventions-create",
        "implementer-unknown-id",
        {"implementer": UnknownPk(Stakeholder)},
        "implementer",
    ),
    ("progress-updates-create", "intervention-unknown-id", {"intervention": UnknownPk(Intervention)}, NOT_FOUND),
    ("funding-sources-create", "level-unknown-choice", {"level": "galaksi"}, "level"),
    ("intervention-kinds-create", "aspect-unknown-number", {"aspect": 99}, "aspect"),
    ("intervention-kinds-create", "default-unit-unknown-code", {"default_unit": "depa"}, "default_unit"),
    ("area-records-create", "location-unknown-id", {"location": UnknownPk(SlumLocation)}, "location"),
    ("assessments-create", "rule-set-unknown-code", {"rule_set": "permen-99"}, "rule_set"),
    ("assessments-create", "source-unknown-choice", {"source": "mimpi"}, "source"),
    ("assessments-create", "criterion-unknown-code", {"measurements": {"9z": {"percent": "10"}}}, "measurements"),
    ("assessments-create", "consideration-unknown-code", {"considerations": {"cuaca": "cerah"}}, "considerations"),
    ("meetings-create", "forum-type-unknown-choice", {"forum_type": "pesta"}, "forum_type"),
    (
        "meetings-create",
        "attendance-stakeholder-unknown-id",
        {"attendance": [{"stakeholder": UnknownPk(Stakeholder), "participants": 3}]},
        "attendance",
    ),
    ("meetings-create", "date-precision-unknown-choice", {"date_precision": "abad"}, "date_precision"),
    ("data-sharing-create", "kind-unknown-choice", {"kind": "gosip"}, "kind"),
    ("agreements-create", "signatory-unknown-id", {"signatories": [UnknownPk(Stakeholder)]}, "signatories"),
    ("milestones-create", "agreement-unknown-id", {"agreement": UnknownPk(Agreement)}, "agreement"),
    ("milestones-create", "status-unknown-choice", {"status": "mungkin"}, "status"),
    ("shared-goals-create", "target-metric-unknown-choice", {"target_metric": "kebahagiaan"}, "target_metric"),
    ("outcomes-create", "intervention-unknown-id", {"interventions": [UnknownPk(Intervention)]}, "interventions"),
    ("stage-assessments-create", "stage-unknown-choice", {"stage": "tahap-9"}, "stage"),
    # huge and impossible numbers
    ("interventions-create", "fiscal-year-huge", {"fiscal_year": 10**30}, "fiscal_year"),
    ("interventions-create", "volume-huge", {"volume": 10**30}, "volume"),
    ("interventions-create", "volume-1e400", {"volume": Raw("1e400")}, "volume"),
    ("interventions-create", "volume-1e400-text", {"volume": "1e400"}, "volume"),
    ("interventions-create", "volume-nan", {"volume": "NaN"}, "volume"),
    ("interventions-create", "volume-infinity", {"volume": Raw("Infinity")}, UNREADABLE),
    ("interventions-create", "volume-negative", {"volume": "-5"}, "volume"),
    (
        "interventions-create",
        "budget-10-to-the-30",
        {"funding_lines": [{"source": "apbn", "fiscal_year": 2024, "amount": 10**30}]},
        "funding_lines",
    ),
    (
        "interventions-create",
        "budget-negative",
        {"funding_lines": [{"source": "apbn", "fiscal_year": 2024, "amount": "-1.00"}]},
        "funding_lines",
    ),
    ("interventions-create", "beneficiaries-over-64-bits", {"beneficiary_households": 2**64}, "beneficiary_households"),
    ("interventions-create", "beneficiaries-negative", {"beneficiary_households": -1}, "beneficiary_households"),
    ("interventions-create", "location-over-64-bits", {"location": Raw(OVER_64_BITS)}, "location"),
    ("interventions-create", "area-over-64-bits-text", {"area": OVER_64_BITS}, "area"),
    ("interventions-create", "fiscal-year-5000-digits", {"fiscal_year": Raw("9" * 5000)}, UNREADABLE),
    ("interventions-update", "version-over-64-bits", {"version": 2**64}, "version"),
    ("interventions-update", "volume-1e400", {"volume": Raw("1e400")}, "volume"),
    (
        "interventions-update",
        "funding-line-id-over-64-bits",
        {"funding_lines": [{"id": 2**64, "source": "apbn", "fiscal_year": 2024, "amount": "1.00"}]},
        "funding_lines",
    ),
    (
        "interventions-update",
        "funding-line-id-unknown",
        {"funding_lines": [{"id": UnknownPk(FundingLine), "source": "apbn", "fiscal_year": 2024, "amount": "1.00"}]},
        "funding_lines",
    ),
    ("progress-updates-create", "intervention-over-64-bits", {"intervention": 2**64}, NOT_FOUND),
    ("progress-updates-create", "percent-huge", {"percent": 10**30}, "percent"),
    ("progress-updates-create", "percent-negative", {"percent": "-1"}, "percent"),
    ("funding-sources-create", "order-over-64-bits", {"order": 2**64}, "order"),
    ("intervention-kinds-create", "aspect-over-64-bits", {"aspect": 2**64}, "aspect"),
    ("area-records-create", "area-ha-huge", {"area_ha": 10**30}, "area_ha"),
    ("area-records-create", "area-ha-1e400", {"area_ha": Raw("1e400")}, "area_ha"),
    ("area-records-create", "year-over-64-bits", {"year": 2**64}, "year"),
    ("assessments-create", "households-over-64-bits", {"header": {"households": 2**64}}, "header"),
    ("assessments-create", "buildings-huge", {"header": {"buildings": 10**30}}, "header"),
    (
        "assessments-create",
        "measurement-volume-1e400",
        {"measurements": {"1a": {"volume": Raw("1e400"), "denominator": "1"}}},
        "measurements",
    ),
    (
        "assessments-create",
        "measurement-denominator-zero",
        {"measurements": {"1a": {"volume": "1", "denominator": "0"}}},
        "measurements",
    ),
    ("assessments-create", "location-over-64-bits", {"location": 2**64}, "location"),
    ("assessments-update", "version-over-64-bits", {"version": 2**64}, "version"),
    ("meetings-create", "year-huge", {"year": 10**30}, "year"),
    ("meetings-create", "year-over-32-bits", {"year": 2**40}, "year"),
    ("meetings-create", "participants-over-64-bits", lambda body: attendance(body, participants=2**64), "attendance"),
    ("meetings-create", "women-negative", lambda body: attendance(body, women=-1), "attendance"),
    ("meetings-update", "version-over-64-bits", {"version": 2**64}, "version"),
    ("data-sharing-create", "to-stakeholder-over-64-bits", {"to_stakeholders": [2**64]}, "to_stakeholders"),
    ("milestones-create", "order-over-64-bits", {"order": 2**64}, "order"),
    ("milestones-create", "due-year-huge", {"due_precision": "year", "due_year": 10**30}, "due_year"),
    ("shared-goals-create", "target-value-huge", {"target_value": 10**30}, "target_value"),
    ("shared-goals-create", "target-year-over-64-bits", {"target_year": 2**64}, "target_year"),
    ("outcomes-create", "intervention-over-64-bits", {"interventions": [2**64]}, "interventions"),
    ("stage-assessments-create", "level-over-64-bits", {"level": 2**64}, "level"),
    ("stage-assessments-update", "year-huge", {"date_precision": "year", "year": 10**30}, "year"),
    # reference data and accounts (issue 16)
    (
        "areas-create",
        "code-not-in-the-official-list",
        {"code": "21.72.99.9999", "parent": Missing, "level": Missing, "name": Missing},
        "code",
    ),
    ("areas-create", "rt-outside-an-rw", {"level": "rt"}, "parent"),
    ("areas-create", "rw-number-not-a-number", {"name": "abc"}, "name"),
    ("locations-create", "decreed-ha-negative", {"decreed_area_ha": "-1.00"}, "decreed_area_ha"),
    ("locations-create", "decreed-ha-three-decimals", {"decreed_area_ha": "1.505"}, "decreed_area_ha"),
    ("locations-create", "area-code-unknown", {"area": "21.72.03.9999"}, "area"),
    ("decrees-create", "duplicate-number-same-city-and-year", {"number": "337"}, "number"),
    ("decrees-create", "title-over-max-length", {"title": "t" * 256}, "title"),
    ("stakeholders-create", "description-one-megabyte", {"description": MEGABYTE}, "description"),
    ("users-create", "password-refused-by-validators", {"password": "12345678"}, "password"),
    ("users-create", "password-like-the-username", {"password": "bkm-uji-1"}, "password"),
    ("users-create", "area-code-unknown", {"areas": ["21.72.03.9999"]}, "areas"),
]


@pytest.mark.parametrize(
    ("name", "changes", "key"),
    [pytest.param(name, changes, key, id=f"{name}-{case}") for name, case, changes, key in BAD_VALUES],
)
def test_a_bad_value_answers_400_and_changes_nothing(api, world, name, changes, key):
    body = body_with(world, name, changes)
    before = table_counts()
    response = send(api, name, world, encode(body))
    if key == NOT_FOUND:
        assert response.status_code == 404, response.content[:2000]
        assert english_messages(messages_in(response.json())) == [], response.json()
        assert table_counts() == before
        return
    assert_refused(response, before, key)


# --- bodies that are not a JSON object ------------------------------------------------------------

RAW_BODIES = [
    ("malformed-json", b'{"title": "jalan", ', "application/json"),
    ("broken-utf-8", b'{"title": "\xff\xfe jalan"}', "application/json"),
    ("json-array", b"[]", "application/json"),
    ("json-number", b"42", "application/json"),
    ("huge-integer-literal", b'{"version": ' + b"9" * 5000 + b"}", "application/json"),
    ("broken-utf-8-form", b"title=\xff\xfe&version=\xff", "application/x-www-form-urlencoded"),
    ("form-with-2000-fields", "&".join(f"f{i}=1" for i in range(2000)).encode(), "application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
@pytest.mark.parametrize(("body", "content_type"), [pytest.param(b, c, id=i) for i, b, c in RAW_BODIES])
def test_a_body_that_is_not_a_json_object_answers_400(api, world, name, body, content_type):
    before = table_counts()
    assert_refused(send(api, name, world, body, content_type), before)


# --- ids in URLs, filters, pages ------------------------------------------------------------------

BAD_URLS = [
    # (id, method, path, expected status)
    ("intervention-over-64-bits", "get", f"interventions/{OVER_64_BITS}/", 404),
    ("intervention-over-64-bits-patch", "patch", f"interventions/{OVER_64_BITS}/", 404),
    ("intervention-over-64-bits-delete", "delete", f"interventions/{OVER_64_BITS}/", 404),
    (
        "intervention-delete-version-over-64-bits",
        "delete",
        "interventions/{intervention}/?version=" + OVER_64_BITS,
        400,  # not a version at all (issue 15): refused, never treated as a stale one
    ),
    ("intervention-not-a-number", "get", "interventions/satu/", 404),
    ("progress-photo-over-64-bits", "get", f"progress-updates/{OVER_64_BITS}/photo/", 404),
    ("assessment-over-64-bits-put", "put", f"assessments/{OVER_64_BITS}/", 404),
    ("meeting-over-64-bits", "get", f"meetings/{OVER_64_BITS}/", 404),
    ("meeting-over-64-bits-patch", "patch", f"meetings/{OVER_64_BITS}/", 404),
    ("milestone-negative", "patch", "milestones/-1/", 404),
    ("location-over-64-bits", "get", f"locations/{OVER_64_BITS}/", 404),
    ("area-decimal-id", "get", "areas/1.5/", 404),
    ("area-broken-utf-8-id", "get", "areas/%ff/", 404),
    ("rule-set-broken-utf-8-code", "get", "rule-sets/%ff%fe/", 404),
    ("rule-set-nul-code", "get", "rule-sets/permen%00/", 404),
    ("funding-source-over-64-bits", "patch", f"funding-sources/{OVER_64_BITS}/", 404),
    ("flag-over-64-bits", "get", f"data-quality-flags/{OVER_64_BITS}/", 404),
    # filters
    ("fiscal-year-over-64-bits", "get", f"interventions/?fiscal_year={OVER_64_BITS}", 400),
    ("fiscal-year-1e400", "get", "interventions/?fiscal_year=1e400", 400),
    ("fiscal-year-text", "get", "interventions/?fiscal_year=dulu", 400),
    ("fiscal-year-decimal", "get", "interventions/?fiscal_year=2018.5", 400),
    ("fiscal-year-huge-negative-exponent", "get", "interventions/?fiscal_year=-1e10000000", 400),
    ("fiscal-year-broken-utf-8", "get", "interventions/?fiscal_year=%ff", 400),
    ("location-filter-over-64-bits", "get", f"interventions/?location={OVER_64_BITS}", 400),
    ("rt-rw-filter-over-64-bits", "get", f"interventions/?rt_rw={OVER_64_BITS}", 400),
    ("kind-filter-unknown-code", "get", "interventions/?kind=kolam-renang", 400),
    ("kind-filter-broken-utf-8", "get", "interventions/?kind=%ff%fe", 400),
    ("funding-source-filter-unknown-code", "get", "interventions/?funding_source=dana-gaib", 400),
    ("status-filter-unknown-choice", "get", "interventions/?status=hilang", 400),
    ("date-filter-impossible", "get", "interventions/?start_date_from=2024-13-45", 400),
    ("area-filter-broken-utf-8", "get", "interventions/?area=%ff", 200),
    ("totals-fiscal-year-over-64-bits", "get", f"interventions/totals/?fiscal_year={OVER_64_BITS}", 400),
    ("progress-intervention-filter-over-64-bits", "get", f"progress-updates/?intervention={OVER_64_BITS}", 400),
    ("area-record-year-over-64-bits", "get", f"area-records/?year={OVER_64_BITS}", 400),
    ("area-record-year-from-1e400", "get", "area-records/?year_from=1e400", 400),
    ("assessment-location-filter-over-64-bits", "get", f"assessments/?location={OVER_64_BITS}", 400),
    ("meeting-year-over-64-bits", "get", f"meetings/?year={OVER_64_BITS}", 400),
    ("meeting-year-min-1e400", "get", "meetings/?year_min=1e400", 400),
    ("meeting-stakeholder-over-64-bits", "get", f"meetings/?stakeholder={OVER_64_BITS}", 400),
    ("agreement-signatory-over-64-bits", "get", f"agreements/?signatory={OVER_64_BITS}", 400),
    ("decree-year-over-64-bits", "get", f"decrees/?year={OVER_64_BITS}", 400),
    ("area-parent-over-64-bits", "get", f"areas/?parent={OVER_64_BITS}", 400),
    ("location-decree-over-64-bits", "get", f"locations/?decree={OVER_64_BITS}", 400),
    ("aspect-number-over-64-bits", "get", f"aspects/?number={OVER_64_BITS}", 400),
    ("search-broken-utf-8", "get", "interventions/?search=%ff%fe", 200),
    ("search-nul", "get", "interventions/?search=%00", 400),
    ("area-code-filter-nul", "get", "interventions/?area=21.72%00", 400),
    ("aspects-rule-set-nul", "get", "aspects/?rule_set=permen%00", 400),
    ("flag-record-type-nul", "get", "data-quality-flags/?record_type=sites.area%00", 400),
    ("location-within-nul", "get", "locations/?within=21.72%00", 400),
    ("ordering-broken-utf-8", "get", "meetings/?ordering=%ff", 200),
    # pages
    ("page-text", "get", "areas/?page=abc", 404),
    ("page-over-64-bits", "get", f"areas/?page={OVER_64_BITS}", 404),
    ("page-size-over-64-bits", "get", f"areas/?page_size={OVER_64_BITS}", 200),
    ("cursor-broken-utf-8", "get", "interventions/?cursor=%ff", 404),
    ("cursor-garbage", "get", "interventions/?cursor=bz1hYmM=", 404),
    ("format-unknown", "get", "interventions/?format=%ff", 404),
]


@pytest.mark.parametrize(("method", "path", "status"), [pytest.param(m, p, s, id=i) for i, m, p, s in BAD_URLS])
def test_an_impossible_id_filter_or_page_answers_clearly(api, world, method, path, status):
    before = table_counts()
    url = API + path.format(**world["records"])
    body = {} if method == "get" else {"data": b"{}", "content_type": "application/json"}
    response = getattr(api, method)(url, **body)
    assert response.status_code == status, response.content[:2000]
    if response["Content-Type"].startswith("text/html"):
        # An address no API route matches (``interventions/satu/``) gets the site's 404 page.
        assert status == 404 and "Halaman tidak ditemukan" in response.content.decode()
    elif status != 200:
        body = response.json()
        assert isinstance(body, dict) and body, body
        assert english_messages(messages_in(body)) == [], body
    assert table_counts() == before


def test_a_script_with_a_token_gets_the_same_indonesian_400(world, official):
    """Scripts send ``Authorization: Token``; their bad input is answered like a browser's."""
    _token, key = api_token_issue(user=official, name="skrip uji")
    client = APIClient(headers={"Authorization": f"Token {key}"})
    before = table_counts()
    response = client.post(API + "interventions/", b'{"title": "\xff"}', content_type="application/json")
    assert_refused(response, before)
    assert response.json() == {"detail": "Isi permintaan bukan teks UTF-8 yang sah."}
    body = body_with(world, "interventions-create", {"volume": "banyak", "fiscal_year": 10**30})
    response = client.post(API + "interventions/", encode(body), content_type="application/json")
    assert_refused(response, before, "volume")
    assert response.json()["volume"] == ["Harus berupa angka."]
    assert "fiscal_year" in response.json()
