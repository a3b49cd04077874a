"""Load the paper's areas, decree, slum locations, area history, actors and the Kampung Bugis
baseline assessment (fixtures/sites.json).

Idempotent: rows are found by natural keys and saved only when a value differs. The baseline's
scores are computed by ``sites.services.assessment_seed`` (never read from the fixture); it needs
the rule sets that ``sites.seed_rules`` loads first.
"""

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from core import verification
from core.seeding import upsert
from core.services import flag_upsert
from sites.models import Area, AreaRecord, Decree, RuleSet, SlumLocation, Stakeholder
from sites.services import assessment_seed


def area_by_ref(refs: dict[str, Area], ref: str) -> Area:
    return refs[ref]


def load(path: Path) -> Counter:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts: Counter = Counter()
    refs: dict[str, Area] = {}
    for row in data["areas"]:
        parent = refs[row["parent"]] if row.get("parent") else None
        path_value = f"{parent.path if parent else ''}{row['segment']}/"
        area, status = upsert(
            Area,
            lookup={"path": path_value},
            values={
                "parent": parent,
                "level": row["level"],
                "name": row["name"],
                "segment": row["segment"],
                "code": row.get("code"),
                "depth": (parent.depth + 1) if parent else 0,
            },
        )
        refs[row["ref"]] = area
        counts[f"area {status}"] += 1

    d = data["decree"]
    decree, status = upsert(
        Decree,
        lookup={"issuer": d["issuer"], "number": d["number"], "year": d["year"]},
        values={
            "title": d["title"],
            "area": refs[d["area"]],
            "stated_total_ha": Decimal(d["stated_total_ha"]),
            "source": d["source"],
        },
    )
    counts[f"decree {status}"] += 1

    by_number = {}
    for row in data["locations"]:
        location, status = upsert(
            SlumLocation,
            lookup={"decree": decree, "number": row["number"]},
            values={
                "name": row["name"],
                "printed_kecamatan": row["printed_kecamatan"],
                "printed_kelurahan": row["printed_kelurahan"],
                "area": refs[row["area"]],
                "decreed_area_ha": Decimal(row["decreed_area_ha"]),
                "is_priority": row.get("is_priority", False),
                "typology": row.get("typology", ""),
            },
        )
        covered = {refs[ref].pk for ref in row.get("covered", [])}
        if covered and set(location.covered_areas.values_list("pk", flat=True)) != covered:
            location.covered_areas.set(covered)
        for flag in row.get("flags", []):
            flag_upsert(record=location, **flag)
        by_number[row["number"]] = location
        counts[f"location {status}"] += 1

    for row in data["area_records"]:
        _, status = upsert(
            AreaRecord,
            lookup={"location": by_number[row["location"]], "year": row["year"], "source": row["source"]},
            values={"area_ha": Decimal(row["area_ha"]), "note": row.get("note", ""), **verification.SEEDED},
        )
        counts[f"area record {status}"] += 1

    for row in data.get("area_flags", []):
        flag = dict(row)
        flag_upsert(record=refs[flag.pop("area")], **flag)

    for row in data["stakeholders"]:
        values = {k: v for k, v in row.items() if k not in ("name", "area")}
        values["area"] = refs[row["area"]] if row.get("area") else None
        _, status = upsert(Stakeholder, lookup={"name": row["name"]}, values=values)
        counts[f"stakeholder {status}"] += 1

    for row in data.get("assessments", []):
        assessment, status = assessment_seed(
            location=by_number[row["location"]],
            rule_set=RuleSet.objects.get(code=row["rule_set"]),
            source=row["source"],
            year=row["year"],
            assessed_on=date.fromisoformat(row["assessed_on"]) if row["assessed_on"] else None,
            header=row["header"],
            measurements=row["measurements"],
            regulation_version=row["regulation_version"],
            source_document=row["source_document"],
            stated_level=row["stated_level"],
            notes=row["notes"],
            allow_incomplete=row["allow_incomplete"],
        )
        for flag in row.get("flags", []):
            flag_upsert(record=assessment, **flag)
        counts[f"assessment {status}"] += 1
    return counts
