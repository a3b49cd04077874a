"""Reads for pages and the API: querysets shaped for their caller, totals and audit history.

Reads are open to every signed-in role; writes are scoped, so the ``*_editable`` selectors apply
``sites.scoping`` and the views answer 404 for anything outside them.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core import formatting
from core.models import DataQualityFlag
from interventions.columns import FUNDING_LINE_FIELDS, INTERVENTION_FIELDS
from interventions.models import (
    FundingLine,
    FundingSource,
    Intervention,
    InterventionKind,
    ProgressUpdate,
    Unit,
    unit_cost,
)
from sites import scoping
from sites.models import Area, Criterion, SlumLocation, Stakeholder

FLAGS = Prefetch("flags", queryset=DataQualityFlag.objects.order_by("code"))
LINES = Prefetch("funding_lines", queryset=FundingLine.objects.select_related("source").order_by("fiscal_year", "id"))


def intervention_queryset():
    """Interventions with everything a row shows joined in, and ``budget`` summed in the database."""
    return (
        Intervention.objects.select_related(
            "location__area", "area__parent", "kind__aspect", "unit", "implementer", "coordinator"
        )
        .with_budget()
        .prefetch_related(FLAGS, LINES)
    )


def intervention_list(*, user):
    """Every intervention a signed-in user may read (all of them), shaped for lists."""
    return intervention_queryset()


def intervention_detail(*, user):
    """Like the list, plus progress updates and who reported them."""
    updates = ProgressUpdate.objects.select_related("created_by").order_by("-date", "-id")
    return intervention_queryset().prefetch_related(Prefetch("progress_updates", queryset=updates))


def intervention_editable(*, user):
    """Interventions ``user`` may change; anything else is answered as missing (404)."""
    return scoping.restrict_to_editable(intervention_queryset(), user, "area__path")


def intervention_get_editable(user, pk) -> Intervention:
    """An intervention ``user`` may change, else 404."""
    return scoping.get_editable(intervention_queryset(), user, "area__path", pk)


def progress_update_list(*, user):
    return ProgressUpdate.objects.select_related("intervention", "created_by").order_by("-date", "-id")


def funding_source_list(*, user):
    return FundingSource.objects.all()


def intervention_kind_list(*, user):
    """Kinds with their units and criteria; ``default_criteria`` holds those of the default rule set."""
    criteria = Criterion.objects.select_related("rule_set").order_by("rule_set__code", "order", "code")
    return InterventionKind.objects.select_related("aspect", "default_unit").prefetch_related(
        Prefetch("units", queryset=Unit.objects.order_by("order", "code")),
        Prefetch("criteria", queryset=criteria),
        Prefetch("criteria", queryset=criteria.filter(rule_set__is_default=True), to_attr="default_criteria"),
    )


def unit_list():
    return Unit.objects.all()


def rt_rw_areas():
    return Area.objects.filter(level__in=[Area.Level.RT, Area.Level.RW]).select_related("parent__parent")


def writable_rt_rw(*, user):
    """RT/RW areas ``user`` may record interventions in."""
    return scoping.restrict_to_editable(rt_rw_areas(), user, "path")


def rt_rw_choices(*, user, location: SlumLocation | None):
    """The RT/RWs a form or filter lists: those inside ``location`` (and, for writes, ``user``'s
    scope). Without a location, a coordinator's own RT/RWs and nothing for anyone else, so a
    national-scale page never lists every RT in the country."""
    areas = writable_rt_rw(user=user) if user is not None else rt_rw_areas()
    if location is not None:
        return areas.filter(path__startswith=location.area.path)
    if user is not None and scoping.editable_paths(user) is not scoping.EVERYWHERE:
        return areas
    return areas.none()


def _ancestor_paths(path: str) -> list[str]:
    parts = [part for part in path.split("/") if part]
    return ["".join(f"{part}/" for part in parts[: index + 1]) for index in range(len(parts))]


def writable_locations(*, user):
    """Slum locations that overlap ``user``'s write scope (theirs lies inside it, or it inside theirs)."""
    locations = SlumLocation.objects.select_related("area")
    paths = scoping.editable_paths(user)
    if paths is scoping.EVERYWHERE:
        return locations
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(area__path__startswith=path) | Q(area__path__in=_ancestor_paths(path))
    return locations.filter(condition)


def stakeholder_choices():
    return Stakeholder.objects.filter(is_active=True)


def intervention_totals(queryset) -> dict:
    """Totals of the filtered rows, aggregated in the database in three queries whatever their number.

    ``budget``: all funding lines of the rows; ``by_source``: the same split by funding source;
    ``by_unit``: count, volume and budget per unit of measure, with the cost per unit (volumes in
    different units are never added together).
    """
    rows = queryset.order_by().values("pk")
    lines = FundingLine.objects.filter(intervention__in=rows).order_by()
    by_source = list(
        lines.values("source__code", "source__name")
        .annotate(amount=Sum("amount"))
        .order_by("source__order", "source__name")
    )
    volumes = (
        Intervention.objects.filter(pk__in=rows)
        .order_by()
        .values("unit", "unit__symbol", "unit__order")
        .annotate(count=Count("pk"), volume=Sum("volume"))
        .order_by("unit__order", "unit")
    )
    budgets = dict(
        lines.values_list("intervention__unit")
        .annotate(amount=Sum("amount"))
        .values_list("intervention__unit", "amount")
    )
    by_unit = []
    for row in volumes:
        budget = budgets.get(row["unit"]) or Decimal(0)
        by_unit.append(
            {
                "unit": row["unit"],
                "symbol": row["unit__symbol"],
                "count": row["count"],
                "volume": row["volume"],
                "budget": budget,
                "cost_per_unit": unit_cost(budget, row["volume"]),
            }
        )
    return {
        "budget": sum((row["amount"] for row in by_source), Decimal(0)),
        "by_source": [
            {"code": row["source__code"], "name": row["source__name"], "amount": row["amount"]} for row in by_source
        ],
        "by_unit": by_unit,
    }


# Audit history ---------------------------------------------------------------------------------

LINE_FIELDS = FUNDING_LINE_FIELDS
UPDATE_FIELDS = ["date", "percent", "note", "photo"]
RELATED = {
    "location": SlumLocation,
    "area": Area,
    "kind": InterventionKind,
    "unit": Unit,
    "implementer": Stakeholder,
    "coordinator": Stakeholder,
    "source": FundingSource,
}
MONEY_FIELDS = {"amount"}
TYPE_LABELS = {"+": gettext_lazy("dibuat"), "~": gettext_lazy("diubah"), "-": gettext_lazy("dihapus")}


def intervention_history(*, intervention: Intervention, include_users: bool = True) -> list[dict]:
    """Who changed what and when, newest first: the intervention, its funding lines and its progress
    updates, each entry with its field changes (old → new) as display strings.

    A fixed number of queries: one per history table, plus one per kind of related object named in
    the changes. ``include_users=False`` leaves out who made each change (personal data).
    """
    groups = [
        (Intervention, intervention.history.all(), INTERVENTION_FIELDS, lambda r: _("Intervensi")),
        (
            FundingLine,
            FundingLine.history.filter(intervention_id=intervention.pk),
            LINE_FIELDS,
            lambda r: _("Baris pendanaan #%(id)s") % {"id": r.id},
        ),
        (
            ProgressUpdate,
            ProgressUpdate.history.filter(intervention_id=intervention.pk),
            UPDATE_FIELDS,
            lambda r: _("Laporan kemajuan #%(id)s") % {"id": r.id},
        ),
    ]
    raw_entries = []
    for model, records, fields, label in groups:
        previous_by_id = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            previous = previous_by_id.get(record.id)
            changes = _changes(model, record, previous, fields)
            previous_by_id[record.id] = record
            if record.history_type == "~" and not changes:
                continue
            raw_entries.append(
                {
                    "date": record.history_date,
                    "user": record.history_user.get_username() if include_users and record.history_user else "",
                    "type": record.history_type,
                    "type_label": str(TYPE_LABELS.get(record.history_type, record.history_type)),
                    "object": label(record),
                    "changes": changes,
                }
            )
    labels = _related_labels(raw_entries)
    for entry in raw_entries:
        entry["changes"] = [
            {
                "field": change["label"],
                "old": _display(change["name"], change["old"], change["model"], labels),
                "new": _display(change["name"], change["new"], change["model"], labels),
            }
            for change in entry["changes"]
        ]
    raw_entries.sort(key=lambda entry: entry["date"], reverse=True)
    return raw_entries


def _changes(model, record, previous, fields) -> list[dict]:
    if record.history_type == "-":
        return []
    changes = []
    for name in fields:
        field = model._meta.get_field(name)
        new = getattr(record, field.attname)
        old = getattr(previous, field.attname) if previous is not None else None
        if previous is None and new in (None, ""):
            continue
        if previous is not None and old == new:
            continue
        changes.append({"name": name, "label": str(field.verbose_name), "old": old, "new": new, "model": model})
    return changes


def _related_labels(entries) -> dict:
    wanted = defaultdict(set)
    for entry in entries:
        for change in entry["changes"]:
            related = RELATED.get(change["name"])
            if related is not None:
                wanted[related].update(v for v in (change["old"], change["new"]) if v is not None)
    labels = {}
    for related, ids in wanted.items():
        queryset = related.objects.filter(pk__in=ids)
        if related is Area:
            queryset = queryset.select_related("parent")
        for obj in queryset:
            labels[(related, obj.pk)] = area_label(obj) if related is Area else str(obj)
    return labels


def area_label(area: Area) -> str:
    """ "RW 006 / RT 002" for an RT (its parent must be joined in), "RW 006" for an RW."""
    if area.level == Area.Level.RT and area.parent_id:
        return f"{area.parent.label} / {area.label}"
    return area.label


def _display(name, value, model, labels) -> str:
    if value is None or value == "":
        return "—"
    related = RELATED.get(name)
    if related is not None:
        return labels.get((related, value), _("(terhapus) #%(id)s") % {"id": value})
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name in MONEY_FIELDS:
        return formatting.rupiah(value)
    if isinstance(value, Decimal):
        return formatting.number_id(value, 2, trim=True)
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return formatting.date_id(value, (get_language() or "id")[:2])
    return str(value)
