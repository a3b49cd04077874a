"""Every query-string value is bounded (``core.limits.QUERY_VALUE_MAX_LENGTH``): a search term of
50,000 characters was a 500 on SQLite ("LIKE or GLOB pattern too complex"); now any value past the
bound is a 400 in the user's language, on the API and on the HTML lists, before a query is built."""

import pytest
from rest_framework.test import APIClient

from core.limits import QUERY_VALUE_MAX_LENGTH

LONG = "kumuh " * 10_000  # 60,000 characters
API_LISTS = ["/api/v1/interventions/", "/api/v1/meetings/", "/api/v1/locations/", "/api/v1/assessments/"]


@pytest.fixture
def api(researcher):
    client = APIClient()
    client.force_authenticate(researcher)
    return client


@pytest.mark.parametrize("url", API_LISTS)
def test_a_huge_search_term_is_400_in_indonesian(api, seed, url):
    response = api.get(url, {"search": LONG})
    assert response.status_code == 400
    assert response.json() == {
        "search": [f"Nilai pencarian atau saringan terlalu panjang: paling banyak {QUERY_VALUE_MAX_LENGTH} karakter."]
    }


def test_a_huge_search_term_is_400_in_english_when_chosen(api, seed, settings):
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = api.get("/api/v1/interventions/", {"search": LONG})
    assert response.status_code == 400
    assert response.json()["search"] == [
        f"Search or filter value too long: at most {QUERY_VALUE_MAX_LENGTH} characters."
    ]


@pytest.mark.parametrize("name", ["status", "area", "ordering", "kind", "page_size"])
def test_a_huge_filter_value_is_400(api, seed, name):
    response = api.get("/api/v1/interventions/", {name: "x" * (QUERY_VALUE_MAX_LENGTH + 1)})
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_a_value_at_the_bound_is_still_searched(api, seed):
    response = api.get("/api/v1/interventions/", {"search": "x" * QUERY_VALUE_MAX_LENGTH})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    "url,name",
    [("/interventions/", "q"), ("/interventions/", "status"), ("/locations/", "q"), ("/audit-log/", "q")],
)
def test_html_lists_answer_400_with_the_reason(client_for, official, seed, url, name):
    response = client_for(official).get(url, {name: LONG})
    assert response.status_code == 400
    assert "terlalu panjang: paling banyak 200 karakter" in response.content.decode()
