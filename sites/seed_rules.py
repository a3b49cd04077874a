"""Load the indicator framework (fixtures/scoring.json): aspects, rule sets with their criteria,
score bands, class thresholds, non-physical considerations, legality items and handling patterns.

Idempotent: rows are found by natural keys and saved only when a value differs. Runs before
``sites.seed`` because seeded assessments refer to rule sets.
"""

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from core.seeding import upsert
from sites.models import (
    Aspect,
    ConsiderationClass,
    ConsiderationFactor,
    ConsiderationOption,
    Criterion,
    HandlingPattern,
    LegalityItem,
    LevelThreshold,
    RuleSet,
    ScoreBand,
)


def load(path: Path) -> Counter:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts: Counter = Counter()
    aspects = {}
    for row in data["aspects"]:
        aspect, status = upsert(Aspect, lookup={"number": row["number"]}, values={"name": row["name"]})
        aspects[row["number"]] = aspect
        counts[f"aspect {status}"] += 1

    for row in data["rule_sets"]:
        rule_set, status = upsert(
            RuleSet,
            lookup={"code": row["code"]},
            values={
                "name": row["name"],
                "regulation": row["regulation"],
                "percent_places": row["percent_places"],
                "is_default": row["is_default"],
                "notes": row["notes"],
            },
        )
        counts[f"rule set {status}"] += 1
        for item in row["criteria"]:
            _, status = upsert(
                Criterion,
                lookup={"rule_set": rule_set, "code": item["code"]},
                values={
                    "aspect": aspects[item["aspect"]],
                    "name": item["name"],
                    "unit": item["unit"],
                    "denominator": item["denominator"],
                    "order": item["order"],
                    "description": item.get("description", ""),
                    "note": item.get("note", ""),
                },
            )
            counts[f"criterion {status}"] += 1
        for item in row["bands"]:
            _, status = upsert(
                ScoreBand,
                lookup={"rule_set": rule_set, "min_percent": Decimal(item["min_percent"])},
                values={"score": item["score"], "label": item["label"]},
            )
            counts[f"score band {status}"] += 1
        for item in row["thresholds"]:
            _, status = upsert(
                LevelThreshold,
                lookup={"rule_set": rule_set, "level": item["level"]},
                values={"min_total": item["min_total"], "max_total": item["max_total"]},
            )
            counts[f"threshold {status}"] += 1
        _load_considerations(rule_set, row["considerations"], counts)
        for order, item in enumerate(row["legality_items"], start=1):
            _, status = upsert(
                LegalityItem,
                lookup={"rule_set": rule_set, "code": item["code"]},
                values={"name": item["name"], "description": item.get("description", ""), "order": order},
            )
            counts[f"legality item {status}"] += 1
        for item in row["handling_patterns"]:
            _, status = upsert(
                HandlingPattern,
                lookup={"rule_set": rule_set, "level": item["level"], "legality": item["legality"]},
                values={"code": item["code"], "name": item["name"]},
            )
            counts[f"handling pattern {status}"] += 1
    return counts


def _load_considerations(rule_set: RuleSet, data: dict, counts: Counter) -> None:
    for order, row in enumerate(data["factors"], start=1):
        factor, status = upsert(
            ConsiderationFactor,
            lookup={"rule_set": rule_set, "code": row["code"]},
            values={"name": row["name"], "order": order},
        )
        counts[f"consideration factor {status}"] += 1
        for option_order, item in enumerate(row["options"], start=1):
            _, status = upsert(
                ConsiderationOption,
                lookup={"factor": factor, "code": item["code"]},
                values={"label": item["label"], "score": item["score"], "order": option_order},
            )
            counts[f"consideration option {status}"] += 1
    for row in data["classes"]:
        _, status = upsert(
            ConsiderationClass,
            lookup={"rule_set": rule_set, "level": row["level"]},
            values={"min_total": row["min_total"], "max_total": row["max_total"]},
        )
        counts[f"consideration class {status}"] += 1
