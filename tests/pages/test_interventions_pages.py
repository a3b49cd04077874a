"""Intervention pages: list with totals, detail with history, create/edit forms, progress photos."""

import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings
from PIL import Image

from interventions.models import FundingLine, Intervention, ProgressUpdate
from sites.models import Area, SlumLocation
from tests.factories import accounts
from tests.factories import interventions as f

LIST = "/interventions/"


@pytest.fixture
def bugis(seed):
    return SlumLocation.objects.get(decree__number="337", number=6)


@pytest.fixture
def unggat(seed):
    return SlumLocation.objects.get(decree__number="337", number=4)


@pytest.fixture
def rt003(kampung_bugis):
    return Area.objects.get(path=kampung_bugis.path + "RW006/RT003/")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def text(response) -> str:
    return response.content.decode()


def form_data(location, area, *, lines=(("apbn", "150000000"),), version=None, **overrides):
    data = {
        "location": location.pk,
        "area": area.pk,
        "kind": f.road_kind().pk,
        "title": "Jalan beton uji",
        "fiscal_year": "2024",
        "volume": "120.5",
        "unit": "m",
        "status": "planned",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, (source, amount) in enumerate(lines):
        data[f"lines-{index}-source"] = f.FundingSourceFactory(code=source).pk
        data[f"lines-{index}-fiscal_year"] = "2024"
        data[f"lines-{index}-amount"] = amount
    if version is not None:
        data["version"] = str(version)
    data.update(overrides)
    return data


def edit_data(intervention, **overrides):
    """The edit form as the page renders it for ``intervention`` (its lines included)."""
    lines = list(intervention.funding_lines.all())
    data = {
        "location": intervention.location_id,
        "area": intervention.area_id,
        "kind": intervention.kind_id,
        "title": intervention.title,
        "fiscal_year": str(intervention.fiscal_year),
        "volume": str(intervention.volume),
        "unit": intervention.unit_id,
        "status": intervention.status,
        "source_document": intervention.source_document,
        "version": str(intervention.version),
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data.update(
            {
                f"lines-{index}-id": line.pk,
                f"lines-{index}-source": line.source_id,
                f"lines-{index}-fiscal_year": str(line.fiscal_year),
                f"lines-{index}-amount": str(line.amount),
            }
        )
    data.update(overrides)
    return data


# --- List -----------------------------------------------------------------------------------------


def test_list_needs_a_signed_in_user(client, seed):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_menu_links_to_the_list(client_for, researcher, seed):
    assert 'href="/interventions/"' in text(client_for(researcher).get("/"))


def test_roads_of_kampung_bugis_total_the_paper_figures(client_for, researcher, bugis):
    response = client_for(researcher).get(LIST, {"location": bugis.pk, "kind": "jalan-beton"})
    body = text(response)
    assert response.status_code == 200
    totals = body[body.index('id="intervention-totals"') : body.index('id="intervention-table"')]
    assert "Rp 23.562.620.000" in totals
    assert "APBN" in totals
    assert "2.762,38 m" in totals
    assert "APBD" not in totals


def test_house_repairs_total_the_paper_figures_and_unit_cost(client_for, researcher, bugis):
    body = text(client_for(researcher).get(LIST, {"location": bugis.pk, "kind": "rehab-rtlh"}))
    totals = body[body.index('id="intervention-totals"') : body.index('id="intervention-table"')]
    assert "Rp 1.303.500.000" in totals
    assert "APBD (tingkat tidak dirinci)" in totals
    unit_row = re.search(r'<tr data-unit="unit">(.*?)</tr>', totals, re.S).group(1)
    assert "79 unit" in unit_row
    assert "Rp 16.500.000" in unit_row


def test_list_rows_show_flags_and_unknown_progress(client_for, researcher, seed):
    response = client_for(researcher).get(LIST, {"funding_source": "apbn"})
    body = text(response)
    assert response.context["page"].paginator.count == 2
    assert 'data-flag="satuan-volume"' in body
    assert "Tidak diketahui" in body


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"funding_source": "apbd"}, 5),
        ({"aspect": "1"}, 5),
        ({"aspect": "2"}, 2),
        ({"fiscal_year": "2018"}, 7),
        ({"fiscal_year": "2019"}, 0),
        ({"status": "completed"}, 7),
        ({"status": "planned"}, 0),
    ],
)
def test_filters(client_for, researcher, seed, params, expected):
    response = client_for(researcher).get(LIST, params)
    assert response.context["page"].paginator.count == expected


def test_rt_rw_filter_takes_the_subtree(client_for, researcher, kampung_bugis, bugis):
    rw006 = Area.objects.get(path=kampung_bugis.path + "RW006/")
    response = client_for(researcher).get(LIST, {"location": bugis.pk, "rt_rw": rw006.pk})
    assert response.context["page"].paginator.count == 6


def _make_rows(count):
    location = f.SlumLocationFactory()
    for index in range(count):
        f.InterventionFactory(
            location=location,
            lines=[("apbn", "1000"), ("swadaya", "10")],
            flagged=index % 2 == 0,
            kind=f.house_kind() if index % 3 == 0 else f.road_kind(),
        )


def test_list_page_runs_a_fixed_number_of_queries(client_for, official, empty_db, django_assert_num_queries):
    client = client_for(official)
    _make_rows(2)
    client.get(LIST)  # warm caches (content types, sessions)
    with django_assert_num_queries(16) as first:
        assert client.get(LIST).status_code == 200
    _make_rows(9)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 11


# --- Detail ---------------------------------------------------------------------------------------


def test_detail_shows_lines_flags_and_unit_cost(client_for, researcher, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel3-1")
    body = text(client_for(researcher).get(f"{LIST}{intervention.pk}/"))
    assert "Rehab/perbaikan Rumah Tidak Layak Huni (Aladin)" in body
    assert "Rp 346.500.000" in body
    assert "Rp 16.500.000 / unit" in body
    assert "20 unit rumah" in body  # the flag's message, naming the text's figure
    assert "Tabel 3 makalah" in body
    assert "RW 006 / RT 004" in body


def test_researcher_sees_no_edit_links_and_no_user_names(client_for, researcher, seed):
    # A username no page text contains by itself ("pejabat" is also the Indonesian word for official).
    official = accounts.official(username="pengguna-pejabat-uji")
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    client = client_for(official)
    client.post(f"{LIST}{intervention.pk}/update/", edit_data(intervention, notes="Catatan baru"))
    body = text(client_for(researcher).get(f"{LIST}{intervention.pk}/"))
    assert "intervention-edit-link" not in body
    assert "Catatan baru" in body
    assert official.username not in body
    assert official.username in text(client_for(official).get(f"{LIST}{intervention.pk}/"))


# --- Create ---------------------------------------------------------------------------------------


def test_coordinator_creates_in_kampung_bugis(client_for, coordinator_kb, bugis, rt003):
    response = client_for(coordinator_kb).post(f"{LIST}create/", form_data(bugis, rt003))
    created = Intervention.objects.get(title="Jalan beton uji")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}{created.pk}/"
    assert created.area == rt003
    assert created.history.get().history_user == coordinator_kb


def test_coordinator_form_offers_only_their_rt_rw_and_locations(
    client_for, coordinator_kb, bugis, unggat, tanjung_unggat
):
    f.rt_in(tanjung_unggat)
    form = client_for(coordinator_kb).get(f"{LIST}create/").context["form"]
    assert {area.path.startswith(bugis.area.path) for area in form.fields["area"].queryset} == {True}
    assert set(form.fields["location"].queryset) == {bugis}


def test_coordinator_cannot_create_in_tanjung_unggat(client_for, coordinator_kb, unggat, tanjung_unggat):
    before = Intervention.objects.count()
    response = client_for(coordinator_kb).post(f"{LIST}create/", form_data(unggat, f.rt_in(tanjung_unggat)))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "location" in errors and "area" in errors
    assert Intervention.objects.count() == before


def test_researcher_cannot_open_the_create_form(client_for, researcher, seed):
    assert client_for(researcher).get(f"{LIST}create/").status_code == 403


def test_negative_budget_is_a_field_error_and_keeps_the_input(client_for, official, bugis, rt003):
    response = client_for(official).post(f"{LIST}create/", form_data(bugis, rt003, lines=[("apbn", "-250000")]))
    assert response.status_code == 200
    formset = response.context["formset"]
    assert "Jumlah anggaran tidak boleh negatif." in formset.forms[0].errors["amount"]
    body = text(response)
    assert 'value="-250.000"' in body
    assert 'value="Jalan beton uji"' in body
    assert not Intervention.objects.filter(title="Jalan beton uji").exists()


def test_rt_from_another_kelurahan_is_a_field_error(client_for, official, bugis, tanjung_unggat):
    response = client_for(official).post(f"{LIST}create/", form_data(bugis, f.rt_in(tanjung_unggat)))
    assert "tidak berada di wilayah lokasi Kampung Bugis" in response.context["form"].errors["area"][0]
    assert not Intervention.objects.filter(title="Jalan beton uji").exists()


def test_unit_that_does_not_fit_the_kind_is_a_field_error(client_for, official, bugis, rt003):
    response = client_for(official).post(f"{LIST}create/", form_data(bugis, rt003, unit=f.unit("kk").pk))
    assert "Satuan KK tidak sesuai untuk Jalan beton" in response.context["form"].errors["unit"][0]
    assert not Intervention.objects.filter(title="Jalan beton uji").exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"volume": "0"}, "volume"),
        ({"fiscal_year": "1990"}, "fiscal_year"),
        ({"progress_percent": "150"}, "progress_percent"),
        ({"start_date": "2024-05-01", "end_date": "2024-04-01"}, "end_date"),
    ],
)
def test_other_bad_values_are_field_errors(client_for, official, bugis, rt003, overrides, field):
    response = client_for(official).post(f"{LIST}create/", form_data(bugis, rt003, **overrides))
    assert field in response.context["form"].errors
    assert not Intervention.objects.filter(title="Jalan beton uji").exists()


def test_co_financing_in_one_form(client_for, official, bugis, rt003):
    data = form_data(bugis, rt003, lines=[("apbn", "100000000"), ("swadaya", "2500000")])
    client_for(official).post(f"{LIST}create/", data)
    created = Intervention.objects.get(title="Jalan beton uji")
    assert sorted(created.funding_lines.values_list("source__code", "amount")) == [
        ("apbn", Decimal("100000000")),
        ("swadaya", Decimal("2500000")),
    ]


# --- Edit -----------------------------------------------------------------------------------------


def test_coordinator_cannot_edit_in_tanjung_unggat(client_for, coordinator_kb, unggat, tanjung_unggat):
    other = f.InterventionFactory(location=unggat, area=f.rt_in(tanjung_unggat))
    client = client_for(coordinator_kb)
    assert client.get(f"{LIST}{other.pk}/update/").status_code == 404
    assert client.post(f"{LIST}{other.pk}/update/", edit_data(other, notes="x")).status_code == 404
    assert client.post(f"{LIST}{other.pk}/progress-updates/create/", {}).status_code == 404
    other.refresh_from_db()
    assert other.notes == ""


def test_researcher_edit_page_is_forbidden(client_for, researcher, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    assert client_for(researcher).get(f"{LIST}{intervention.pk}/update/").status_code == 403


def test_edit_shows_a_field_diff_in_the_history(client_for, official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel3-1")
    client = client_for(official)
    response = client.post(f"{LIST}{intervention.pk}/update/", edit_data(intervention, volume="20"))
    assert response.status_code == 302
    body = text(client.get(f"{LIST}{intervention.pk}/"))
    history = body[body.index('id="audit-history"') :]
    assert "volume" in history and "21" in history and "→ 20" in history
    assert official.username in history


def test_two_edits_from_the_same_version_the_second_gets_a_conflict(client_for, official, coordinator_kb, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    # The seed loads verified (locked against coordinators): set back to returned, so the
    # coordinator's edit is refused for its stale version, not for the lock.
    Intervention.objects.filter(pk=intervention.pk).update(verification="returned")
    intervention.refresh_from_db()
    stale = edit_data(intervention)
    first = client_for(official).post(f"{LIST}{intervention.pk}/update/", {**stale, "notes": "Versi pejabat"})
    assert first.status_code == 302
    second = client_for(coordinator_kb).post(f"{LIST}{intervention.pk}/update/", {**stale, "notes": "Versi BKM"})
    assert second.status_code == 200
    assert "sudah diubah orang lain" in " ".join(second.context["form"].non_field_errors())
    assert "Versi BKM" in text(second)  # what the user typed is kept
    intervention.refresh_from_db()
    assert intervention.notes == "Versi pejabat"
    assert intervention.version == 2


def test_edit_form_carries_the_version(client_for, official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    body = text(client_for(official).get(f"{LIST}{intervention.pk}/update/"))
    assert re.search(r'<input type="hidden" name="version" value="1"', body)


def test_delete_keeps_history(client_for, official, seed):
    intervention = Intervention.objects.get(reference="makalah-2018-tabel2-2")
    response = client_for(official).post(f"{LIST}{intervention.pk}/delete/", {"version": "1"})
    assert response.status_code == 302
    assert not Intervention.objects.filter(pk=intervention.pk).exists()
    assert Intervention.history.filter(id=intervention.pk, history_type="-", history_user=official).exists()


# --- Progress and photos --------------------------------------------------------------------------


def image_bytes(fmt="PNG", size=(16, 16)) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format=fmt)
    return buffer.getvalue()


def post_progress(client, intervention, photo=None, percent="60"):
    data = {"date": "2024-03-01", "percent": percent, "note": "Pengecoran tahap 1"}
    if photo is not None:
        data["photo"] = photo
    return client.post(f"{LIST}{intervention.pk}/progress-updates/create/", data)


@pytest.fixture
def planned(official, bugis, rt003):
    return f.InterventionFactory(location=bugis, area=rt003)


def test_progress_with_a_real_png_is_stored_under_a_server_chosen_name(
    client_for, coordinator_kb, planned, private_media
):
    photo = io.BytesIO(image_bytes())
    photo.name = "../../../etc/passwd.png"
    response = post_progress(client_for(coordinator_kb), planned, photo)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(intervention=planned)
    assert re.fullmatch(r"progress-photos/[0-9a-f]{32}\.png", update.photo.name)
    assert (Path(private_media) / update.photo.name).is_file()
    planned.refresh_from_db()
    assert planned.progress_percent == Decimal("60") and planned.status == "ongoing"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("foto.png", b"bukan gambar sama sekali", "bukan gambar"),
        ("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "bukan gambar"),
    ],
)
def test_non_images_are_rejected_with_a_form_error(client_for, coordinator_kb, planned, name, content, message):
    upload = io.BytesIO(content)
    upload.name = name
    response = post_progress(client_for(coordinator_kb), planned, upload)
    assert response.status_code == 200
    assert message in response.context["form"].errors["photo"][0]
    assert not ProgressUpdate.objects.filter(intervention=planned).exists()
    planned.refresh_from_db()
    assert planned.progress_percent is None


def test_oversized_image_is_rejected_with_a_form_error(client_for, coordinator_kb, planned):
    content = image_bytes(size=(200, 200))
    with override_settings(UPLOAD_IMAGE_MAX_BYTES=len(content) - 1):
        upload = io.BytesIO(content)
        upload.name = "besar.png"
        response = post_progress(client_for(coordinator_kb), planned, upload)
    assert "terlalu besar" in response.context["form"].errors["photo"][0]
    assert not ProgressUpdate.objects.filter(intervention=planned).exists()


def test_photo_is_served_as_an_attachment_to_signed_in_users_only(client_for, coordinator_kb, researcher, planned):
    upload = io.BytesIO(image_bytes())
    upload.name = "foto.png"
    post_progress(client_for(coordinator_kb), planned, upload)
    update = ProgressUpdate.objects.get(intervention=planned)
    url = f"/progress-updates/{update.pk}/photo/"
    client = client_for(researcher)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.logout()
    assert client.get(url).status_code == 302
    with pytest.raises(ValueError):
        update.photo.url  # noqa: B018 - the storage has no public URL


def test_progress_percent_out_of_range_is_rejected(client_for, coordinator_kb, planned):
    response = post_progress(client_for(coordinator_kb), planned, percent="120")
    assert "percent" in response.context["form"].errors
    assert FundingLine.objects.filter(intervention=planned).count() == 1
    assert not ProgressUpdate.objects.exists()


# --- RT/RW choices at national scale ----------------------------------------------------------------


def option_labels(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        label.strip()
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select, re.S)
        if value
    ]


def test_official_create_form_lists_rt_rw_only_after_a_location_is_chosen(client_for, official, bugis):
    body = text(client_for(official).get(f"{LIST}create/"))
    assert option_labels(body, "id_area") == []
    assert 'hx-get="/interventions/area-options/"' in body


def test_area_options_follow_the_location(client_for, official, bugis, unggat, tanjung_unggat):
    f.rt_in(tanjung_unggat)
    client = client_for(official)
    bugis_options = text(client.get(f"{LIST}area-options/", {"location": bugis.pk}))
    assert "Kampung Bugis · RW 006 / RT 002" in bugis_options
    assert "Tanjung Unggat" not in bugis_options
    assert "Tanjung Unggat · RW 901 / RT 001" in text(client.get(f"{LIST}area-options/", {"location": unggat.pk}))


def test_coordinator_gets_no_options_outside_their_area(client_for, coordinator_kb, unggat, tanjung_unggat):
    f.rt_in(tanjung_unggat)
    client = client_for(coordinator_kb)
    assert '<option value=""' in text(client.get(f"{LIST}area-options/", {"location": unggat.pk}))
    assert "RT" not in text(client.get(f"{LIST}area-options/", {"location": unggat.pk}))
    body = text(client.get(f"{LIST}create/"))
    labels = option_labels(body, "id_area")
    assert labels and all(label.startswith("Kampung Bugis") for label in labels)


def test_rejected_form_keeps_the_chosen_rt(client_for, official, bugis, rt003):
    response = client_for(official).post(f"{LIST}create/", form_data(bugis, rt003, volume="-3"))
    assert re.search(rf'<option value="{rt003.pk}" selected>', text(response))


def test_list_filter_lists_rt_rw_of_the_chosen_location_only(client_for, researcher, bugis):
    client = client_for(researcher)
    assert option_labels(text(client.get(LIST)), "id_rt_rw") == []
    labels = option_labels(text(client.get(LIST, {"location": bugis.pk})), "id_rt_rw")
    assert "Kampung Bugis · RW 006 / RT 003" in labels
    assert all(label.startswith("Kampung Bugis") for label in labels)
