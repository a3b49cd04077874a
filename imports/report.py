"""What an import found: counts, and the first rows of each kind, in bounded memory.

Counts are exact; the lists (errors, created, updated with their field changes, unchanged) keep
their first ``LIST_LIMIT`` entries, so the report of a 50,000-row file stays small.
"""

from dataclasses import dataclass, field

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
ACTIONS = (CREATED, UPDATED, UNCHANGED)
LIST_LIMIT = 200
ERROR_LIMIT = 500


@dataclass
class Report:
    counts: dict = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    error_count: int = 0
    errors: list = field(default_factory=list)
    entries: dict = field(default_factory=lambda: {action: [] for action in ACTIONS})
    rows: int = 0
    sheets: list = field(default_factory=list)
    rejected: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error(self, sheet: str, row: int | None, column: str, message: str, *, letter: str = "") -> None:
        self.error_count += 1
        if len(self.errors) < ERROR_LIMIT:
            self.errors.append(
                {"sheet": sheet, "row": row, "column": column, "letter": letter, "message": str(message)}
            )

    def record(self, action: str, sheet: str, row: int, label: str, changes: list | None = None) -> None:
        self.counts[action] += 1
        listed = self.entries[action]
        if len(listed) < LIST_LIMIT:
            entry = {"sheet": sheet, "row": row, "label": label}
            if changes:
                entry["changes"] = changes
            listed.append(entry)

    def reset_actions(self) -> None:
        """Forget the plan of a validation pass before the writing pass records what it did."""
        self.counts = dict.fromkeys(ACTIONS, 0)
        self.entries = {action: [] for action in ACTIONS}

    def as_json(self) -> dict:
        """What the run record keeps. A file with errors keeps only its errors: its other rows did
        nothing, and listing what they would have done invites reading it as done."""
        entries = self.entries if self.ok else {action: [] for action in ACTIONS}
        order = {name: index for index, name in enumerate(self.sheets)}
        errors = sorted(self.errors, key=lambda error: (order.get(error["sheet"], -1), error["row"] or 0))
        return {
            "errors": errors,
            "errors_truncated": self.error_count > len(self.errors),
            "created": entries[CREATED],
            "updated": entries[UPDATED],
            "unchanged": entries[UNCHANGED],
            "truncated": {action: self.counts[action] > len(entries[action]) for action in ACTIONS if self.ok},
        }
