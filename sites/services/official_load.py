"""Load Indonesia's official area list into ``Area``: in bulk, idempotent, never renaming."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import DataQualityFlag
from core.services import flag_upsert
from sites import official_areas
from sites.models import Area

NAME_FLAG_CODE = "nama-beda-daftar-resmi"
AREA_COLUMNS = ["id", "level", "parent_id", "name", "code", "segment", "path", "depth"]
HISTORY_COLUMNS = [
    *AREA_COLUMNS,
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
]


@dataclass
class NameDifference:
    code: str
    recorded: str
    official: str
    flagged: bool


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    differences: list[NameDifference] = field(default_factory=list)
    # Official codes whose place in the tree is taken by a row with another code (left alone).
    blocked: list[str] = field(default_factory=list)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    @property
    def left_alone_total(self) -> int:
        return sum(self.unchanged.values()) + len(self.differences) + len(self.blocked)


def _existing(scope_code: str | None, selected) -> tuple[dict, dict]:
    rows = Area.objects.all()
    if scope_code is not None:
        ancestors = [area.code for area in selected if area.depth < scope_code.count(".")]
        prefix = official_areas.OfficialArea(scope_code, "", "", None).path
        rows = rows.filter(Q(code__in=ancestors) | Q(code=scope_code) | Q(path__startswith=prefix))
    rows = rows.filter(level__in=["provinsi", "kota", "kabupaten", "kecamatan", "kelurahan", "desa"])
    fields = ("id", "code", "name", "path", "depth", "level")
    by_code, by_path = {}, {}
    for area in rows.only(*fields).iterator(chunk_size=5000):
        if area.code:
            by_code[area.code] = area
        by_path[area.path] = area
    return by_code, by_path


def _name_flag_message(official_name: str) -> str:
    return (
        f"Nama tercatat berbeda dari daftar wilayah resmi ({official_areas.SOURCE_LABEL}): "
        f"di sana tertulis “{official_name}”. Nama tercatat tidak diubah."
    )


@transaction.atomic
def official_areas_load(*, scope_code: str | None, writers, actor=None) -> LoadReport:
    """Create the official areas of ``scope_code`` (with its ancestors; ``None``: all of Indonesia)
    that are missing, each with its audit-history row ("+", the list as change reason), written in
    bulk by ``writers`` (``kotaku.demo_data.writer.Writers``: COPY on PostgreSQL, ``bulk_create``
    elsewhere; keys chosen from the table's maximum, so the caller runs alone). Existing areas are left
    alone: a name that differs from the list is reported and flagged on the area (the recorded
    name came from another source, such as the paper), never overwritten. A second run creates
    nothing and saves nothing."""
    selected = official_areas.selection(scope_code)
    by_code, by_path = _existing(scope_code, selected)
    flagged_ids = set(
        DataQualityFlag.objects.filter(
            content_type__app_label="sites", content_type__model="area", code=NAME_FLAG_CODE
        ).values_list("object_id", flat=True)
    )
    report = LoadReport()
    areas = writers.table(Area, AREA_COLUMNS)
    history = writers.table(Area.history.model, HISTORY_COLUMNS)
    reason = f"load_areas: {official_areas.SOURCE_LABEL}"[:100]
    now = timezone.now()
    actor_id = actor.pk if actor is not None else None
    for official in selected:
        area = by_code.get(official.code)
        if area is None and official.path in by_path:
            report.blocked.append(official.code)
            continue
        if area is None:
            parent = by_code.get(official.parent_code) if official.parent_code else None
            if official.parent_code and parent is None:
                report.blocked.append(official.code)
                continue
            area = Area(
                id=areas.take_id(),
                level=official.level,
                parent_id=parent.pk if parent else None,
                name=official.name,
                code=official.code,
                segment=official.segment,
                path=(parent.path if parent else "") + official.segment + "/",
                depth=(parent.depth + 1) if parent else 0,
            )
            row = tuple(getattr(area, column) for column in AREA_COLUMNS)
            areas.add(row)
            history.add((*row, history.take_id(), now, reason, "+", actor_id))
            by_code[official.code] = area
            report.created[official.level] += 1
            continue
        if area.name == official.name:
            report.unchanged[official.level] += 1
            continue
        already = area.pk in flagged_ids
        if not already:
            flag_upsert(
                record=area,
                code=NAME_FLAG_CODE,
                kind=DataQualityFlag.Kind.SPELLING,
                field="name",
                message=_name_flag_message(official.name),
                recorded_value=area.name,
                other_value=official.name,
                source="nama tercatat (makalah, data awal atau pengguna)",
                other_source=official_areas.SOURCE_LABEL,
            )
        report.differences.append(NameDifference(official.code, area.name, official.name, flagged=not already))
    writers.finish()
    return report
