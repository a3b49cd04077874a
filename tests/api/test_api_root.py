"""``/api/v1/`` answers an index of the endpoints; the browsable API pages are the app's own pages
(its layout and language, nothing the CSP refuses); ``/favicon.ico`` exists."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_root_is_a_json_index_of_the_endpoints(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    index = response.json()
    assert index["api_version"] == "v1"
    assert index["endpoints"]["interventions"] == "http://testserver/api/v1/interventions/"
    assert index["endpoints"]["me"] == "http://testserver/api/v1/me/"
    assert {"locations", "assessments", "funding-sources", "meetings", "data-quality-flags"} <= set(index["endpoints"])
    assert index["docs"] == "http://testserver/api/docs/"
    assert index["schema"] == "http://testserver/api/schema/"
    assert index["codebook"] == "http://testserver/api/codebook/"


def test_every_address_in_the_index_answers(client_for, official):
    # An official may read every list the index names (the accounts list is theirs alone).
    client = client_for(official)
    for name, url in client.get("/api/v1/").json()["endpoints"].items():
        assert client.get(url, {"format": "json"}).status_code == 200, name


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.parametrize(("path", "status"), [("/api/v1/me/", 200), ("/api/v1/interventions/999999/", 404)])
def test_the_browsable_api_is_an_indonesian_page_in_the_app_layout(client_for, researcher, path, status):
    response = client_for(researcher).get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == status
    html = response.content.decode()
    assert 'id="nav-main"' in html and 'id="current-user"' in html
    assert "Jawaban JSON alamat ini" in html and f"Status HTTP {status}" in html
    assert re.search(r'id="api-response">\{', _main(html))
    # nothing the CSP (no unsafe-inline) refuses: no style attributes or blocks, no inline scripts
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "Django REST framework" not in html


def test_the_browsable_api_speaks_english_when_chosen(client_for, researcher, settings):
    client = client_for(researcher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/api/v1/me/", HTTP_ACCEPT="text/html").content.decode()
    assert "HTTP status 200" in html


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")
