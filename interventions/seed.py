"""Load units, funding sources, intervention kinds and the paper's Tabel 2 and Tabel 3
(fixtures/interventions.json).

Idempotent: rows are found by natural keys (codes; an intervention by its ``reference``) and saved
only when a value differs. Needs the sites seed first (areas, the decree's locations, stakeholders)
and the indicator framework (aspects and criteria from fixtures/scoring.json); it creates nothing
in ``sites`` and stops with a clear message when something it refers to is missing.
"""

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.core.management.base import CommandError

from core import verification
from core.seeding import upsert
from core.services import flag_upsert
from interventions.models import FundingLine, FundingSource, Intervention, InterventionKind, Unit
from sites.models import Area, Aspect, Criterion, SlumLocation, Stakeholder


def _missing(what: str) -> CommandError:
    return CommandError(
        f"interventions.json merujuk {what} yang belum ada. Muat dulu fixtures/scoring.json dan "
        "fixtures/sites.json (langkah seed sites berjalan sebelum interventions di SEED_STEPS)."
    )


def area_by_ref(ref: str) -> Area:
    """``21.72.03.1005/RW006/RT002``: a coded area, then path segments below it."""
    code, *segments = ref.split("/")
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise _missing(f"wilayah {code}")
    path = area.path + "".join(f"{segment}/" for segment in segments)
    found = Area.objects.filter(path=path).first()
    if found is None:
        raise _missing(f"wilayah {ref}")
    return found


def _location(ref: dict) -> SlumLocation:
    decree = ref["decree"]
    location = SlumLocation.objects.filter(
        decree__issuer=decree["issuer"],
        decree__number=decree["number"],
        decree__year=decree["year"],
        number=ref["number"],
    ).first()
    if location is None:
        raise _missing(f"lokasi kumuh nomor {ref['number']} SK {decree['number']}/{decree['year']}")
    return location


def _stakeholder(name: str | None) -> Stakeholder | None:
    if not name:
        return None
    stakeholder = Stakeholder.objects.filter(name=name).first()
    if stakeholder is None:
        raise _missing(f"pemangku kepentingan {name!r}")
    return stakeholder


def _set_m2m(manager, wanted: set) -> bool:
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(wanted)
    return True


def _load_kinds(rows, units: dict[str, Unit], counts: Counter) -> dict[str, InterventionKind]:
    aspects = {aspect.number: aspect for aspect in Aspect.objects.all()}
    kinds = {}
    for row in rows:
        aspect = aspects.get(row["aspect"])
        if aspect is None:
            raise _missing(f"aspek kekumuhan nomor {row['aspect']}")
        criteria = set(Criterion.objects.filter(code__in=row["criteria"]).values_list("pk", flat=True))
        found_codes = set(Criterion.objects.filter(pk__in=criteria).values_list("code", flat=True))
        if found_codes != set(row["criteria"]):
            raise _missing(f"kriteria {sorted(set(row['criteria']) - found_codes)}")
        kind, status = upsert(
            InterventionKind,
            lookup={"code": row["code"]},
            values={
                "name": row["name"],
                "aspect": aspect,
                "default_unit": units[row["default_unit"]],
                "description": row.get("description", ""),
                "order": row.get("order", 0),
            },
        )
        changed = _set_m2m(kind.units, {units[code].pk for code in row["units"]})
        changed = _set_m2m(kind.criteria, criteria) or changed
        if status == "unchanged" and changed:
            status = "updated"
        kinds[row["code"]] = kind
        counts[f"kind {status}"] += 1
    return kinds


def load(path: Path) -> Counter:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts: Counter = Counter()

    units = {}
    for row in data["units"]:
        values = {key: value for key, value in row.items() if key != "code"}
        units[row["code"]], status = upsert(Unit, lookup={"code": row["code"]}, values=values)
        counts[f"unit {status}"] += 1

    sources = {}
    for row in data["funding_sources"]:
        values = {key: value for key, value in row.items() if key != "code"}
        sources[row["code"]], status = upsert(FundingSource, lookup={"code": row["code"]}, values=values)
        counts[f"funding source {status}"] += 1

    kinds = _load_kinds(data["kinds"], units, counts)

    for row in data["interventions"]:
        intervention, status = upsert(
            Intervention,
            lookup={"reference": row["reference"]},
            values={
                "title": row["title"],
                "location": _location(row["location"]),
                "area": area_by_ref(row["area"]),
                "kind": kinds[row["kind"]],
                "fiscal_year": row["fiscal_year"],
                "volume": Decimal(row["volume"]),
                "unit": units[row["unit"]],
                "status": row["status"],
                "progress_percent": None if row["progress_percent"] is None else Decimal(row["progress_percent"]),
                "implementer": _stakeholder(row.get("implementer")),
                "coordinator": _stakeholder(row.get("coordinator")),
                "source_document": row["source_document"],
                **verification.SEEDED,
            },
        )
        counts[f"intervention {status}"] += 1
        for line in row["funding_lines"]:
            _, status = upsert(
                FundingLine,
                lookup={
                    "intervention": intervention,
                    "source": sources[line["source"]],
                    "fiscal_year": line["fiscal_year"],
                },
                values={"amount": Decimal(line["amount"]), "note": line.get("note", "")},
            )
            counts[f"funding line {status}"] += 1
        for flag in row.get("flags", []):
            flag_upsert(record=intervention, **flag)
    return counts
