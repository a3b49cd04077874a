"""Load the paper's collaboration evidence (fixtures/collaboration.json).

The paper gives no dates, head counts or document numbers for this evidence, so the fixture keeps
them unknown (with a data-quality flag saying so) rather than inventing any. Rows are found by their
``import_key`` and saved only when a value differs, so a second run changes nothing. Stakeholders,
locations and interventions are looked up by natural key; a missing one stops the load with a
message that names it.
"""

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from collaboration.models import (
    Agreement,
    Attendance,
    DataSharing,
    Meeting,
    Milestone,
    Outcome,
    Rubric,
    RubricLevel,
    SharedGoal,
)
from core import verification
from core.seeding import upsert
from core.services import flag_upsert
from interventions.models import Intervention
from sites.models import Area, SlumLocation, Stakeholder

FUZZY_KEYS = ("date_precision", "date", "year")


class SeedError(LookupError):
    """The fixture names something the database does not hold (load the earlier steps first)."""


def load(path: Path) -> Counter:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    loader = _Loader(data)
    loader.rubrics(data.get("rubrics", []))
    for row in data.get("meetings", []):
        loader.meeting(row)
    for row in data.get("data_sharing", []):
        loader.data_sharing(row)
    for row in data.get("agreements", []):
        loader.agreement(row)
    for row in data.get("shared_goals", []):
        loader.shared_goal(row)
    for row in data.get("outcomes", []):
        loader.outcome(row)
    return loader.counts


class _Loader:
    def __init__(self, data: dict):
        self.counts: Counter = Counter()
        self.decree = data["decree"]
        self._locations: dict[int, SlumLocation] = {}
        self._stakeholders: dict[str, Stakeholder] = {}

    # Lookups that fail loudly --------------------------------------------------------------

    def location(self, number: int) -> SlumLocation:
        if number not in self._locations:
            location = SlumLocation.objects.filter(
                decree__issuer=self.decree["issuer"],
                decree__number=self.decree["number"],
                decree__year=self.decree["year"],
                number=number,
            ).first()
            if location is None:
                raise SeedError(f"Lokasi no. {number} dari SK {self.decree} belum ada; muat sites.json dahulu.")
            self._locations[number] = location
        return self._locations[number]

    def stakeholder(self, name: str) -> Stakeholder:
        if name not in self._stakeholders:
            stakeholder = Stakeholder.objects.filter(name=name).first()
            if stakeholder is None:
                raise SeedError(f"Pemangku kepentingan {name!r} belum ada; muat sites.json dahulu.")
            self._stakeholders[name] = stakeholder
        return self._stakeholders[name]

    def stakeholders(self, names) -> list[Stakeholder]:
        return [self.stakeholder(name) for name in names]

    # Writers ---------------------------------------------------------------------------------

    def _upsert(self, model, label: str, row: dict, values: dict):
        values = {
            **values,
            "location": self.location(row["location"]),
            "title": row["title"],
            "notes": row.get("notes", ""),
            "source": row.get("source", ""),
            **{key: row.get(key) for key in FUZZY_KEYS},
            **verification.SEEDED,
        }
        obj, status = upsert(model, lookup={"import_key": row["key"]}, values=values)
        self.counts[f"{label} {status}"] += 1
        for flag in row.get("flags", []):
            flag_upsert(record=obj, **flag)
        return obj

    def _set(self, obj, name: str, items) -> None:
        wanted = {item.pk for item in items}
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            self.counts[f"{name} updated"] += 1

    def rubrics(self, rows) -> None:
        for row in rows:
            rubric, status = upsert(
                Rubric,
                lookup={"code": row["code"]},
                values={key: row[key] for key in ("name", "description", "source", "is_default")},
            )
            self.counts[f"rubric {status}"] += 1
            for level in row["levels"]:
                _, status = upsert(
                    RubricLevel,
                    lookup={"rubric": rubric, "stage": level["stage"], "rank": level["rank"]},
                    values={"label": level["label"], "description": level["description"]},
                )
                self.counts[f"rubric level {status}"] += 1

    def meeting(self, row: dict) -> None:
        meeting = self._upsert(
            Meeting,
            "meeting",
            row,
            {key: row.get(key, "") for key in ("forum_type", "agenda", "minutes", "decisions")},
        )
        for item in row.get("attendance", []):
            _, status = upsert(
                Attendance,
                lookup={"meeting": meeting, "stakeholder": self.stakeholder(item["stakeholder"])},
                values={"participants": item.get("participants"), "women": item.get("women")},
            )
            self.counts[f"attendance {status}"] += 1

    def data_sharing(self, row: dict) -> None:
        from_name = row.get("from_stakeholder")
        record = self._upsert(
            DataSharing,
            "data sharing",
            row,
            {
                "kind": row["kind"],
                "data_shared": row["data_shared"],
                "is_mutual": row.get("is_mutual", False),
                "from_stakeholder": self.stakeholder(from_name) if from_name else None,
            },
        )
        self._set(record, "to_stakeholders", self.stakeholders(row["to_stakeholders"]))

    def agreement(self, row: dict) -> None:
        agreement = self._upsert(
            Agreement,
            "agreement",
            row,
            {key: row.get(key, "") for key in ("kind", "number", "summary", "timeline_note")},
        )
        self._set(agreement, "signatories", self.stakeholders(row.get("signatories", [])))
        for item in row.get("milestones", []):
            _, status = upsert(
                Milestone,
                lookup={"import_key": item["key"]},
                values={
                    "agreement": agreement,
                    "title": item["title"],
                    "order": item.get("order", 0),
                    "status": item.get("status", Milestone.Status.PLANNED),
                    **{key: item.get(key) for key in ("due_precision", "due_date", "due_year")},
                    **{key: item.get(key) for key in ("done_precision", "done_date", "done_year")},
                },
            )
            self.counts[f"milestone {status}"] += 1

    def shared_goal(self, row: dict) -> None:
        target = row.get("target_value")
        goal = self._upsert(
            SharedGoal,
            "shared goal",
            row,
            {
                "statement": row["statement"],
                "target_metric": row.get("target_metric", ""),
                "target_value": Decimal(target) if target is not None else None,
                **{key: row.get(key) for key in ("target_precision", "target_date", "target_year")},
            },
        )
        self._set(goal, "endorsers", self.stakeholders(row.get("endorsers", [])))

    def outcome(self, row: dict) -> None:
        outcome = self._upsert(
            Outcome,
            "outcome",
            row,
            {"kind": row["kind"], "status": row["status"], "description": row.get("description", "")},
        )
        self._set(outcome, "stakeholders", self.stakeholders(row.get("stakeholders", [])))
        self._set(outcome, "interventions", [self.intervention(outcome.location, key) for key in row["interventions"]])

    def intervention(self, location: SlumLocation, key: dict) -> Intervention:
        """The one intervention at ``location`` in RT/RW ``area`` of ``kind`` with a funding line
        of ``amount`` from ``funding_source`` (the natural key of interventions.json rows)."""
        code, *segments = key["area"].split("/")
        coded = Area.objects.filter(code=code).first()
        if coded is None:
            raise SeedError(f"Wilayah {code} belum ada; muat sites.json dahulu.")
        matches = list(
            Intervention.objects.filter(
                location=location,
                area__path=coded.path + "".join(f"{segment}/" for segment in segments),
                kind__code=key["kind"],
                funding_lines__source__code=key["funding_source"],
                funding_lines__amount=Decimal(key["amount"]),
            ).distinct()[:2]
        )
        if len(matches) != 1:
            found = "tidak ada" if not matches else "lebih dari satu"
            raise SeedError(f"Intervensi {key} di {location}: {found} yang cocok; muat interventions.json dahulu.")
        return matches[0]
