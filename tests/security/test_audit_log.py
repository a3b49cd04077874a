"""The audit log: officials browse every recorded change of every tracked model, with field diffs."""

import re
from datetime import UTC, datetime

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from collaboration import services as collaboration_services
from collaboration.models import SharedGoal
from interventions.models import FundingLine, Intervention
from kotaku.audit.selectors import tracked_models
from sites.models import AreaAssignment, Stakeholder

LOG = "/audit-log/"
INTERVENTION = "interventions.intervention"


def text(response) -> str:
    return response.content.decode()


def rows(response) -> list[str]:
    return re.findall(r'<tr class="audit-entry".*?</tr>', text(response), flags=re.S)


def api_patch(user, intervention, **changes):
    client = APIClient()
    client.force_authenticate(user)
    response = client.patch(
        f"/api/v1/interventions/{intervention.pk}/", {"version": intervention.version, **changes}, format="json"
    )
    assert response.status_code == 200, response.json()
    intervention.refresh_from_db()
    return response


@pytest.fixture
def bugis_intervention(seed):
    """A seed intervention its coordinator may still edit: the seed loads verified (locked against
    coordinators), so this one is set back to ``returned`` without a history entry of its own."""
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    Intervention.objects.filter(pk=intervention.pk).update(verification="returned")
    intervention.refresh_from_db()
    return intervention


def test_official_sees_a_coordinators_api_edit_with_user_type_and_field_diff(
    client_for, official, coordinator_kb, bugis_intervention
):
    api_patch(coordinator_kb, bugis_intervention, notes="Dicek ulang oleh BKM", status="ongoing")

    response = client_for(official).get(LOG, {"kind": INTERVENTION, "user": coordinator_kb.username})

    assert response.status_code == 200
    [row] = rows(response)
    assert coordinator_kb.username in row
    assert "~ diubah" in row
    assert "Intervensi" in row
    assert f'href="/interventions/{bugis_intervention.pk}/"' in row  # the record's own page
    assert f'href="/audit-log/{INTERVENTION}/{bugis_intervention.pk}/"' in row
    assert re.search(r"Catatan</span>: <span class=\"text-muted\">—</span> → Dicek ulang oleh BKM", row)
    assert re.search(r"Status</span>: <span class=\"text-muted\">Selesai</span> → Sedang berjalan", row)
    assert "Versi" not in row  # the optimistic-lock counter is not a change worth listing


def test_the_list_spans_every_tracked_model_newest_first(client_for, official, coordinator_kb, bugis_intervention):
    goal = SharedGoal.objects.filter(location__name="Kampung Bugis").first()
    api_patch(coordinator_kb, bugis_intervention, notes="Pertama")
    collaboration_services.shared_goal_update(
        actor=official, goal=goal, expected_version=goal.version, changes={"statement": "Kedua"}
    )

    response = client_for(official).get(LOG)

    kinds = re.findall(r'data-kind="([^"]+)"', text(response))
    assert kinds[:2] == ["collaboration.sharedgoal", INTERVENTION]
    assert response.context["page"].paginator.count > 50  # the seed's own history is there too
    assert len(kinds) == 50


def test_every_model_with_a_history_manager_is_offered(client_for, official, db):
    tracked = {
        model._meta.label_lower
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    }
    assert len(tracked) >= 14
    assert set(tracked_models()) == tracked
    form = client_for(official).get(LOG).context["filter_form"]
    assert {value for value, _label in form.fields["kind"].choices if value} == tracked


def test_many_to_many_changes_show_member_names(client_for, official, seed):
    goal = SharedGoal.objects.filter(location__name="Kampung Bugis").first()
    before = sorted(str(s) for s in goal.endorsers.all())
    added = Stakeholder.objects.exclude(pk__in=goal.endorsers.all()).order_by("name").first()
    collaboration_services.shared_goal_update(
        actor=official,
        goal=goal,
        expected_version=goal.version,
        changes={},
        endorsers=[*goal.endorsers.all(), added],
    )

    response = client_for(official).get(f"{LOG}collaboration.sharedgoal/{goal.pk}/")

    changes = [c for entry in response.context["entries"] for c in entry["changes"] if c["field"] == "Pendukung"]
    assert changes[0]["new"] == ", ".join(sorted([*before, str(added)]))
    assert changes[0]["old"] == (", ".join(before) or "—")


# --- Filters --------------------------------------------------------------------------------------


@pytest.fixture
def changes(official, coordinator_kb, bugis_intervention):
    """A coordinator's edit dated in January 2020, an official's edit today, on two interventions."""
    other = Intervention.objects.get(reference="makalah-2018-tabel2-2")
    api_patch(coordinator_kb, bugis_intervention, notes="Edit BKM")
    api_patch(official, other, notes="Edit pejabat")
    Intervention.history.filter(history_user=coordinator_kb).update(history_date=datetime(2020, 1, 15, 3, tzinfo=UTC))
    return {"coordinator": bugis_intervention, "official": other}


def entries(client, **params) -> list[dict]:
    response = client.get(LOG, params)
    assert response.status_code == 200
    return response.context["entries"]


def test_filter_by_user(client_for, official, coordinator_kb, changes):
    client = client_for(official)
    assert {e["object_pk"] for e in entries(client, user=coordinator_kb.username)} == {changes["coordinator"].pk}
    assert {e["user"] for e in entries(client, user=official.username)} == {official.username}


def test_filter_by_kind(client_for, official, changes):
    found = entries(client_for(official), kind="interventions.fundingline")
    assert found and {e["kind"] for e in found} == {"interventions.fundingline"}
    assert len(found) == min(50, FundingLine.history.count())


def test_filter_by_change_type(client_for, official, coordinator_kb, changes):
    client = client_for(official)
    assert {e["type"] for e in entries(client, change="changed")} == {"~"}
    assert {e["type"] for e in entries(client, change="created")} == {"+"}
    assert entries(client, change="deleted") == []
    assert entries(client, change="created", user=coordinator_kb.username) == []


def test_filter_by_date_range(client_for, official, changes):
    client = client_for(official)
    january = entries(client, date_from="2020-01-01", date_to="2020-01-31")
    assert [e["object_pk"] for e in january] == [changes["coordinator"].pk]
    assert january[0]["date"].year == 2020
    assert entries(client, date_from="2020-01-16", date_to="2020-01-31") == []
    assert "bkm-kb" not in {e["user"] for e in entries(client, date_from="2020-01-16")}


def test_reversed_date_range_is_reported(client_for, official, changes):
    response = client_for(official).get(LOG, {"date_from": "2020-02-01", "date_to": "2020-01-01"})
    assert "Tanggal awal jatuh setelah tanggal akhir." in text(response)
    assert response.context["entries"] == []


def test_search_by_name_or_number(client_for, official, changes):
    client = client_for(official)
    target = changes["coordinator"]
    by_reference = entries(client, q=target.reference)
    assert by_reference and {(e["kind"], e["object_pk"]) for e in by_reference} == {(INTERVENTION, target.pk)}
    by_number = entries(client, kind=INTERVENTION, q=f"#{target.pk}")
    assert {e["object_pk"] for e in by_number} == {target.pk}
    assert entries(client, q="tidak ada rekaman bernama begini") == []


def test_an_unknown_filter_value_is_reported_not_a_500(client_for, official, changes):
    response = client_for(official).get(LOG, {"kind": "auth.permission", "user": "nobody", "page": "x"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors.keys() == {"kind", "user"}


def test_out_of_range_numbers_find_nothing_rather_than_failing(client_for, official, changes):
    client = client_for(official)
    assert entries(client, q="#" + "9" * 30) == []
    assert entries(client, q="#²") == []
    assert client.get(f"{LOG}{INTERVENTION}/{'9' * 30}/").status_code == 404


# --- Deleted records and a record's own page ------------------------------------------------------


def test_a_deleted_records_history_still_shows(client_for, official, coordinator_kb, bugis_intervention):
    pk, title = bugis_intervention.pk, bugis_intervention.title
    response = client_for(coordinator_kb).post(f"/interventions/{pk}/delete/", {"version": bugis_intervention.version})
    assert response.status_code == 302
    assert not Intervention.objects.filter(pk=pk).exists()
    client = client_for(official)

    [deleted] = [e for e in entries(client, change="deleted", kind=INTERVENTION) if e["object_pk"] == pk]
    assert deleted["user"] == coordinator_kb.username
    assert deleted["exists"] is False and deleted["object_url"] == ""

    page = client.get(f"{LOG}{INTERVENTION}/{pk}/")
    assert page.status_code == 200
    assert title in text(page)
    assert "sudah dihapus" in text(page)
    assert [e["type"] for e in page.context["entries"]] == ["-", "+"]
    assert f'href="/interventions/{pk}/"' not in text(page)


def test_record_page_shows_the_whole_history_with_diffs(client_for, official, coordinator_kb, bugis_intervention):
    api_patch(coordinator_kb, bugis_intervention, notes="Satu")
    api_patch(official, bugis_intervention, notes="Dua")

    response = client_for(official).get(f"{LOG}{INTERVENTION}/{bugis_intervention.pk}/")

    history = response.context["entries"]
    assert [(e["type"], e["user"]) for e in history] == [
        ("~", official.username),
        ("~", coordinator_kb.username),
        ("+", ""),
    ]
    assert [(c["old"], c["new"]) for c in history[0]["changes"]] == [("Satu", "Dua")]
    created = {c["field"]: c for c in history[2]["changes"]}
    assert created["Lokasi kumuh"] == {"field": "Lokasi kumuh", "old": "—", "new": "Kampung Bugis"}
    assert re.fullmatch(r"RW \d{3} / RT \d{3}", created["RT/RW"]["new"])
    assert created["Volume"]["new"] == "2.002,38"
    assert f'href="/interventions/{bugis_intervention.pk}/"' in text(response)


def test_record_page_of_an_unknown_model_or_record_is_404(client_for, official, seed):
    client = client_for(official)
    assert client.get(f"{LOG}auth.permission/1/").status_code == 404
    assert client.get(f"{LOG}{INTERVENTION}/x/").status_code == 404
    missing = (Intervention.history.order_by("-id").values_list("id", flat=True).first() or 0) + 1000
    assert client.get(f"{LOG}{INTERVENTION}/{missing}/").status_code == 404


# --- Who may see it -------------------------------------------------------------------------------


def test_only_officials_may_open_the_audit_log(client_for, coordinator_kb, researcher, bugis_intervention):
    urls = [LOG, f"{LOG}{INTERVENTION}/{bugis_intervention.pk}/"]
    for url in urls:
        anonymous = client_for(None).get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/accounts/login/")
        assert client_for(coordinator_kb).get(url).status_code == 403
        assert client_for(researcher).get(url).status_code == 403


def test_navigation_links_the_log_for_officials_only(client_for, official, coordinator_kb, researcher):
    assert f'href="{LOG}"' in text(client_for(official).get("/"))
    assert f'href="{LOG}"' not in text(client_for(coordinator_kb).get("/"))
    assert f'href="{LOG}"' not in text(client_for(researcher).get("/"))


# --- Query counts ---------------------------------------------------------------------------------


def test_list_runs_the_same_queries_for_one_row_and_for_a_full_page(
    client_for, official, coordinator_kb, seed, django_assert_num_queries
):
    interventions = list(Intervention.objects.filter(location__name="Kampung Bugis").order_by("pk"))
    # The seed loads verified, which locks it against coordinators; these are set back to returned.
    Intervention.objects.filter(pk__in=[i.pk for i in interventions]).update(verification="returned")
    assert len(interventions) >= 3
    client = client_for(official)
    params = {"kind": INTERVENTION, "user": coordinator_kb.username}
    api_patch(coordinator_kb, interventions[0], notes="Satu", status="ongoing")
    client.get(LOG, params)  # warm caches (content types, sessions)

    with django_assert_num_queries(15) as one:  # 2 savepoint statements, 4 for session/user/filters
        assert len(client.get(LOG, params).context["entries"]) == 1
    expected = len(one.captured_queries)  # read now: the query log is a bounded deque

    for round_ in range(20):
        for intervention in interventions:
            api_patch(coordinator_kb, intervention, notes=f"Putaran {round_}", source_document=f"Dok {round_}")
    with django_assert_num_queries(expected):
        response = client.get(LOG, params)
    assert len(response.context["entries"]) == 50
    assert response.context["page"].paginator.count == 1 + 20 * len(interventions)


def test_each_kinds_page_needs_at_most_one_query_per_table_it_reads(
    client_for, official, seed, django_assert_max_num_queries
):
    """Whatever a model's rows hold, its page reads its history once, each M2M member table once and
    each model its foreign keys name once: never once per row."""
    client = client_for(official)
    client.get(LOG)
    with django_assert_max_num_queries(100) as empty:
        client.get(LOG, {"date_from": "2999-01-01"})
    base = len(empty.captured_queries)
    for key, tracked in tracked_models().items():
        for obj in tracked.model.objects.all()[:60]:
            obj.save()
        related = {field.related_model for field in tracked.foreign_keys} | {
            field.related_model for field, _members, _target in tracked.m2m_fields
        }
        bound = base + 2 + len(tracked.m2m_fields) + len(related)  # the page's rows, then their history
        with django_assert_max_num_queries(bound):
            response = client.get(LOG, {"kind": key})
        assert response.status_code == 200
        assert {e["kind"] for e in response.context["entries"]} <= {key}


def test_granting_and_withdrawing_a_coordinators_area_is_in_the_log(client_for, official, coordinator_kb):
    assignment = AreaAssignment.objects.get(user=coordinator_kb)
    area_name = str(assignment.area)
    assignment.delete()

    response = client_for(official).get(LOG, {"kind": "sites.areaassignment"})

    entries = rows(response)
    assert [("+ dibuat" in row, "- dihapus" in row) for row in entries] == [(False, True), (True, False)]
    assert all(area_name in row for row in entries)


@pytest.mark.parametrize(
    ("kind", "lookup", "page"),
    [
        ("sites.stakeholder", {"short_name": "Dinas Perkim"}, "/collaboration/stakeholders/{pk}/"),
        ("sites.slumlocation", {"name": "Kampung Bugis"}, "/locations/{pk}/"),
    ],
)
def test_an_entry_links_to_the_records_own_page(client_for, official, seed, kind, lookup, page):
    model = apps.get_model(kind)
    record = model.objects.get(**lookup)
    record.notes = "Diperiksa" if hasattr(record, "notes") else ""
    record.save()

    response = client_for(official).get(LOG, {"kind": kind})

    assert f'href="{page.format(pk=record.pk)}"' in rows(response)[0]
    assert client_for(official).get(page.format(pk=record.pk)).status_code == 200


RAW_DECIMAL = re.compile(r"\d\.\d{2}(?!\d)|\d{5,}")  # 250000000.00, 25.30 Ha, 40.00%


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        ("interventions.fundingline", re.compile(r"Rp \d{1,3}(\.\d{3})+")),
        ("sites.arearecord", re.compile(r"\d+,\d{2} Ha")),
        ("interventions.progressupdate", re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}: \d+(,\d+)?%")),
    ],
)
def test_entries_show_figures_the_indonesian_way(client_for, official, coordinator_kb, bugis_intervention, kind, shown):
    client = client_for(coordinator_kb)
    client.post(
        f"/interventions/{bugis_intervention.pk}/progress-updates/create/", {"date": "2025-06-15", "percent": "40"}
    )
    found = rows(client_for(official).get(LOG, {"kind": kind}))
    assert found
    for row in found:
        label = re.sub(r"<[^>]+>", " ", row)
        assert not RAW_DECIMAL.search(re.sub(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|#\d+|/\d+/", "", label)), label
    assert any(shown.search(re.sub(r"<[^>]+>", " ", row)) for row in found)
