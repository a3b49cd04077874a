"""Check an uploaded file's content and stream its rows, in bounded memory.

A file is judged by its bytes, never by its name: an XLSX must be a zip archive holding a
workbook (and not inflate past a limit), a CSV must be UTF-8 text. Anything else is refused with
a ``FileRejected`` carrying an Indonesian message, before a single row is read.

XLSX is read with openpyxl in ``read_only`` mode (rows are parsed from the XML as they are
iterated, nothing is kept); CSV with the ``csv`` module over a strict UTF-8 text stream.
"""

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from core.formatting import number_id

XLSX = "xlsx"
CSV = "csv"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
READ_CHUNK = 64 * 1024
CSV_DELIMITERS = (",", ";", "\t")
# An XLSX is zipped XML; real sheets inflate 5-20 times. Past this factor (or the absolute cap
# below) the archive is treated as a zip bomb.
MAX_INFLATION = 100
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024


class FileRejected(Exception):
    """The file as a whole cannot be imported; nothing was read from it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FileInfo:
    format: str
    sha256: str
    size: int


def max_upload_bytes() -> int:
    return settings.IMPORTS_MAX_UPLOAD_BYTES


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def too_large_message(size: int | None = None) -> str:
    limit = megabytes(max_upload_bytes())
    if size is None:
        return _("Berkas terlalu besar; batasnya %(limit)s MB.") % {"limit": limit}
    return _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.") % {"size": megabytes(size), "limit": limit}


def file_digest(path: Path) -> tuple[str, int, bytes]:
    digest = hashlib.sha256()
    size = 0
    head = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            if not head:
                head = chunk[:8]
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size, head


def inspect_file(path: Path, *, original_name: str) -> FileInfo:
    """Decide whether ``path`` is an XLSX workbook or UTF-8 CSV text, or refuse it."""
    sha256, size, head = file_digest(path)
    if size > max_upload_bytes():
        raise FileRejected(too_large_message(size))
    if size == 0:
        raise FileRejected(_("Berkas kosong."))
    suffix = Path(original_name).suffix.lower()
    if head.startswith(ZIP_MAGIC):
        _check_xlsx_archive(path, size)
        return FileInfo(XLSX, sha256, size)
    if head.startswith(OLE_MAGIC):
        raise FileRejected(
            _("Ini berkas Excel lama (.xls) atau berkas yang dilindungi kata sandi. Simpan sebagai .xlsx tanpa sandi.")
        )
    if suffix in (".xlsx", ".xlsm"):
        raise FileRejected(
            _("Berkas ini bukan XLSX yang sah (bukan arsip zip). Simpan ulang dari Excel sebagai .xlsx.")
        )
    _check_utf8_text(path)
    return FileInfo(CSV, sha256, size)


def _check_xlsx_archive(path: Path, size: int) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(_("Berkas zip ini rusak dan tidak dapat dibaca sebagai XLSX.")) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRejected(_("Berkas zip ini bukan buku kerja XLSX (tidak ada xl/workbook.xml)."))
    if inflated > min(MAX_UNCOMPRESSED_BYTES, max(size, 1) * MAX_INFLATION):
        raise FileRejected(_("Isi berkas XLSX ini jauh lebih besar dari berkasnya; berkas ditolak demi keamanan."))


def _check_utf8_text(path: Path) -> None:
    """Read the whole file once through a strict incremental UTF-8 decoder (bounded memory)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line = 1
    with open(path, "rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            try:
                decoded = decoder.decode(chunk)
            except UnicodeDecodeError as error:
                line += chunk[: error.start].count(b"\n")
                raise FileRejected(
                    _(
                        "Berkas CSV harus berteks UTF-8; baris %(line)s berisi karakter yang bukan UTF-8. "
                        "Di Excel pilih “CSV UTF-8” saat menyimpan."
                    )
                    % {"line": line}
                ) from None
            if "\x00" in decoded:
                raise FileRejected(_("Berkas ini bukan teks CSV (berisi data biner)."))
            line += decoded.count("\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileRejected(
                _("Berkas CSV harus berteks UTF-8; akhir berkas terpotong di tengah karakter (baris %(line)s).")
                % {"line": line}
            ) from None


@dataclass(frozen=True)
class Row:
    number: int
    values: tuple


class Source:
    """The sheets of a checked file and a way to stream each one's rows.

    ``names`` are normalised (trimmed, lower case). For a CSV the one sheet is named after what
    its columns match (decided by the caller through ``name_csv``).
    """

    def __init__(self, path: Path, info: FileInfo):
        self.path = path
        self.info = info
        self._workbook = None
        self._csv_name = ""
        self._handle = None
        if info.format == XLSX:
            # A file object, not a path: openpyxl would refuse a stored name without ".xlsx".
            self._handle = open(path, "rb")  # noqa: SIM115 (closed by close())
            try:
                self._workbook = load_workbook(self._handle, read_only=True, data_only=True)
            except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, SyntaxError):
                self._handle.close()
                raise FileRejected(_("Berkas XLSX ini rusak atau tidak dapat dibaca.")) from None
            self._sheets = {name.strip().lower(): name for name in self._workbook.sheetnames}
        else:
            self._sheets = {}

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
        if self._handle is not None:
            self._handle.close()

    @property
    def names(self) -> list[str]:
        return list(self._sheets) if self.info.format == XLSX else ([self._csv_name] if self._csv_name else [])

    def name_csv(self, name: str) -> None:
        self._csv_name = name

    def header(self, name: str) -> list[str]:
        for row in self._raw_rows(name):
            return [str(value).strip() if value is not None else "" for value in row]
        return []

    def rows(self, name: str) -> Iterator[Row]:
        """Data rows (after the header), numbered as the spreadsheet shows them; blank rows skipped."""
        for number, values in enumerate(self._raw_rows(name), start=1):
            if number == 1:
                continue
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
                continue
            yield Row(number, tuple(values))

    def _raw_rows(self, name: str) -> Iterator[tuple]:
        if self.info.format == XLSX:
            sheet = self._workbook[self._sheets[name]]
            try:
                yield from sheet.iter_rows(values_only=True)
            # SyntaxError: malformed XML (xml.etree's ParseError and lxml's XMLSyntaxError derive from it).
            except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
                raise FileRejected(_("Lembar %(sheet)s rusak dan tidak dapat dibaca.") % {"sheet": name}) from error
            return
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            delimiter = max(CSV_DELIMITERS, key=first.count)
            reader = csv.reader(handle, delimiter=delimiter)
            try:
                yield from (tuple(row) for row in reader)
            except csv.Error:
                raise unreadable_csv(reader.line_num) from None

    def csv_header(self) -> list[str]:
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
        delimiter = max(CSV_DELIMITERS, key=first.count)
        try:
            return next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
        except csv.Error:
            raise unreadable_csv(1) from None


def unreadable_csv(line: int) -> FileRejected:
    """Python's csv module refuses a cell longer than its limit (an unclosed quote makes one)."""
    return FileRejected(
        _(
            "Berkas CSV tidak dapat dibaca pada baris %(line)s: ada sel yang lebih panjang dari %(limit)s "
            "karakter (mungkin tanda kutip yang tidak ditutup)."
        )
        % {"line": line, "limit": number_id(csv.field_size_limit())}
    )


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)
