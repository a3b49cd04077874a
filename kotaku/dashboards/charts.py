"""A chart and the table of its numbers, as the dashboard templates and static/js/charts.js use them."""

from dataclasses import dataclass, field

# Units a chart's numbers are in: they choose the formatting in tables and in charts.js.
RUPIAH, HECTARES, COUNT, SCORE, TEXT = "rupiah", "ha", "count", "score", "text"


@dataclass
class Chart:
    """A chart and the table of its numbers. ``series`` are ``(label, values)``; ``extra`` columns
    appear only in the table, each ``(label, unit, values)``."""

    id: str
    title: str
    kind: str
    unit: str
    labels: list
    series: list
    stacked: bool = False
    horizontal: bool = False
    extra: list = field(default_factory=list)
    label_header: str = ""
    note: str = ""
    colors: list = field(default_factory=list)

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    @property
    def payload(self) -> dict:
        return {
            "type": self.kind,
            "unit": self.unit,
            "labels": [str(label) for label in self.labels],
            "datasets": [{"label": str(label), "data": list(values)} for label, values in self.series],
            "stacked": self.stacked,
            "horizontal": self.horizontal,
            "colors": self.colors,
        }

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [(str(label), self.unit) for label, _values in self.series] + [
            (str(label), unit) for label, unit, _values in self.extra
        ]

    @property
    def table(self) -> list[dict]:
        columns = [values for _label, values in self.series] + [values for _label, _unit, values in self.extra]
        units = [self.unit] * len(self.series) + [unit for _label, unit, _values in self.extra]
        return [
            {"label": label, "cells": [(column[index], unit) for column, unit in zip(columns, units, strict=True)]}
            for index, label in enumerate(self.labels)
        ]

    @property
    def is_empty(self) -> bool:
        """Nothing to draw: no categories, or no figure in any series (empty axes say nothing)."""
        if not self.labels:
            return True
        return bool(self.series) and all(value is None for _label, values in self.series for value in values)
