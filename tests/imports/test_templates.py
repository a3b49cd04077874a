"""Templates: filled with what the user may edit, codes listed in the instructions, text kept as text."""

from interventions.models import Intervention
from interventions.services import intervention_update
from tests.factories.imports import records, template


def section(rows: list[list], title: str) -> list[list]:
    """The rows of one list in the instructions sheet (after its title and header row)."""
    start = next(index for index, row in enumerate(rows) if row and row[0] == title)
    found = []
    for row in rows[start + 2 :]:
        if not row or row[0] is None:
            break
        found.append(row)
    return found


def test_templates_hold_only_the_users_scope(seed, official, coordinator_kb, coordinator_tu):
    assert len(records(template(official, "intervensi")["intervensi"])) == Intervention.objects.count() == 7
    assert len(records(template(coordinator_kb, "intervensi")["intervensi"])) == 7
    unggat = template(coordinator_tu, "intervensi")
    assert records(unggat["intervensi"]) == [] and records(unggat["pendanaan"]) == []
    assert [row[0] for row in section(unggat["petunjuk"], "Lokasi (dalam wilayah tugas Anda)")] == ["21.72 337/2014 #4"]
    assert len(records(template(coordinator_kb, "penilaian")["penilaian"])) == 1
    assert records(template(coordinator_tu, "penilaian")["penilaian"]) == []


def test_empty_template_has_headers_and_instructions_only(seed, official):
    sheets = template(official, "intervensi", filled=False)
    assert sheets["intervensi"][0][:3] == ["id", "kode_referensi", "nama_kegiatan"]
    assert len(sheets["intervensi"]) == 1 and len(sheets["pendanaan"]) == 1


def test_instructions_list_columns_units_and_codes(seed, official):
    rows = template(official, "intervensi")["petunjuk"]
    columns = {(row[0], row[1]): row for row in section(rows, "Kolom")}
    assert columns[("intervensi", "kode_lokasi")][2] == "ya"
    assert columns[("pendanaan", "jumlah_rp")][3] == "Rp"
    kinds = {row[0]: row for row in section(rows, "Jenis kegiatan")}
    assert kinds["jalan-beton"][3] == "m, m2"
    assert {row[0] for row in section(rows, "Sumber dana")} >= {"apbn", "apbd-kota", "swadaya"}
    assert [row[0] for row in section(rows, "Status")] == ["planned", "ongoing", "completed", "cancelled"]
    assessment_rows = template(official, "penilaian")["petunjuk"]
    criteria = {(row[0], row[1]) for row in section(assessment_rows, "Kriteria")}
    assert ("permen-14-2018", "7b") in criteria and ("permen-02-2016", "4e") in criteria
    assert {row[1] for row in section(assessment_rows, "Legalitas lahan")} == {
        "legalitas_penguasaan_lahan",
        "legalitas_kesesuaian_tata_ruang",
    }


def test_text_that_looks_like_a_formula_stays_text(seed, official):
    road = Intervention.objects.get(reference="makalah-2018-tabel2-1")
    intervention_update(
        intervention=road, actor=official, expected_version=road.version, data={"notes": '=HYPERLINK("http://x")'}
    )
    row = next(
        r
        for r in records(template(official, "intervensi")["intervensi"])
        if r["kode_referensi"] == "makalah-2018-tabel2-1"
    )
    assert row["catatan"] == '=HYPERLINK("http://x")', "a formula cell would read back empty (no cached value)"
