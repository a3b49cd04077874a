"""The API response cache (core/response_cache.py): hits, what keys an entry, and that every kind
of write makes the next GET show the change.

The suite runs with the cache off (kotaku/test_settings.py); these tests turn it on. Each test runs
inside one transaction that never commits, so writes are wrapped in
``django_capture_on_commit_callbacks(execute=True)``: the generation is bumped on commit, as in
production, and the capture plays the commit.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, get_resolver

from collaboration.models import ContactPerson
from core.services import api_token_issue
from core.viewsets import ResponseCacheMixin
from interventions import services
from interventions.api import InterventionViewSet
from interventions.models import Intervention
from kotaku.demo_data import SYNTHETIC_PREFIX
from sites.models import Area, Stakeholder
from tests.factories import accounts
from tests.factories.collaboration import ContactPersonFactory
from tests.factories.imports import data_sheets, records, sheet_from, template, write_xlsx
from tests.factories.interventions import ProgressUpdateFactory

API = "/api/v1/interventions/"
# A hit with a session: the session, its user, the user's groups (roles), and the savepoint and its
# release that ATOMIC_REQUESTS opens inside the test's transaction. Nothing else.
HIT_QUERIES = 5


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """``with commits():`` runs the on-commit callbacks of the writes inside it, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def get(client, url, **extra):
    """GET ``url``; returns the response and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
        if response.streaming:
            # A streamed export reads its rows while it is sent: count those queries too.
            response.streaming_content = [b"".join(response.streaming_content)]
    return response, [query["sql"] for query in queries.captured_queries]


def is_hit(queries) -> bool:
    return len(queries) == HIT_QUERIES


def first_intervention():
    return Intervention.objects.order_by("-id").first()


# --- Hits -------------------------------------------------------------------------------------


def test_a_second_identical_get_is_served_from_the_cache(client_for, researcher, seed, django_assert_num_queries):
    client = client_for(researcher)
    first, miss_queries = get(client, API)
    assert first.status_code == 200
    assert len(miss_queries) > HIT_QUERIES
    assert any("interventions_intervention" in sql for sql in miss_queries)

    with django_assert_num_queries(HIT_QUERIES) as hit:
        second = client.get(API)
    assert not any("interventions_" in query["sql"] for query in hit.captured_queries)
    assert second.status_code == 200
    assert second.content == first.content
    for header in ("Content-Type", "Vary", "Allow", "Content-Language"):
        assert second[header] == first[header]


def test_a_detail_is_cached_too(client_for, researcher, seed):
    client = client_for(researcher)
    url = f"{API}{first_intervention().pk}/"
    first, miss_queries = get(client, url)
    second, hit_queries = get(client, url)
    assert first.status_code == second.status_code == 200
    assert len(miss_queries) > HIT_QUERIES and is_hit(hit_queries)
    assert second.content == first.content


def test_parameter_order_does_not_matter_but_every_parameter_does(client_for, researcher, seed):
    client = client_for(researcher)
    first, _ = get(client, f"{API}?ordering=id&page_size=5")
    swapped, queries = get(client, f"{API}?page_size=5&ordering=id")
    assert is_hit(queries)
    assert [row["id"] for row in swapped.json()["results"]] == [row["id"] for row in first.json()["results"]]

    descending, queries = get(client, f"{API}?ordering=-id&page_size=5")
    assert not is_hit(queries)
    assert descending.json()["results"][0]["id"] != first.json()["results"][0]["id"]

    page_two_url = first.json()["next"]
    page_two, queries = get(client, page_two_url)
    assert not is_hit(queries)
    assert {row["id"] for row in page_two.json()["results"]}.isdisjoint(row["id"] for row in first.json()["results"])
    _, queries = get(client, page_two_url)
    assert is_hit(queries)


def test_the_language_is_part_of_the_key(client_for, researcher, seed):
    client = client_for(researcher)
    url = f"{API}?ordering=id"
    indonesian, _ = get(client, url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, queries = get(client, url)
    assert not is_hit(queries)
    assert english["Content-Language"] == "en"
    assert english.json()["results"][0]["status_label"] != indonesian.json()["results"][0]["status_label"]
    _, queries = get(client, url)
    assert is_hit(queries)


def test_the_indent_asked_for_is_part_of_the_key(client_for, researcher, seed):
    client = client_for(researcher)
    compact, _ = get(client, API)
    indented, queries = get(client, API, HTTP_ACCEPT="application/json; indent=4")
    assert not is_hit(queries)
    assert indented.content != compact.content and indented.json() == compact.json()


def test_exports_and_the_browsable_api_are_never_cached(client_for, researcher, seed):
    client = client_for(researcher)
    get(client, API)  # a JSON entry for the same URL
    for _ in range(2):
        export, queries = get(client, f"{API}?format=csv")
        assert export["Content-Type"].startswith("text/csv")
        assert not is_hit(queries)
        b"".join(export.streaming_content)
    for _ in range(2):
        page, queries = get(client, API, HTTP_ACCEPT="text/html")
        assert page["Content-Type"].startswith("text/html")
        assert not is_hit(queries)


# --- Who sees what ----------------------------------------------------------------------------


def test_a_researcher_never_receives_the_officials_cached_personal_data(client_for, official, researcher, seed):
    stakeholder = Stakeholder.objects.get(name="BKM Kampung Bugis")
    ContactPersonFactory(stakeholder=stakeholder, name="Siti Rahasia", phone="0812-0000-1111")
    url = f"/api/v1/stakeholders/{stakeholder.pk}/"

    official_view, _ = get(client_for(official), url)
    assert "Siti Rahasia" in official_view.content.decode()
    researcher_view, queries = get(client_for(researcher), url)
    assert not is_hit(queries)
    assert "contact_people" not in researcher_view.json()
    assert "Siti Rahasia" not in researcher_view.content.decode()
    assert "0812-0000-1111" not in researcher_view.content.decode()


def test_personal_data_is_keyed_even_between_users_with_the_same_empty_scope(client_for, researcher, seed):
    """A coordinator without an area yet writes nowhere, like a researcher, but sees contact people."""
    newcomer = accounts.coordinator(username="bkm-baru")
    stakeholder = Stakeholder.objects.get(name="BKM Kampung Bugis")
    ContactPersonFactory(stakeholder=stakeholder, name="Siti Rahasia")
    url = f"/api/v1/stakeholders/{stakeholder.pk}/"

    assert "Siti Rahasia" in get(client_for(newcomer), url)[0].content.decode()
    assert "Siti Rahasia" not in get(client_for(researcher), url)[0].content.decode()
    cache.clear()
    assert "Siti Rahasia" not in get(client_for(researcher), url)[0].content.decode()
    assert "Siti Rahasia" in get(client_for(newcomer), url)[0].content.decode()


def test_an_official_is_not_served_the_researchers_cached_answer(client_for, official, researcher, seed):
    intervention = first_intervention()
    ProgressUpdateFactory(intervention=intervention, percent=Decimal("30"), created_by=official)
    url = f"/api/v1/progress-updates/?intervention={intervention.pk}"

    researcher_view, _ = get(client_for(researcher), url)
    assert [row["reported_by"] for row in researcher_view.json()["results"]] == [None]
    official_view, queries = get(client_for(official), url)
    assert not is_hit(queries)
    assert [row["reported_by"] for row in official_view.json()["results"]] == [official.username]

    stakeholder = Stakeholder.objects.get(name="BKM Kampung Bugis")
    ContactPersonFactory(stakeholder=stakeholder, name="Siti Rahasia")
    get(client_for(researcher), f"/api/v1/stakeholders/{stakeholder.pk}/")
    official_detail, _ = get(client_for(official), f"/api/v1/stakeholders/{stakeholder.pk}/")
    assert "Siti Rahasia" in [person["name"] for person in official_detail.json()["contact_people"]]


def test_coordinators_of_different_areas_do_not_share_entries(client_for, coordinator_kb, coordinator_tu, seed):
    get(client_for(coordinator_kb), API)
    _, queries = get(client_for(coordinator_tu), API)
    assert not is_hit(queries)
    other = accounts.coordinator(coordinator_kb.area_assignments.get().area, username="bkm-kb-2")
    _, queries = get(client_for(other), API)
    # the same role and the same areas: the same answer (one more query reads the scope)
    assert len(queries) == HIT_QUERIES + 1


def test_one_researchers_api_tokens_are_never_shown_to_another(client_for, researcher, seed):
    other = accounts.researcher(username="peneliti-lain")
    api_token_issue(user=researcher, name="token-peneliti")
    api_token_issue(user=other, name="token-lain")
    mine, _ = get(client_for(researcher), "/api/v1/api-tokens/")
    theirs, _ = get(client_for(other), "/api/v1/api-tokens/")
    assert [row["name"] for row in mine.json()["results"]] == ["token-peneliti"]
    assert [row["name"] for row in theirs.json()["results"]] == ["token-lain"]


# --- Refusals still happen on a cached URL ----------------------------------------------------


def test_a_cached_url_still_answers_401_to_anonymous_and_revoked_tokens(client_for, researcher, seed):
    token, raw = api_token_issue(user=researcher, name="skrip")
    client = client_for(None)
    assert client.get(API, HTTP_AUTHORIZATION=f"Token {raw}").status_code == 200
    _, queries = get(client, API, HTTP_AUTHORIZATION=f"Token {raw}")
    assert len(queries) == 4  # the token with its user, the user's groups, the savepoint and its release
    assert client.get(API).status_code == 401
    token.revoke()
    response = client.get(API, HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 401
    assert "results" not in response.json()


def test_a_cached_url_still_answers_403_to_a_write_the_role_may_not_make(client_for, researcher, seed, commits):
    client = client_for(researcher)
    get(client, API)
    with commits():
        refused = client.post(API, {}, content_type="application/json")
    assert refused.status_code == 403
    _, queries = get(client, API)
    assert is_hit(queries)  # a refused write bumps nothing


def test_a_cached_url_still_answers_429_over_the_rate_limit(client_for, researcher, seed, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/hour", "anon": "3/hour"},
    }
    client = client_for(researcher)
    assert [client.get(API).status_code for _ in range(4)] == [200, 200, 200, 429]


# --- Writes make the next GET show the change -------------------------------------------------


def test_a_write_through_the_api_shows_in_the_next_get(client_for, official, seed, commits):
    client = client_for(official)
    intervention = first_intervention()
    before = client.get(f"{API}?ordering=-id").json()["results"][0]
    assert before["notes"] != "Diperiksa lewat API"
    with commits():
        response = client.patch(
            f"{API}{intervention.pk}/",
            {"notes": "Diperiksa lewat API", "version": intervention.version},
            content_type="application/json",
        )
    assert response.status_code == 200
    after = client.get(f"{API}?ordering=-id").json()["results"][0]
    assert after["notes"] == "Diperiksa lewat API"
    assert after["version"] == intervention.version + 1
    detail = client.get(f"{API}{intervention.pk}/").json()
    assert detail["notes"] == "Diperiksa lewat API"

    with commits():
        assert client.delete(f"{API}{intervention.pk}/?version={after['version']}").status_code == 204
    assert intervention.pk not in [row["id"] for row in client.get(f"{API}?ordering=-id").json()["results"]]
    assert client.get(f"{API}{intervention.pk}/").status_code == 404


def test_a_write_through_a_page_form_shows_in_the_next_get(client_for, official, seed, commits):
    from tests.pages.test_interventions_pages import edit_data

    client = client_for(official)
    intervention = first_intervention()
    client.get(f"{API}{intervention.pk}/")
    with commits():
        response = client.post(
            f"/interventions/{intervention.pk}/update/", edit_data(intervention, notes="Diubah lewat formulir")
        )
    assert response.status_code == 302
    assert client.get(f"{API}{intervention.pk}/").json()["notes"] == "Diubah lewat formulir"


def test_a_versioned_update_through_a_service_shows_in_the_next_get(client_for, official, researcher, seed, commits):
    """The optimistic lock moves the version with ``queryset.update()`` (no signal), then saves."""
    intervention = first_intervention()
    client = client_for(researcher)
    assert client.get(f"{API}{intervention.pk}/").json()["version"] == intervention.version
    with commits():
        services.intervention_update(
            intervention=intervention,
            actor=official,
            expected_version=intervention.version,
            data={"volume": Decimal("99.50")},
        )
    detail = client.get(f"{API}{intervention.pk}/").json()
    assert detail["volume"] == "99.50"
    assert detail["version"] == intervention.version


def test_a_write_committed_while_a_page_was_being_computed_shows_in_the_next_get(
    client_for, official, researcher, seed, commits, monkeypatch
):
    """The racing read stores its (old) page under the generation it read first, which the write
    then replaced: the next GET computes the page again."""
    intervention = first_intervention()
    paginate = InterventionViewSet.paginate_queryset
    raced = []

    def paginate_then_write(view, queryset):
        page = paginate(view, queryset)  # the old rows are read
        if not raced:
            raced.append(True)
            with commits():
                services.intervention_update(
                    intervention=Intervention.objects.get(pk=intervention.pk),
                    actor=official,
                    expected_version=intervention.version,
                    data={"notes": "Ditulis saat halaman dihitung"},
                )
        return page

    monkeypatch.setattr(InterventionViewSet, "paginate_queryset", paginate_then_write)
    client = client_for(researcher)
    racing = client.get(f"{API}?ordering=-id").json()["results"][0]
    assert racing["notes"] != "Ditulis saat halaman dihitung"
    assert client.get(f"{API}?ordering=-id").json()["results"][0]["notes"] == "Ditulis saat halaman dihitung"


def test_an_import_shows_in_the_next_get(client_for, official, researcher, seed, commits, tmp_path):
    sheets = data_sheets(template(official, "intervensi"))
    rows = records(sheets["intervensi"])
    rows[0]["catatan"] = "Diperbarui lewat impor"
    path = write_xlsx(tmp_path, "impor.xlsx", {**sheets, "intervensi": sheet_from(rows, sheets["intervensi"][0])})
    url = f"{API}?search=makalah-2018-tabel2-1"
    # An official: imported rows arrive as submitted, which researchers only see once verified.
    client = client_for(official)
    assert client.get(url).json()["results"][0]["notes"] == ""
    with commits():
        call_command(
            "import_xlsx", str(path), "--user", official.username, "--commit", stdout=StringIO(), stderr=StringIO()
        )
    assert client.get(url).json()["results"][0]["notes"] == "Diperbarui lewat impor"


def test_a_bulk_writing_command_shows_in_the_next_get(client_for, researcher, seed, commits):
    """generate_demo_data inserts with bulk_create/COPY, which send no signals."""
    client = client_for(researcher)
    url = "/api/v1/areas/"
    seed_areas = client.get(url).json()["count"]
    with commits():
        call_command("generate_demo_data", "--scale", "tiny", stdout=StringIO())
    assert (
        client.get(url).json()["count"] == seed_areas + Area.objects.filter(path__startswith=SYNTHETIC_PREFIX).count()
    )
    assert client.get(url).json()["count"] > seed_areas
    with commits():
        call_command("generate_demo_data", "--delete", stdout=StringIO())
    assert client.get(url).json()["count"] == seed_areas


def test_load_seed_makes_the_next_get_compute_again(client_for, researcher, seed, commits):
    client = client_for(researcher)
    get(client, API)
    with commits():
        call_command("load_seed", stdout=StringIO())
    _, queries = get(client, API)
    assert not is_hit(queries)


def test_a_successful_unsafe_request_counts_as_a_write_even_without_a_model_signal(
    client_for, researcher, seed, commits
):
    """``queryset.update()`` and bulk writes send no signal; the middleware covers them."""
    client = client_for(researcher)
    get(client, API)
    with commits():
        assert client.post("/i18n/setlang/", {"language": "id", "next": "/"}).status_code == 302
    _, queries = get(client, API)
    assert not is_hit(queries)


def test_a_visitors_post_does_not_empty_the_cache(client_for, researcher, seed, commits):
    client = client_for(researcher)
    get(client, API)
    visitor = client_for(None)
    with commits():
        visitor.post("/i18n/setlang/", {"language": "id", "next": "/"})
    client = client_for(researcher)
    _, queries = get(client, API)
    assert is_hit(queries)


def test_a_deleted_contact_person_disappears_from_the_next_get(client_for, official, seed, commits):
    stakeholder = Stakeholder.objects.get(name="BKM Kampung Bugis")
    person = ContactPersonFactory(stakeholder=stakeholder, name="Siti Pindah")
    client = client_for(official)
    url = f"/api/v1/stakeholders/{stakeholder.pk}/"
    assert "Siti Pindah" in client.get(url).content.decode()
    with commits():
        ContactPerson.objects.get(pk=person.pk).delete()
    assert "Siti Pindah" not in client.get(url).content.decode()


# --- Configuration ----------------------------------------------------------------------------


def test_zero_seconds_turns_the_cache_off(client_for, researcher, seed, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    client = client_for(researcher)
    get(client, API)
    _, queries = get(client, API)
    assert not is_hit(queries)


def test_the_check_warns_when_the_cache_is_on_with_a_per_process_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with pytest.raises(SystemCheckError, match="core.W001"):
        call_command("check", "--fail-level", "WARNING", stdout=StringIO(), stderr=StringIO())
    settings.API_RESPONSE_CACHE_SECONDS = 0
    call_command("check", "--fail-level", "WARNING", stdout=StringIO(), stderr=StringIO())


# View sets whose rows and fields depend only on the request, the role, the personal-data right
# and the write scope (reviewed: their selectors and serializers). A new view set fails the test
# below until someone checks it and adds it here, or sets ``response_cache = False``.
REVIEWED_CACHED_VIEW_SETS = {
    "AgreementViewSet",
    "AreaRecordViewSet",
    "AreaViewSet",
    "AspectViewSet",
    "AssessmentViewSet",
    "DataQualityFlagViewSet",
    "DataSharingViewSet",
    "DecreeViewSet",
    "FundingSourceViewSet",
    "InterventionKindViewSet",
    "InterventionViewSet",
    "MeetingViewSet",
    "MilestoneViewSet",
    "OutcomeViewSet",
    "ProgressUpdateViewSet",
    "RuleSetViewSet",
    "SharedGoalViewSet",
    "SlumLocationViewSet",
    "StageAssessmentViewSet",
    "StakeholderViewSet",
}


def _routed_view_sets(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLPattern):
            cls = getattr(entry.callback, "cls", None)
            if cls is not None and issubclass(cls, ResponseCacheMixin):
                yield cls
        else:
            yield from _routed_view_sets(entry)


def test_every_cached_view_set_was_reviewed_for_answers_that_depend_on_the_user():
    cached = {cls.__name__ for cls in _routed_view_sets() if cls.response_cache}
    assert cached == REVIEWED_CACHED_VIEW_SETS


class CacheDown:
    """A cache whose every write fails, as Redis does while it restarts."""

    def set(self, *args, **kwargs):
        raise ConnectionError("redis: connection refused")


def test_a_committed_write_still_answers_its_status_when_the_cache_cannot_be_invalidated(
    client_for, official, seed, commits, monkeypatch, caplog
):
    from core import response_cache

    client = client_for(official)
    intervention = first_intervention()
    monkeypatch.setattr(response_cache, "cache", CacheDown())
    with caplog.at_level("ERROR", logger="core.response_cache"), commits():
        response = client.patch(
            f"{API}{intervention.pk}/",
            {"notes": "Tetap tersimpan", "version": intervention.version},
            content_type="application/json",
        )
    assert response.status_code == 200
    assert Intervention.objects.get(pk=intervention.pk).notes == "Tetap tersimpan"
    assert "could not be invalidated" in caplog.text


def test_a_verification_transition_empties_the_cache(client_for, researcher, official, seed, commits):
    area = Area.objects.get(code="21.72.03.1005")
    intervention = Intervention.objects.filter(area__path__startswith=area.path).order_by("pk").first()
    with commits():
        intervention.verification = "submitted"
        intervention.save(update_fields=["verification"])
    reader = client_for(researcher)
    before, _ = get(reader, API + "?page_size=500")
    assert intervention.pk not in {row["id"] for row in before.json()["results"]}
    _, queries = get(reader, API + "?page_size=500")
    assert is_hit(queries)
    with commits():
        answer = client_for(official).post(
            f"{API}{intervention.pk}/verify/", {"version": intervention.version}, content_type="application/json"
        )
    assert answer.status_code == 200, answer.content
    reader = client_for(researcher)
    after, queries = get(reader, API + "?page_size=500")
    assert not is_hit(queries)
    assert intervention.pk in {row["id"] for row in after.json()["results"]}
