"""Spreadsheets for import tests: build an XLSX or CSV from rows, and read a downloaded one back."""

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from imports.models import ImportRun
from imports.services import import_file
from imports.workbooks import template_file


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """``{"intervensi": [header, row, ...], ...}`` as the bytes of an XLSX file."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(title=name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(folder: Path, name: str, sheets: dict[str, list[list]]) -> Path:
    path = Path(folder) / name
    path.write_bytes(xlsx_bytes(sheets))
    return path


def read_sheets(content: bytes) -> dict[str, list[list]]:
    """Every sheet of an XLSX file as lists of cell values (header first)."""
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return {name: [list(row) for row in workbook[name].iter_rows(values_only=True)] for name in workbook.sheetnames}
    finally:
        workbook.close()


def records(sheet: list[list]) -> list[dict]:
    """A sheet's data rows as dicts keyed by its header."""
    header, *rows = sheet
    return [dict(zip(header, row, strict=False)) for row in rows]


def sheet_from(records_: list[dict], columns: list[str]) -> list[list]:
    return [columns, *[[record.get(column) for column in columns] for record in records_]]


def template(user, kind: str, *, filled: bool = True) -> dict[str, list[list]]:
    """The template ``user`` downloads, read back into sheets."""
    return read_sheets(template_file(user=user, kind=kind, filled=filled).read())


def data_sheets(sheets: dict[str, list[list]]) -> dict[str, list[list]]:
    """The sheets a user fills in (the instructions sheet dropped, as some users do)."""
    return {name: rows for name, rows in sheets.items() if name != "petunjuk"}


def run_import(user, folder: Path, sheets: dict[str, list[list]], *, commit: bool, name: str = "impor.xlsx"):
    """Import ``sheets`` as an XLSX file the way ``manage.py import_xlsx`` does; return the run."""
    path = write_xlsx(folder, name, sheets)
    return import_file(actor=user, path=path, original_name=name, commit=commit, origin=ImportRun.Origin.COMMAND)


def errors_of(run) -> list[tuple]:
    return [(e["sheet"], e["row"], e["column"], e["message"]) for e in run.report["errors"]]


def new_interventions_xlsx(count: int, *, prefix: str = "baru") -> bytes:
    """An XLSX of ``count`` new interventions in Kampung Bugis (the seed's location #6), one
    funding line each: a file of any size for the progress and worker tests."""
    main = [["kode_referensi", "nama_kegiatan", "kode_lokasi", "rt_rw", "jenis_kegiatan", "tahun_anggaran"]]
    main[0] += ["volume", "satuan", "status"]
    lines = [["kode_referensi", "sumber_dana", "tahun_anggaran", "jumlah_rp"]]
    for index in range(count):
        reference = f"{prefix}-{index:06d}"
        main.append(
            [
                reference,
                f"Jalan paving {index}",
                "Kampung Bugis",
                "RW006/RT002",
                "jalan-paving",
                2024,
                10,
                "m",
                "planned",
            ]
        )
        lines.append([reference, "apbd-kota", 2024, 1_000_000 + index])
    return xlsx_bytes({"intervensi": main, "pendanaan": lines})
