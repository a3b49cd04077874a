"""Hashed API tokens: issuing (page and command), using, revoking."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import ApiToken
from core.services import api_token_issue
from tests.factories import accounts

ME = "/api/v1/me/"


def token_header(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.mark.django_db
def test_researcher_reads_the_api_with_a_token(client, researcher):
    _token, key = api_token_issue(user=researcher, name="analisis R")

    response = client.get(ME, **token_header(key))

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == researcher.username
    assert body["roles"] == ["researcher"]
    assert body["authenticated_by"] == "token"
    assert body["token"]["prefix"] == key[:8]


@pytest.mark.django_db
def test_token_use_is_recorded(client, researcher):
    token, key = api_token_issue(user=researcher, name="analisis R")
    assert token.last_used_at is None

    client.get(ME, **token_header(key))

    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_revoked_token_answers_401(client, researcher, official):
    _token, key = api_token_issue(user=researcher, name="lama")
    assert client.get(ME, **token_header(key)).status_code == 200
    client.force_login(official)
    client.post(reverse("core:apitoken-revoke", args=[_token.pk]))
    client.logout()

    response = client.get(ME, **token_header(key))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_unknown_token_and_no_credentials_answer_401(client):
    assert client.get(ME, **token_header("bukan-token")).status_code == 401
    assert client.get(ME).status_code == 401


@pytest.mark.django_db
def test_token_of_a_deactivated_user_answers_401(client, researcher):
    _token, key = api_token_issue(user=researcher, name="x")
    researcher.is_active = False
    researcher.save(update_fields=["is_active"])

    assert client.get(ME, **token_header(key)).status_code == 401


@pytest.mark.django_db
def test_only_a_hash_of_the_key_is_stored(researcher):
    token, key = api_token_issue(user=researcher, name="x")

    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in [str(value) for value in stored.values()]
    assert stored["key_hash"] != key
    assert len(stored["key_hash"]) == 64
    assert stored["prefix"] == key[:8]


@pytest.mark.django_db
def test_official_issues_a_token_and_sees_the_key_once(client, official, researcher):
    client.force_login(official)

    response = client.post(reverse("core:apitoken-create"), {"user": researcher.pk, "name": "skripsi"})

    assert response.status_code == 200
    key = response.context["key"]
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=researcher)
    assert token.name == "skripsi"
    assert token.created_by == official
    listing = client.get(reverse("core:apitoken-list")).content.decode()
    assert token.prefix in listing
    assert key not in listing
    client.logout()
    assert client.get(ME, **token_header(key)).json()["username"] == researcher.username


@pytest.mark.django_db
def test_issue_form_rejects_a_missing_name_and_issues_nothing(client, official, researcher):
    client.force_login(official)

    response = client.post(reverse("core:apitoken-create"), {"user": researcher.pk, "name": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_token_list_shows_prefix_owner_and_revocation(client, official, researcher):
    active, _ = api_token_issue(user=researcher, name="aktif", issued_by=official)
    revoked, _ = api_token_issue(user=researcher, name="dicabut", issued_by=official)
    revoked.revoke()
    client.force_login(official)

    page = client.get(reverse("core:apitoken-list")).content.decode()

    assert active.prefix in page and revoked.prefix in page
    assert researcher.username in page
    assert reverse("core:apitoken-revoke", args=[active.pk]) in page
    assert reverse("core:apitoken-revoke", args=[revoked.pk]) not in page


@pytest.mark.django_db
@pytest.mark.parametrize("make_user", [accounts.researcher, lambda **kw: accounts.UserFactory(**kw)])
def test_non_official_cannot_reach_the_token_pages(client, make_user, researcher):
    token, _ = api_token_issue(user=researcher, name="x")
    client.force_login(make_user(username="bukan-pejabat"))

    assert client.get(reverse("core:apitoken-list")).status_code == 403
    assert client.get(reverse("core:apitoken-create")).status_code == 403
    assert client.post(reverse("core:apitoken-create"), {"user": researcher.pk, "name": "y"}).status_code == 403
    assert client.post(reverse("core:apitoken-revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


@pytest.mark.django_db
def test_coordinator_cannot_reach_the_token_pages(client, coordinator_kb):
    client.force_login(coordinator_kb)

    assert client.get(reverse("core:apitoken-list")).status_code == 403


@pytest.mark.django_db
def test_visitor_is_sent_to_login(client):
    response = client.get(reverse("core:apitoken-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_token_list_page_query_count_does_not_grow(client, official, django_assert_num_queries):
    client.force_login(official)

    def issue(count):
        for number in range(count):
            api_token_issue(user=accounts.researcher(), name=f"t{number}", issued_by=official)

    issue(2)
    client.get(reverse("core:apitoken-list"))  # warm the session and role caches
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("core:apitoken-list"))
    issue(8)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(reverse("core:apitoken-list")).context["tokens"]) == 10


@pytest.mark.django_db
def test_issue_api_token_command_prints_the_key_once(researcher, client):
    out, err = io.StringIO(), io.StringIO()

    call_command("issue_api_token", researcher.username, "--name", "baris perintah", stdout=out, stderr=err)

    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=researcher)
    assert token.name == "baris perintah"
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in err.getvalue()
    assert client.get(ME, **token_header(key)).status_code == 200


@pytest.mark.django_db
def test_issue_api_token_command_refuses_an_unknown_user():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("issue_api_token", "tidak-ada", "--name", "x")
    assert not ApiToken.objects.exists()
