"""Every write to interventions, their funding lines, progress updates and reference data.

Services validate fully (``full_clean`` plus the rules that span tables: the RT/RW lies in the
location, the unit fits the kind, the area is in the actor's write scope), record the actor in the
audit history, and check the version an edit was made from (optimistic locking).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core import roles
from core.concurrency import claim_version
from interventions.columns import FUNDING_LINE_FIELDS, INTERVENTION_FIELDS
from interventions.images import check_image, without_metadata
from interventions.models import FundingLine, FundingSource, Intervention, InterventionKind, ProgressUpdate, Unit
from interventions.selectors import area_label
from sites import scoping
from sites.models import Area, Aspect, Criterion, SlumLocation, Stakeholder

EDITABLE_FIELDS = INTERVENTION_FIELDS
LINE_FIELDS = FUNDING_LINE_FIELDS


@dataclass(frozen=True)
class FundingLineInput:
    """One funding line as submitted; ``id`` names an existing line of the intervention to keep."""

    source: FundingSource
    fiscal_year: int
    amount: Decimal
    note: str = ""
    id: int | None = None


def _require_writer(actor) -> None:
    if not roles.can_write(actor):
        raise PermissionDenied(_("Peran Anda hanya dapat membaca data."))


def _require_official(actor) -> None:
    if not roles.is_official(actor):
        raise PermissionDenied(_("Hanya pejabat kota yang dapat mengubah data rujukan."))


def _require_scope(actor, intervention: Intervention) -> None:
    """The row being changed must lie in the actor's write scope (views answer 404 before this)."""
    _require_writer(actor)
    if not scoping.can_edit_area(actor, intervention.area):
        raise PermissionDenied(_("Kegiatan ini berada di luar wilayah tugas Anda."))


def _relation_errors(intervention: Intervention, actor) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if intervention.area_id and intervention.location_id:
        area = intervention.area
        if area.level not in (Area.Level.RT, Area.Level.RW):
            errors["area"] = [_("Pilih sebuah RT atau RW, bukan %(level)s.") % {"level": area.get_level_display()}]
        elif not intervention.location.area.contains(area):
            errors["area"] = [
                _("%(area)s tidak berada di wilayah lokasi %(location)s.")
                % {"area": area_label(area), "location": intervention.location.display_name}
            ]
        elif not scoping.can_edit_area(actor, area):
            errors["area"] = [_("Anda hanya dapat mencatat kegiatan di RT/RW dalam wilayah tugas Anda.")]
    if intervention.kind_id and intervention.unit_id:
        allowed = list(intervention.kind.units.all())
        if intervention.unit_id not in {unit.pk for unit in allowed}:
            errors["unit"] = [
                _("Satuan %(unit)s tidak sesuai untuk %(kind)s; pilih salah satu: %(allowed)s.")
                % {
                    "unit": intervention.unit.symbol,
                    "kind": intervention.kind.name,
                    "allowed": ", ".join(unit.symbol for unit in allowed),
                }
            ]
    return errors


def _line_errors(lines: Sequence[FundingLine]) -> list[str]:
    if not lines:
        return [_("Isi paling sedikit satu baris sumber dana.")]
    messages = []
    for number, line in enumerate(lines, start=1):
        try:
            line.full_clean(exclude=["intervention"])
        except ValidationError as exc:
            for field, field_errors in exc.message_dict.items():
                label = FundingLine._meta.get_field(field).verbose_name if field != "__all__" else ""
                for message in field_errors:
                    messages.append(
                        _("Baris pendanaan %(number)s, %(field)s: %(message)s")
                        % {"number": number, "field": label, "message": message}
                    )
    return messages


def _validate(intervention: Intervention, lines: Sequence[FundingLine], actor) -> None:
    """Raise one ValidationError with every problem found, keyed by field."""
    errors: dict[str, list[str]] = {}
    try:
        intervention.full_clean(exclude=["version"])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for field, messages in _relation_errors(intervention, actor).items():
        errors.setdefault(field, []).extend(messages)
    line_messages = _line_errors(lines)
    if line_messages:
        errors["funding_lines"] = line_messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def intervention_create(
    *,
    actor,
    location: SlumLocation,
    area: Area,
    kind: InterventionKind,
    fiscal_year: int,
    volume: Decimal,
    unit: Unit,
    funding_lines: Sequence[FundingLineInput],
    title: str = "",
    reference: str | None = None,
    status: str = Intervention.Status.PLANNED,
    implementer: Stakeholder | None = None,
    coordinator: Stakeholder | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    progress_percent: Decimal | None = None,
    beneficiary_households: int | None = None,
    source_document: str = "",
    notes: str = "",
) -> Intervention:
    _require_writer(actor)
    intervention = Intervention(
        location=location,
        area=area,
        kind=kind,
        fiscal_year=fiscal_year,
        volume=volume,
        unit=unit,
        title=title or (kind.name if kind else ""),
        reference=reference or None,
        status=status,
        implementer=implementer,
        coordinator=coordinator,
        start_date=start_date,
        end_date=end_date,
        progress_percent=progress_percent,
        beneficiary_households=beneficiary_households,
        source_document=source_document,
        notes=notes,
    )
    lines = [FundingLine(**{name: getattr(item, name) for name in LINE_FIELDS}) for item in funding_lines]
    _validate(intervention, lines, actor)
    intervention._history_user = actor
    intervention.save()
    for line in lines:
        line.intervention = intervention
        line._history_user = actor
        line.save()
    return intervention


@transaction.atomic
def intervention_update(
    *,
    intervention: Intervention,
    actor,
    expected_version: int,
    data: Mapping[str, Any],
    funding_lines: Sequence[FundingLineInput] | None = None,
) -> Intervention:
    """Apply ``data`` (any subset of ``EDITABLE_FIELDS``) and, when given, replace the funding lines.

    Raises ``core.api.Conflict`` when the row changed since ``expected_version`` was read.
    """
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    _require_scope(actor, intervention)
    claim_version(intervention, expected_version)
    changes = dict(data)
    if "reference" in changes:
        changes["reference"] = changes["reference"] or None
    if "title" in changes and not changes["title"]:
        changes["title"] = (changes.get("kind") or intervention.kind).name
    for name, value in changes.items():
        setattr(intervention, name, value)

    existing = {line.pk: line for line in intervention.funding_lines.all()}
    if funding_lines is None:
        lines, removed = list(existing.values()), []
    else:
        lines, removed = _merge_lines(existing, funding_lines)
    _validate(intervention, lines, actor)

    intervention._history_user = actor
    intervention.save(update_fields=[*changes, "version", "updated_at"])
    for line in removed:
        line._history_user = actor
        line.delete()
    for line in lines:
        if line.pk is None or getattr(line, "_changed", False):
            line.intervention = intervention
            line._history_user = actor
            line.save()
    return intervention


def _merge_lines(existing: dict[int, FundingLine], items: Sequence[FundingLineInput]):
    kept, lines = set(), []
    for item in items:
        if item.id is None:
            lines.append(FundingLine(**{name: getattr(item, name) for name in LINE_FIELDS}))
            continue
        line = existing.get(item.id)
        if line is None:
            raise ValidationError(
                {"funding_lines": [_("Baris pendanaan %(id)s bukan milik kegiatan ini.") % {"id": item.id}]}
            )
        kept.add(item.id)
        for name in LINE_FIELDS:
            value = getattr(item, name)
            current = line.source_id if name == "source" else getattr(line, name)
            if (value.pk if name == "source" else value) != current:
                setattr(line, name, value)
                line._changed = True
        lines.append(line)
    removed = [line for pk, line in existing.items() if pk not in kept]
    return lines, removed


@transaction.atomic
def intervention_delete(*, intervention: Intervention, actor, expected_version: int | None = None) -> None:
    """Delete with its lines and progress updates, each delete recorded in the audit history."""
    _require_scope(actor, intervention)
    if expected_version is not None:
        claim_version(intervention, expected_version)
    for related in [*intervention.funding_lines.all(), *intervention.progress_updates.all()]:
        related._history_user = actor
        related.delete()
    intervention.flags.all().delete()
    intervention._history_user = actor
    intervention.delete()


def _status_after_progress(current: str, percent: Decimal) -> str:
    if percent >= 100:
        return Intervention.Status.COMPLETED
    if percent > 0 or current == Intervention.Status.COMPLETED:
        return Intervention.Status.ONGOING
    return current


@transaction.atomic
def progress_update_add(
    *,
    intervention: Intervention,
    actor,
    date: date,
    percent: Decimal,
    note: str = "",
    photo=None,
) -> ProgressUpdate:
    """Record a progress report and set the intervention's progress (and status) from the latest one.

    The latest report by date decides: 100% marks the work completed, less marks it ongoing. The
    intervention's version moves on, so an edit form opened before the report gets a conflict.
    """
    _require_scope(actor, intervention)
    locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if locked.status == Intervention.Status.CANCELLED:
        raise ValidationError(_("Kegiatan yang dibatalkan tidak dapat diberi laporan kemajuan."))
    update = ProgressUpdate(intervention=locked, date=date, percent=percent, note=note, created_by=actor)
    if photo:
        try:
            checked = check_image(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from None
        update.photo = ContentFile(without_metadata(photo, checked), name=f"{uuid4().hex}.{checked.extension}")
        update.photo_content_type = checked.content_type
    update.full_clean()
    update._history_user = actor
    update.save()

    latest = locked.progress_updates.order_by("-date", "-id").values_list("percent", flat=True).first()
    locked.progress_percent = latest
    locked.status = _status_after_progress(locked.status, latest)
    locked.version += 1
    locked.full_clean()
    locked._history_user = actor
    locked.save(update_fields=["progress_percent", "status", "version", "updated_at"])
    intervention.version = locked.version
    return update


def _save_reference(obj, actor, fields=None) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save(update_fields=fields)


@transaction.atomic
def funding_source_create(
    *, actor, code: str, name: str, level: str, notes: str = "", is_active: bool = True, order: int = 0
) -> FundingSource:
    _require_official(actor)
    source = FundingSource(code=code, name=name, level=level, notes=notes, is_active=is_active, order=order)
    _save_reference(source, actor)
    return source


@transaction.atomic
def funding_source_update(*, source: FundingSource, actor, data: Mapping[str, Any]) -> FundingSource:
    _require_official(actor)
    allowed = {"code", "name", "level", "notes", "is_active", "order"}
    if set(data) - allowed:
        raise ValueError(f"Not editable: {sorted(set(data) - allowed)}")
    for name, value in data.items():
        setattr(source, name, value)
    _save_reference(source, actor, list(data) or None)
    return source


def _kind_unit_errors(units: Sequence[Unit], default_unit: Unit | None) -> dict[str, list[str]]:
    if not units:
        return {"units": [_("Pilih paling sedikit satu satuan.")]}
    if default_unit is not None and default_unit.pk not in {unit.pk for unit in units}:
        return {"default_unit": [_("Satuan bawaan harus salah satu satuan yang diizinkan.")]}
    return {}


def _save_kind(kind: InterventionKind, actor, units, criteria, fields=None) -> None:
    errors: dict[str, list[str]] = {}
    try:
        kind.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    errors.update(_kind_unit_errors(units, kind.default_unit if kind.default_unit_id else None))
    if errors:
        raise ValidationError(errors)
    kind._history_user = actor
    kind.save(update_fields=fields)
    kind.units.set(units)
    kind.criteria.set(criteria)


@transaction.atomic
def intervention_kind_create(
    *,
    actor,
    code: str,
    name: str,
    aspect: Aspect,
    units: Sequence[Unit],
    default_unit: Unit,
    criteria: Sequence[Criterion] = (),
    description: str = "",
    is_active: bool = True,
    order: int = 0,
) -> InterventionKind:
    _require_official(actor)
    kind = InterventionKind(
        code=code,
        name=name,
        aspect=aspect,
        default_unit=default_unit,
        description=description,
        is_active=is_active,
        order=order,
    )
    _save_kind(kind, actor, units, criteria)
    return kind


@transaction.atomic
def intervention_kind_update(
    *,
    kind: InterventionKind,
    actor,
    data: Mapping[str, Any],
) -> InterventionKind:
    _require_official(actor)
    allowed = {"code", "name", "aspect", "default_unit", "description", "is_active", "order", "units", "criteria"}
    if set(data) - allowed:
        raise ValueError(f"Not editable: {sorted(set(data) - allowed)}")
    fields = {name: value for name, value in data.items() if name not in ("units", "criteria")}
    for name, value in fields.items():
        setattr(kind, name, value)
    units = list(data["units"]) if "units" in data else list(kind.units.all())
    criteria = list(data["criteria"]) if "criteria" in data else list(kind.criteria.all())
    _save_kind(kind, actor, units, criteria, list(fields) or None)
    return kind
