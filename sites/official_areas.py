"""Indonesia's official area list (Kemendagri codes), read from the npm package ``idn-area-data``
4.0.1: 38 provinsi, 514 kabupaten/kota, 7.285 kecamatan and 83.762 kelurahan/desa.

The package's code is MIT, its data ODbL (credited in the README and on the about page). The CSV
files are installed by ``npm install`` into ``node_modules/idn-area-data/data``; the setting
``IDN_AREA_DATA_DIR`` points elsewhere when needed. Read once per process, never written.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

PACKAGE = "idn-area-data"
PACKAGE_VERSION = "4.0.1"
SOURCE_LABEL = f"{PACKAGE} {PACKAGE_VERSION} (kode wilayah Kemendagri; data ODbL)"

FILES = (
    ("provinces.csv", None),
    ("regencies.csv", "province_code"),
    ("districts.csv", "regency_code"),
    ("villages.csv", "district_code"),
)


@dataclass(frozen=True)
class OfficialArea:
    code: str
    name: str
    level: str
    parent_code: str | None

    @property
    def segment(self) -> str:
        return self.code.rsplit(".", 1)[-1]

    @property
    def depth(self) -> int:
        return self.code.count(".")

    @property
    def path(self) -> str:
        return self.code.replace(".", "/") + "/"


def data_dir() -> Path:
    return Path(getattr(settings, "IDN_AREA_DATA_DIR", settings.BASE_DIR / "node_modules" / PACKAGE / "data"))


def _level(depth: int, code: str, name: str) -> str:
    if depth == 0:
        return "provinsi"
    if depth == 1:
        return "kota" if name.startswith("Kota ") else "kabupaten"
    if depth == 2:
        return "kecamatan"
    # Kemendagri numbers kelurahan 1xxx and desa 2xxx.
    return "kelurahan" if code.rsplit(".", 1)[-1].startswith("1") else "desa"


@lru_cache(maxsize=1)
def official_areas() -> dict[str, OfficialArea]:
    """Every official area by code, parents before children."""
    folder = data_dir()
    if not (folder / "villages.csv").exists():
        raise FileNotFoundError(f"{folder}: daftar wilayah resmi tidak ada; jalankan `npm install` ({PACKAGE}).")
    areas: dict[str, OfficialArea] = {}
    for depth, (filename, parent_column) in enumerate(FILES):
        with open(folder / filename, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code = row["code"].strip()
                name = row["name"].strip()
                parent = row[parent_column].strip() if parent_column else None
                areas[code] = OfficialArea(code, name, _level(depth, code, name), parent)
    return areas


def official_area(code: str) -> OfficialArea | None:
    try:
        return official_areas().get(code)
    except FileNotFoundError:
        return None


def selection(scope_code: str | None) -> list[OfficialArea]:
    """The areas of ``scope_code`` (a province or kota/kabupaten code; ``None`` for all of Indonesia)
    with its ancestors, parents before children. An unknown code selects nothing."""
    areas = official_areas()
    if scope_code is None:
        return list(areas.values())
    if scope_code not in areas:
        return []
    ancestors = []
    parent = areas[scope_code].parent_code
    while parent:
        ancestors.append(areas[parent])
        parent = areas[parent].parent_code
    prefix = scope_code + "."
    inside = [area for code, area in areas.items() if code == scope_code or code.startswith(prefix)]
    return [*reversed(ancestors), *sorted(inside, key=lambda area: area.depth)]
