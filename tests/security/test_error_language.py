"""Every error the API can answer speaks the user's language: this walks the error paths (bad
token headers, a failed CSRF check, bad filters, pages and cursors, bodies, methods, media types,
versions) in the default Indonesian and fails on any English message."""

import re

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.exceptions import Throttled

from core.api import exception_handler
from interventions.models import Intervention

ENGLISH = re.compile(
    r"\b(the|is|not|no|invalid|provided|failed|missing|must|should|was|were|please|enter|select|"
    r"expected|credentials|request|found|allowed|method|cursor|number|required|field|string|contain|"
    r"characters|available|seconds?|unsupported|satisfy|malformed|input)\b",
    re.IGNORECASE,
)


def messages_in(body):
    if isinstance(body, dict):
        for value in body.values():
            yield from messages_in(value)
    elif isinstance(body, list):
        for value in body:
            yield from messages_in(value)
    elif isinstance(body, str):
        yield body


def english_in(response) -> list[str]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return [message for message in messages_in(response.json()) if ENGLISH.search(message)]


@pytest.fixture
def intervention(seed):
    return Intervention.objects.get(reference="makalah-2018-tabel2-1")


def error_answers(researcher, official, intervention):
    """``(label, response)`` for every error path, each expected to be a 4xx."""
    anonymous = Client()
    url = "/api/v1/interventions/"
    yield "no credentials", anonymous.get(url)
    for header in ["Token", "Token a b", "Token \xff\xfe", "Token unknown-key"]:
        yield f"Authorization: {header!r}", anonymous.get(url, HTTP_AUTHORIZATION=header)
    session = Client(enforce_csrf_checks=True)
    session.force_login(official)
    yield "CSRF missing", session.post(url, {}, content_type="application/json")
    yield "CSRF wrong", session.post(url, {}, content_type="application/json", HTTP_X_CSRFTOKEN="x" * 32)
    reader = Client()
    reader.force_login(researcher)
    writer = Client()
    writer.force_login(official)
    queries = {
        "page": "/api/v1/locations/?page=999",
        "page_text": "/api/v1/locations/?page=abc",
        "page_size": "/api/v1/locations/?page_size=abc",
        "cursor": f"{url}?cursor=abc",
        "boolean": "/api/v1/rule-sets/?is_default=maybe",
        "token boolean": "/api/v1/api-tokens/?active=xyz",
        "choice": f"{url}?status=xyz",
        "id": f"{url}?location=abc",
        "date": f"{url}?start_date_from=2018-13-45",
        "search": f"{url}?search={'x' * 300}",
        "unrouted": "/api/v1/no-such-list/",
        "missing": f"{url}999999/",
        "researcher write": None,
    }
    for label, address in queries.items():
        if address:
            yield label, reader.get(address)
    yield "researcher write", reader.post(url, {}, content_type="application/json")
    detail = f"{url}{intervention.pk}/"
    yield "media type", writer.post(url, "x", content_type="text/plain")
    yield "accept", reader.get(url, HTTP_ACCEPT="application/xml")
    yield "method", writer.delete("/api/v1/funding-sources/1/")
    yield "broken JSON", writer.post(url, "{", content_type="application/json")
    yield "empty body", writer.post(url, {}, content_type="application/json")
    yield (
        "wrong types",
        writer.post(url, {"location": "x", "volume": "abc", "status": "?"}, content_type="application/json"),
    )
    yield "version", writer.delete(f"{detail}?version=1abc")
    yield "no version", writer.patch(detail, {"notes": "x"}, content_type="application/json")
    yield "stale version", writer.patch(detail, {"version": 99, "notes": "x"}, content_type="application/json")


def test_no_api_error_is_in_english_in_indonesian_mode(researcher, official, intervention):
    leaks, codes = {}, {}
    for label, response in error_answers(researcher, official, intervention):
        codes[label] = response.status_code
        if found := english_in(response):
            leaks[label] = found
    assert {label: code for label, code in codes.items() if not 400 <= code < 500} == {}
    assert leaks == {}


def test_the_throttled_answer_is_indonesian():
    with translation.override("id"):
        response = exception_handler(Throttled(wait=7), {})
        detail = str(response.data["detail"])
    assert "7 detik" in detail and not ENGLISH.search(detail)


def test_errors_are_english_when_english_is_chosen(settings, seed):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/api/v1/interventions/", HTTP_AUTHORIZATION="Token").json()
    assert ENGLISH.search(body["detail"]), body
