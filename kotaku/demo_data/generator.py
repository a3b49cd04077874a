"""The synthetic national program: areas, decrees, slum locations, area history, stakeholders,
scored assessments, interventions with funding and progress, and forum meetings with attendance.

Deterministic: one ``random.Random(seed)`` drives everything in a fixed order, and nothing reads
the clock or the database's state except the starting primary keys and the reference data
(rule sets, kinds, units, funding sources) that ``load_seed`` puts in. "Today" is fixed at
``AS_OF`` so that statuses and progress do not drift with the calendar.

Synthetic areas carry codes and paths under the reserved prefix ``S`` (``S11.71.03.1004``,
``S11/71/03/1004/RW002/RT001/``): Kemendagri codes are digits only, so they never collide with
real areas such as the seed's ``21.72``; ``kotaku.demo_data.purge`` finds synthetic rows by it.
"""

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from django.core.management.base import CommandError

from collaboration.fuzzydate import Precision
from collaboration.models import Attendance, Meeting
from interventions.columns import FUNDING_LINE_FIELDS, INTERVENTION_FIELDS
from interventions.models import FundingLine, FundingSource, Intervention, InterventionKind, ProgressUpdate
from kotaku.demo_data import names
from kotaku.demo_data.writer import Writers
from sites import rules, scoring
from sites.models import (
    Area,
    AreaRecord,
    Assessment,
    AssessmentAspect,
    ConsiderationAnswer,
    Decree,
    LegalityAnswer,
    Measurement,
    RuleSet,
    SlumLocation,
    Stakeholder,
)
from sites.selectors import rule_sets

SYNTHETIC_PREFIX = "S"
SOURCE = "Data sintetis (generate_demo_data)"
AS_OF = date(2024, 6, 30)
FIRST_YEAR = 2015
LAST_YEAR = AS_OF.year

# Kemendagri province numbers; synthetic provinces reuse them behind the prefix (S11 ... S92).
PROVINCE_NUMBERS = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64]
PROVINCE_NUMBERS += [65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92]


@dataclass(frozen=True)
class Scale:
    """Totals for one scale; every count except funding lines, progress updates and attendance
    (drawn per intervention or meeting, about 1.3, 2 and 4 on average) is met exactly."""

    name: str
    provinces: int
    kota: int
    kecamatan: int
    kelurahan: int
    rt: int
    interventions: int
    meetings: int


SCALES = {
    "tiny": Scale("tiny", provinces=1, kota=1, kecamatan=2, kelurahan=4, rt=16, interventions=40, meetings=8),
    "city": Scale("city", provinces=1, kota=1, kecamatan=5, kelurahan=24, rt=150, interventions=400, meetings=100),
    "province": Scale(
        "province", provinces=1, kota=10, kecamatan=50, kelurahan=400, rt=2_500, interventions=18_000, meetings=1_800
    ),
    "national": Scale(
        "national",
        provinces=34,
        kota=269,
        kecamatan=1_345,
        kelurahan=11_000,
        rt=70_000,
        interventions=500_000,
        meetings=50_000,
    ),
}

# Relative frequency of kinds of work (unknown kinds: 1) and their price per default unit (Rp).
KIND_WEIGHTS = {
    "rehab-rtlh": 14,
    "jalan-beton": 12,
    "jalan-paving": 8,
    "drainase": 10,
    "pelantar-beton": 3,
    "pelantar-kayu": 2,
    "jalan-setapak": 4,
    "sambungan-rumah-air": 5,
    "hidran-umum": 2,
    "sumur": 2,
    "jamban-tangki-septik": 6,
    "ipal-komunal": 2,
    "mck": 3,
    "tps-3r": 2,
    "gerobak-motor-sampah": 2,
    "tong-sampah-terpilah": 2,
    "hidran-kebakaran": 1,
    "apar": 2,
    "sumur-resapan": 2,
    "gorong-gorong": 2,
}
KIND_PRICES = {
    "rehab-rtlh": (15_000_000, 20_000_000),
    "rumah-deret-rusun": (150_000_000, 300_000_000),
    "jalan-beton": (1_500_000, 10_000_000),
    "jalan-aspal": (1_000_000, 4_000_000),
    "jalan-paving": (500_000, 2_000_000),
    "pelantar-beton": (3_000_000, 12_000_000),
    "pelantar-kayu": (1_000_000, 4_000_000),
    "jembatan": (10_000_000, 40_000_000),
    "jalan-setapak": (300_000, 1_500_000),
    "drainase": (800_000, 3_000_000),
    "gorong-gorong": (1_000_000, 5_000_000),
    "sumur-resapan": (3_000_000, 8_000_000),
    "hidran-kebakaran": (10_000_000, 30_000_000),
    "apar": (500_000, 2_000_000),
    "kendaraan-pemadam": (300_000_000, 1_000_000_000),
}
UNIT_PRICES = {
    "m": (500_000, 5_000_000),
    "m2": (200_000, 1_500_000),
    "ha": (300_000_000, 2_000_000_000),
    "unit": (5_000_000, 50_000_000),
    "kk": (500_000, 5_000_000),
}
UNIT_VOLUMES = {"m": (50, 2_500), "m2": (100, 6_000), "ha": (0.1, 5), "unit": (1, 40), "kk": (5, 250)}
WHOLE_UNITS = {"unit", "kk"}
SOURCE_WEIGHTS = {
    "apbn": 40,
    "apbd-kota": 20,
    "apbd-provinsi": 10,
    "dak": 10,
    "bpm": 10,
    "dana-kelurahan": 5,
    "swadaya": 3,
    "csr": 2,
}
COMMUNITY_SOURCES = {"bpm", "dana-kelurahan", "swadaya"}
CITY_SOURCES = {"apbd-kota", "apbd-provinsi", "apbd", "dak"}
UPDATE_COUNTS = {
    Intervention.Status.COMPLETED: (1, 2, 3, 3),
    Intervention.Status.ONGOING: (1, 1, 2, 2),
    Intervention.Status.CANCELLED: (0, 1),
    Intervention.Status.PLANNED: (0,),
}
UPDATE_NOTES = [
    "Persiapan dan pengukuran lapangan",
    "Mobilisasi bahan dan tenaga kerja",
    "Pekerjaan galian dan pondasi",
    "Pengecoran tahap pertama",
    "Pemasangan material utama",
    "Pekerjaan finishing",
    "Pemeriksaan bersama KSM dan BKM",
    "Serah terima pekerjaan",
]
MEETING_TITLES = [
    "Rapat koordinasi BKM dan KSM",
    "Rembug warga penataan lingkungan",
    "Rembug Kesiapan Masyarakat (RKM)",
    "Refleksi Perkara Kritis (RPK)",
    "Pemetaan swadaya permukiman kumuh",
    "Sosialisasi rencana penataan (RPLP)",
    "Rapat evaluasi pelaksanaan kegiatan",
    "Forum Pokja PKP",
]
MEETING_AGENDAS = [
    "Pembahasan usulan kegiatan dan pembagian peran pelaksana.",
    "Evaluasi kemajuan pekerjaan infrastruktur dan kendala di lapangan.",
    "Pemetaan lokasi kumuh per RT/RW dan penyusunan rencana aksi.",
    "Penyepakatan jadwal kegiatan dan kontribusi swadaya warga.",
]
TYPOLOGIES = [choice.value for choice in SlumLocation.Typology]


def split(total: int, weights: list[float], *, minimum: int = 0) -> list[int]:
    """``total`` in parts proportional to ``weights`` (largest remainder), each at least ``minimum``."""
    n = len(weights)
    if n == 0:
        return []
    rest = total - minimum * n
    if rest < 0:
        raise ValueError(f"cannot split {total} into {n} parts of at least {minimum}")
    weight_sum = sum(weights) or 1.0
    raw = [rest * weight / weight_sum for weight in weights]
    parts = [int(value) for value in raw]
    for index in sorted(range(n), key=lambda i: parts[i] - raw[i])[: rest - sum(parts)]:
        parts[index] += 1
    return [part + minimum for part in parts]


def _spread(rng: random.Random, n: int, sigma: float = 0.5) -> list[float]:
    return [rng.lognormvariate(0, sigma) for _ in range(n)]


def _cents(value: float) -> str:
    cents = max(1, round(value * 100))
    return f"{cents // 100}.{cents % 100:02d}"


def _rupiah(value: float) -> str:
    return f"{max(0, round(value / 1000)) * 1000}.00"


@dataclass(slots=True)
class Place:
    """An area planned in memory before it is written."""

    id: int
    level: str
    name: str
    code: str | None
    segment: str
    path: str
    depth: int
    parent_id: int | None


@dataclass(slots=True)
class Kelurahan:
    area: Place
    kecamatan: Place
    kota: "Kota"
    rws: list[Place] = field(default_factory=list)
    rts: list[tuple[Place, Place]] = field(default_factory=list)  # (RT, its RW)
    location_id: int = 0
    decreed_ha: float = 0.0
    stakeholders: dict[str, list[int]] = field(default_factory=dict)


@dataclass(slots=True)
class Kota:
    area: Place
    is_city: bool
    decree_id: int = 0
    decree_year: int = 0
    kelurahan: list[Kelurahan] = field(default_factory=list)
    stakeholders: dict[str, int] = field(default_factory=dict)


class Generator:
    """Writes one scale of synthetic data; call ``run()`` inside a transaction."""

    def __init__(self, *, scale: Scale, seed: int, writers: Writers, log=None):
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.writers = writers
        self.now = writers.now
        self.log = log or (lambda message: None)
        self.counts: Counter = Counter()
        self.kotas: list[Kota] = []
        self._load_reference_data()

    # --- reference data (from load_seed) ---------------------------------------------------------

    def _load_reference_data(self) -> None:
        sets = {rule_set.code: rule_set for rule_set in rule_sets()}
        default = next((item for item in sets.values() if item.is_default), None)
        if default is None or not InterventionKind.objects.exists() or not FundingSource.objects.exists():
            raise CommandError(
                "Data acuan belum ada (aturan penilaian, jenis kegiatan, sumber dana). Jalankan dulu: "
                "python manage.py load_seed"
            )
        older = next((item for item in sets.values() if item.regulation == RuleSet.Regulation.PERMEN_02_2016), None)
        self.rule_sets = {"baseline": older or default, "evaluation": default}
        self.rules = {key: rules.describe(rule_set) for key, rule_set in self.rule_sets.items()}
        kinds = list(
            InterventionKind.objects.filter(is_active=True)
            .select_related("default_unit")
            .prefetch_related("units")
            .order_by("code")
        )
        self.kinds = [
            (kind.pk, kind.code, kind.name, kind.default_unit_id, sorted(u.pk for u in kind.units.all()))
            for kind in kinds
        ]
        self.kind_weights = list(accumulate(KIND_WEIGHTS.get(kind[1], 1) for kind in self.kinds))
        sources = {source.code: source.pk for source in FundingSource.objects.filter(is_active=True)}
        self.sources = [(code, sources[code]) for code in SOURCE_WEIGHTS if code in sources] or [
            (code, pk) for code, pk in sorted(sources.items())
        ]
        self.source_weights = list(accumulate(SOURCE_WEIGHTS.get(code, 1) for code, _ in self.sources))

    # --- run -------------------------------------------------------------------------------------

    def run(self) -> Counter:
        steps = [
            ("wilayah", self.plan_and_write_areas),
            ("SK, lokasi, luas, pemangku kepentingan", self.write_locations),
            ("penilaian", self.write_assessments),
            ("intervensi", self.write_interventions),
            ("pertemuan", self.write_meetings),
        ]
        for label, step in steps:
            started = datetime.now()
            step()
            self.writers.flush()
            self.log(f"{label}: {(datetime.now() - started).total_seconds():.1f} s")
        return self.counts

    # --- areas -----------------------------------------------------------------------------------

    def _place(self, writer, *, level, name, code, segment, parent: Place | None) -> Place:
        place = Place(
            id=writer.take_id(),
            level=level,
            name=name,
            code=code,
            segment=segment,
            path=f"{parent.path if parent else ''}{segment}/",
            depth=(parent.depth + 1) if parent else 0,
            parent_id=parent.id if parent else None,
        )
        writer.add((place.id, level, place.parent_id, name, code, segment, place.path, place.depth))
        self.counts[f"area {level}"] += 1
        return place

    def _unique_name(self, make, used: set) -> str:
        for _ in range(50):
            name = make(self.rng)
            if name not in used:
                used.add(name)
                return name
        name = f"{make(self.rng)} {len(used) + 1}"
        used.add(name)
        return name

    def plan_and_write_areas(self) -> None:
        rng, scale = self.rng, self.scale
        writer = self.writers.table(Area, ["id", "level", "parent_id", "name", "code", "segment", "path", "depth"])
        kota_per_province = split(scale.kota, _spread(rng, scale.provinces, 0.3), minimum=1)
        kecamatan_per_kota = split(scale.kecamatan, _spread(rng, scale.kota, 0.4), minimum=1)
        kelurahan_per_kecamatan = split(scale.kelurahan, _spread(rng, scale.kecamatan, 0.5), minimum=1)
        rt_per_kelurahan = split(scale.rt, _spread(rng, scale.kelurahan, 0.5), minimum=2)
        province_names: set = set()
        kota_names: set = set()
        kota_index = kecamatan_index = kelurahan_index = 0
        for number, n_kota in zip(PROVINCE_NUMBERS[: scale.provinces], kota_per_province, strict=True):
            code = f"{SYNTHETIC_PREFIX}{number}"
            province = self._place(
                writer,
                level=Area.Level.PROVINSI,
                name=self._unique_name(names.province, province_names),
                code=code,
                segment=code,
                parent=None,
            )
            kabupaten_number, city_number = 0, 70
            for position in range(n_kota):
                is_city = position == 0 or rng.random() < 0.35
                if is_city:
                    city_number += 1
                    number_in_province = city_number
                else:
                    kabupaten_number += 1
                    number_in_province = kabupaten_number
                base = self._unique_name(names.place, kota_names)
                segment = f"{number_in_province:02d}"
                kota_area = self._place(
                    writer,
                    level=Area.Level.KOTA if is_city else Area.Level.KABUPATEN,
                    name=f"{'Kota' if is_city else 'Kabupaten'} {base}",
                    code=f"{province.code}.{segment}",
                    segment=segment,
                    parent=province,
                )
                kota = Kota(area=kota_area, is_city=is_city)
                self.kotas.append(kota)
                for kec_number in range(1, kecamatan_per_kota[kota_index] + 1):
                    kec_names: set = set()
                    segment = f"{kec_number:02d}"
                    kecamatan = self._place(
                        writer,
                        level=Area.Level.KECAMATAN,
                        name=self._unique_name(names.place, kec_names),
                        code=f"{kota_area.code}.{segment}",
                        segment=segment,
                        parent=kota_area,
                    )
                    kel_names: set = set()
                    for kel_number in range(1, kelurahan_per_kecamatan[kecamatan_index] + 1):
                        is_desa = not is_city and rng.random() < 0.5
                        segment = f"{(2000 if is_desa else 1000) + kel_number}"
                        area = self._place(
                            writer,
                            level=Area.Level.DESA if is_desa else Area.Level.KELURAHAN,
                            name=self._unique_name(names.place, kel_names),
                            code=f"{kecamatan.code}.{segment}",
                            segment=segment,
                            parent=kecamatan,
                        )
                        kelurahan = Kelurahan(area=area, kecamatan=kecamatan, kota=kota)
                        self._plan_rt_rw(writer, kelurahan, rt_per_kelurahan[kelurahan_index])
                        kota.kelurahan.append(kelurahan)
                        kelurahan_index += 1
                    kecamatan_index += 1
                kota_index += 1

    def _plan_rt_rw(self, writer, kelurahan: Kelurahan, n_rt: int) -> None:
        rng = self.rng
        n_rw = max(1, min(n_rt, round(n_rt / rng.uniform(1.6, 3.2))))
        rw_numbers = sorted(rng.sample(range(1, n_rw * 2 + 3), n_rw))
        for rw_number, rt_count in zip(rw_numbers, split(n_rt, _spread(rng, n_rw, 0.3), minimum=1), strict=True):
            rw = self._place(
                writer,
                level=Area.Level.RW,
                name=f"{rw_number:03d}",
                code=None,
                segment=f"RW{rw_number:03d}",
                parent=kelurahan.area,
            )
            kelurahan.rws.append(rw)
            for rt_number in sorted(rng.sample(range(1, rt_count * 2 + 3), rt_count)):
                rt = self._place(
                    writer,
                    level=Area.Level.RT,
                    name=f"{rt_number:03d}",
                    code=None,
                    segment=f"RT{rt_number:03d}",
                    parent=rw,
                )
                kelurahan.rts.append((rt, rw))

    # --- decrees, locations, area records, stakeholders ------------------------------------------

    def write_locations(self) -> None:
        rng = self.rng
        decrees = self.writers.table(
            Decree, ["id", "number", "year", "issued_on", "issuer", "title", "area_id", "stated_total_ha", "source"]
        )
        locations = self.writers.table(
            SlumLocation,
            [
                "id",
                "decree_id",
                "number",
                "name",
                "printed_kecamatan",
                "printed_kelurahan",
                "area_id",
                "decreed_area_ha",
                "typology",
                "is_priority",
                "notes",
            ],
        )
        covered = self.writers.table(SlumLocation.covered_areas.through, ["id", "slumlocation_id", "area_id"])
        records = self.writers.table(
            AreaRecord, ["id", "location_id", "year", "recorded_on", "area_ha", "source", "note"]
        )
        people = self.writers.table(
            Stakeholder, ["id", "name", "short_name", "sector", "role", "area_id", "description", "is_active"]
        )

        def stakeholder(name, short, sector, role, area: Place) -> int:
            pk = people.take_id()
            people.add((pk, f"{name} ({area.code})", short, sector, role, area.id, SOURCE, True))
            self.counts["stakeholder"] += 1
            return pk

        for kota in self.kotas:
            title = "Walikota" if kota.is_city else "Bupati"
            place_name = kota.area.name.split(" ", 1)[1]
            kota.decree_year = rng.choice((2014, 2014, 2015, 2015, 2016))
            kota.decree_id = decrees.take_id()
            total = 0.0
            for number, kelurahan in enumerate(kota.kelurahan, start=1):
                kelurahan.location_id = locations.take_id()
                kelurahan.decreed_ha = round(min(120.0, max(0.5, rng.lognormvariate(2.1, 0.7))), 2)
                total += kelurahan.decreed_ha
                locations.add(
                    (
                        kelurahan.location_id,
                        kota.decree_id,
                        number,
                        names.location(rng, kelurahan.area.name),
                        kelurahan.kecamatan.name,
                        kelurahan.area.name,
                        kelurahan.area.id,
                        _cents(kelurahan.decreed_ha),
                        rng.choice(TYPOLOGIES),
                        rng.random() < 0.2,
                        SOURCE,
                    )
                )
                self.counts["location"] += 1
                for rt, _rw in kelurahan.rts:
                    covered.add((covered.take_id(), kelurahan.location_id, rt.id))
                self._area_records(records, kota, kelurahan)
                area = kelurahan.area
                village = "Desa" if area.level == Area.Level.DESA else "Kelurahan"
                kelurahan.stakeholders = {
                    "lurah": [stakeholder(f"Pemerintah {village} {area.name}", "Lurah", "government", "lurah", area)],
                    "bkm": [stakeholder(f"BKM {area.name}", "BKM", "community", "bkm", area)],
                    "ksm": [
                        stakeholder(names.ksm(rng, n), "KSM", "community", "ksm", area)
                        for n in range(1, rng.choice((1, 2, 2, 3)) + 1)
                    ],
                }
            issued = date(kota.decree_year, rng.randint(1, 12), rng.randint(1, 28))
            decrees.add(
                (
                    kota.decree_id,
                    f"{rng.randint(50, 990)}",
                    kota.decree_year,
                    issued,
                    f"{title} {place_name}",
                    f"Penetapan Lokasi Perumahan Kumuh dan Permukiman Kumuh di {kota.area.name}",
                    kota.area.id,
                    _cents(total),
                    SOURCE,
                )
            )
            self.counts["decree"] += 1
            kota.stakeholders = {
                "korkot": stakeholder(
                    f"Koordinator Kota (Korkot) KOTAKU {place_name}", "Korkot KOTAKU", "government", "korkot", kota.area
                ),
                "dinas_perkim": stakeholder(
                    f"Dinas Perkim {kota.area.name}", "Dinas Perkim", "government", "dinas_perkim", kota.area
                ),
                "bappeda": stakeholder(f"Bappeda {kota.area.name}", "Bappeda", "government", "bappeda", kota.area),
                "pokja_pkp": stakeholder(
                    f"Pokja PKP {kota.area.name}", "Pokja PKP", "government", "pokja_pkp", kota.area
                ),
            }

    def _area_records(self, records, kota: Kota, kelurahan: Kelurahan) -> None:
        rng = self.rng
        decree = f"SK {kota.area.name} {kota.decree_year}"
        area_ha = kelurahan.decreed_ha
        records.add((records.take_id(), kelurahan.location_id, kota.decree_year, None, _cents(area_ha), decree, ""))
        self.counts["area record"] += 1
        for year in range(kota.decree_year + 2, LAST_YEAR + 1, 2):
            area_ha = max(0.0, area_ha * rng.uniform(0.55, 0.97) - (0.3 if rng.random() < 0.1 else 0))
            on = date(year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.6 else None
            text = "0.00" if area_ha < 0.01 else _cents(area_ha)
            records.add((records.take_id(), kelurahan.location_id, year, on, text, "Verifikasi luas kumuh", ""))
            self.counts["area record"] += 1

    # --- assessments -----------------------------------------------------------------------------

    def write_assessments(self) -> None:
        assessments = self.writers.table(
            Assessment,
            [
                "id",
                "location_id",
                "rule_set_id",
                "regulation_version",
                "assessed_on",
                "year",
                "source",
                "source_document",
                "verified_area_ha",
                "buildings",
                "population",
                "households",
                "road_length_m",
                "drainage_length_m",
                "notes",
                "is_complete",
                "total_score",
                "max_score",
                "level",
                "consideration_score",
                "consideration_class",
                "legal_status",
                "handling_pattern_id",
            ],
        )
        tables = {
            "measurement": self.writers.table(
                Measurement, ["id", "assessment_id", "criterion_id", "volume", "used_denominator", "percent", "score"]
            ),
            "aspect": self.writers.table(
                AssessmentAspect,
                ["id", "assessment_id", "aspect_id", "criteria", "measured", "score", "average_percent"],
            ),
            "consideration": self.writers.table(ConsiderationAnswer, ["id", "assessment_id", "factor_id", "option_id"]),
            "legality": self.writers.table(LegalityAnswer, ["id", "assessment_id", "item_id", "is_positive"]),
        }
        lookups = {key: self._rule_lookups(rule_set) for key, rule_set in self.rule_sets.items()}
        rng = self.rng
        for kota in self.kotas:
            for kelurahan in kota.kelurahan:
                buildings = len(kelurahan.rts) * rng.randint(40, 120)
                area_ha = kelurahan.decreed_ha * rng.uniform(0.85, 1.1)
                road = area_ha * rng.uniform(150, 400)
                header = {
                    "verified_area_ha": _cents(area_ha),
                    "buildings": buildings,
                    "population": round(buildings * rng.uniform(3.4, 5.0)),
                    "households": round(buildings * rng.uniform(0.9, 1.3)),
                    "road_length_m": _cents(road),
                    "drainage_length_m": _cents(road * rng.uniform(0.8, 1.6)),
                }
                severity = rng.uniform(0.3, 0.95)
                baseline_year = max(2016, kota.decree_year + 1)
                plan = [
                    ("baseline", Assessment.Source.BASELINE, baseline_year, severity),
                    (
                        "evaluation",
                        Assessment.Source.EVALUATION,
                        rng.randint(2019, 2023),
                        severity * rng.uniform(0.3, 0.9),
                    ),
                ]
                for key, source, year, level_of in plan:
                    self._assessment(assessments, tables, lookups[key], key, kelurahan, header, source, year, level_of)

    def _rule_lookups(self, rule_set: RuleSet) -> dict:
        return {
            "criteria": {item.code: (item.pk, item.denominator) for item in rule_set.criteria.all()},
            "aspects": {item.aspect.number: item.aspect_id for item in rule_set.criteria.all()},
            "factors": [
                (factor, sorted(factor.options.all(), key=lambda o: o.code))
                for factor in rule_set.consideration_factors.all()
            ],
            "classes": rules.consideration_classes(rule_set),
            "items": list(rule_set.legality_items.all()),
            "handling": rules.handling_table(rule_set),
        }

    def _assessment(self, assessments, tables, lookup, key, kelurahan, header, source, year, severity) -> None:
        rng = self.rng
        rule = self.rules[key]
        rule_set = self.rule_sets[key]
        header_dec = {name: Decimal(str(header[name])) for name in header}
        scoring_header = {
            "area_ha": header_dec["verified_area_ha"],
            "buildings": header_dec["buildings"],
            "road_length_m": header_dec["road_length_m"],
            "drainage_length_m": header_dec["drainage_length_m"],
            "households": header_dec["households"],
        }
        inputs = {}
        for criterion in rule.criteria:
            denominator = scoring_header[criterion.denominator]
            fraction = min(1.0, max(0.0, severity + rng.gauss(0, 0.2)))
            if criterion.denominator in ("buildings", "households"):
                volume = Decimal(int(denominator * Decimal(str(round(fraction, 4)))))
            else:
                volume = (denominator * Decimal(str(round(fraction, 4)))).quantize(Decimal("0.01"))
            inputs[criterion.code] = scoring.MeasurementIn(volume=volume)
        result = scoring.evaluate(rule, scoring_header, inputs)
        if not result.complete:
            raise RuntimeError(f"synthetic assessment did not score: {result.problems}")

        answers = [(factor, rng.choice(options)) for factor, options in lookup["factors"]]
        consideration_score = consideration_class = None
        if answers:
            consideration_score, consideration_class = scoring.consideration_class(
                [option.score for _, option in answers], lookup["classes"]
            )
        legal = {item.code: rng.random() < 0.8 for item in lookup["items"]}
        legal_status = scoring.legality(legal, [item.code for item in lookup["items"]])
        pattern = scoring.handling_pattern(result.level, legal_status, lookup["handling"])

        pk = assessments.take_id()
        assessed_on = date(year, rng.randint(1, 12), rng.randint(1, 28))
        assessments.add(
            (
                pk,
                kelurahan.location_id,
                rule_set.pk,
                rule_set.regulation,
                assessed_on,
                year,
                source,
                SOURCE,
                header["verified_area_ha"],
                header["buildings"],
                header["population"],
                header["households"],
                header["road_length_m"],
                header["drainage_length_m"],
                "",
                True,
                result.total,
                result.max_total,
                result.level,
                consideration_score,
                consideration_class or "",
                legal_status or "",
                pattern.pk if pattern else None,
            )
        )
        self.counts["assessment"] += 1
        measurements = tables["measurement"]
        for item in result.criteria:
            measurements.add(
                (
                    measurements.take_id(),
                    pk,
                    lookup["criteria"][item.code][0],
                    item.volume,
                    item.denominator,
                    item.percent,
                    item.score,
                )
            )
        self.counts["measurement"] += len(result.criteria)
        aspects = tables["aspect"]
        for item in result.aspects:
            aspects.add(
                (
                    aspects.take_id(),
                    pk,
                    lookup["aspects"][item.number],
                    item.criteria,
                    item.measured,
                    item.score,
                    item.average_percent,
                )
            )
        considerations = tables["consideration"]
        for factor, option in answers:
            considerations.add((considerations.take_id(), pk, factor.pk, option.pk))
        legality = tables["legality"]
        for item in lookup["items"]:
            legality.add((legality.take_id(), pk, item.pk, legal[item.code]))

    # --- interventions ---------------------------------------------------------------------------

    def write_interventions(self) -> None:
        rng = self.rng
        interventions = self.writers.table(
            Intervention,
            # The declared columns but the notes (left empty), as stored: location_id, area_id, …
            ["id", *(Intervention._meta.get_field(name).attname for name in INTERVENTION_FIELDS if name != "notes")],
        )
        line_columns = (FundingLine._meta.get_field(name).attname for name in FUNDING_LINE_FIELDS)
        lines = self.writers.table(FundingLine, ["id", "intervention_id", *line_columns])
        updates = self.writers.table(ProgressUpdate, ["id", "intervention_id", "date", "percent", "note"])
        places = [kelurahan for kota in self.kotas for kelurahan in kota.kelurahan]
        weights = [
            len(place.rts) * weight for place, weight in zip(places, _spread(rng, len(places), 0.6), strict=True)
        ]
        per_location = split(self.scale.interventions, weights)
        # Keys in the order a national system receives rows, by fiscal year with the cities
        # interleaved, not one city after another: ids follow time, not place, as in real data.
        slots = []
        for index, (kelurahan, count) in enumerate(zip(places, per_location, strict=True)):
            first_year = max(FIRST_YEAR, kelurahan.kota.decree_year + 1)
            slots.extend((rng.randint(first_year, LAST_YEAR), rng.random(), index) for _ in range(count))
        slots.sort()
        for number, (fiscal_year, _order, index) in enumerate(slots, start=1):
            self._intervention(interventions, lines, updates, places[index], number, fiscal_year)

    def _status(self, fiscal_year: int) -> str:
        roll = self.rng.random()
        Status = Intervention.Status
        if fiscal_year <= LAST_YEAR - 2:
            table = ((0.92, Status.COMPLETED), (0.95, Status.CANCELLED), (1.0, Status.ONGOING))
        elif fiscal_year == LAST_YEAR - 1:
            table = ((0.6, Status.COMPLETED), (0.93, Status.ONGOING), (0.95, Status.CANCELLED), (1.0, Status.PLANNED))
        else:
            table = ((0.1, Status.COMPLETED), (0.55, Status.ONGOING), (1.0, Status.PLANNED))
        return next(status for bound, status in table if roll < bound)

    def _intervention(self, interventions, lines, updates, kelurahan: Kelurahan, number: int, fiscal_year: int) -> None:
        rng = self.rng
        Status = Intervention.Status
        kind_id, kind_code, kind_name, default_unit, units = rng.choices(self.kinds, cum_weights=self.kind_weights)[0]
        unit = default_unit if rng.random() < 0.85 or len(units) == 1 else rng.choice(units)
        low, high = UNIT_VOLUMES.get(unit, (1, 100))
        amount = math.exp(rng.uniform(math.log(low), math.log(high)))
        volume = f"{max(1, round(amount))}.00" if unit in WHOLE_UNITS else _cents(amount)
        low, high = KIND_PRICES.get(kind_code, UNIT_PRICES.get(unit, (1_000_000, 10_000_000)))
        if unit != default_unit:
            low, high = UNIT_PRICES.get(unit, (low, high))
        budget = float(volume) * rng.uniform(low, high)

        status = self._status(fiscal_year)
        start = end = None
        if status != Status.PLANNED or rng.random() < 0.5:
            last_month = 9 if fiscal_year < LAST_YEAR or status == Status.PLANNED else AS_OF.month - 1
            start = date(fiscal_year, rng.randint(2, last_month), rng.randint(1, 28))
            if status == Status.COMPLETED or rng.random() < 0.5:
                end = start + timedelta(days=rng.randint(30, 180))
                if status == Status.COMPLETED:
                    end = min(end, AS_OF)

        pk = interventions.take_id()
        n_sources = rng.choices((1, 2, 3), (72, 23, 5))[0]
        chosen = []
        while len(chosen) < n_sources:
            source = rng.choices(self.sources, cum_weights=self.source_weights)[0]
            if source not in chosen:
                chosen.append(source)
        shares = split(1000, [rng.uniform(0.3, 1.0) for _ in chosen], minimum=1)
        for (code, source_id), share in zip(chosen, shares, strict=True):
            year = fiscal_year + (1 if code != chosen[0][0] and rng.random() < 0.2 else 0)
            lines.add((lines.take_id(), pk, source_id, min(year, LAST_YEAR + 1), _rupiah(budget * share / 1000), ""))
        self.counts["funding line"] += len(chosen)

        percent = None
        n_updates = rng.choice(UPDATE_COUNTS[status])
        if n_updates:
            first = start or date(fiscal_year, 3, 1)
            last = end if status == Status.COMPLETED and end else min(AS_OF, first + timedelta(days=150))
            last = max(first, last)
            span = (last - first).days
            days = sorted(rng.randint(0, span) for _ in range(n_updates))
            if status == Status.COMPLETED:
                days[-1] = span
                steps = sorted(rng.randint(5, 95) for _ in range(n_updates - 1)) + [100]
            else:
                steps = sorted(rng.randint(5, 95) for _ in range(n_updates))
            notes = UPDATE_NOTES
            for index, (offset, value) in enumerate(zip(days, steps, strict=True)):
                note = notes[-1] if value == 100 else notes[min(len(notes) - 2, index * len(notes) // n_updates)]
                updates.add((updates.take_id(), pk, first + timedelta(days=offset), f"{value}.00", note))
            percent = f"{steps[-1]}.00"
            self.counts["progress update"] += n_updates
        if status == Status.COMPLETED:
            percent = "100.00"
        elif status == Status.PLANNED:
            percent = None

        first_source = chosen[0][0]
        if first_source in COMMUNITY_SOURCES:
            implementer = rng.choice(kelurahan.stakeholders["ksm"])
        elif first_source in CITY_SOURCES:
            implementer = kelurahan.kota.stakeholders["dinas_perkim"]
        else:
            implementer = (
                kelurahan.kota.stakeholders["korkot"]
                if rng.random() < 0.5
                else rng.choice(kelurahan.stakeholders["ksm"])
            )
        coordinator = kelurahan.stakeholders["bkm"][0] if rng.random() < 0.7 else None
        rt, rw = rng.choice(kelurahan.rts)
        area, where = (rt, f"RT{rt.name}-RW{rw.name}") if rng.random() < 0.9 else (rw, f"RW{rw.name}")
        households = int(float(volume)) if unit == "kk" else (rng.randint(5, 150) if rng.random() < 0.6 else None)
        interventions.add(
            (
                pk,
                f"sintetis-{number:07d}",
                f"{kind_name} {where} {kelurahan.area.name}",
                kelurahan.location_id,
                area.id,
                kind_id,
                fiscal_year,
                volume,
                unit,
                implementer,
                coordinator,
                status,
                start,
                end,
                percent,
                households,
                SOURCE,
            )
        )
        self.counts["intervention"] += 1

    # --- meetings --------------------------------------------------------------------------------

    def write_meetings(self) -> None:
        rng = self.rng
        meetings = self.writers.table(
            Meeting,
            [
                "id",
                "date_precision",
                "date",
                "year",
                "location_id",
                "source",
                "title",
                "forum_type",
                "agenda",
                "minutes",
            ],
        )
        attendance = self.writers.table(Attendance, ["id", "meeting_id", "stakeholder_id", "participants", "women"])
        places = [kelurahan for kota in self.kotas for kelurahan in kota.kelurahan]
        per_location = split(self.scale.meetings, _spread(rng, len(places), 0.5))
        slots = []
        for index, (kelurahan, count) in enumerate(zip(places, per_location, strict=True)):
            first_year = max(2016, kelurahan.kota.decree_year)
            for _ in range(count):
                roll = rng.random()
                year = rng.randint(first_year, LAST_YEAR)
                day = date(year, rng.randint(1, 12 if year < LAST_YEAR else AS_OF.month), rng.randint(1, 28))
                if roll < 0.85:
                    slots.append((day, Precision.DAY, day, year, index))
                elif roll < 0.95:
                    slots.append((date(year, 12, 31), Precision.YEAR, None, year, index))
                else:
                    slots.append((day, Precision.UNKNOWN, None, None, index))
        # keys in the order the meetings were recorded (by date, locations interleaved)
        slots.sort(key=lambda slot: (slot[0], slot[4]))
        for _when, precision, day, year, index in slots:
            kelurahan = places[index]
            pk = meetings.take_id()
            title = f"{rng.choice(MEETING_TITLES)} {kelurahan.area.name}"
            meetings.add(
                (
                    pk,
                    precision,
                    day,
                    year,
                    kelurahan.location_id,
                    SOURCE,
                    title,
                    "routine" if rng.random() < 0.7 else "incidental",
                    rng.choice(MEETING_AGENDAS),
                    "",
                )
            )
            self.counts["meeting"] += 1
            present = [kelurahan.stakeholders["bkm"][0]]
            optional = (
                kelurahan.stakeholders["lurah"]
                + kelurahan.stakeholders["ksm"]
                + list(kelurahan.kota.stakeholders.values())
            )
            present += rng.sample(optional, rng.randint(1, min(5, len(optional))))
            for stakeholder in present:
                participants = rng.randint(2, 40) if rng.random() < 0.9 else None
                women = rng.randint(0, participants) if participants is not None and rng.random() < 0.8 else None
                attendance.add((attendance.take_id(), pk, stakeholder, participants, women))
            self.counts["attendance"] += len(present)
