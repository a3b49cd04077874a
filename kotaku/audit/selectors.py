"""Reads for the audit log: every change django-simple-history recorded, across all tracked models.

**Which models.** Every model in simple-history's registry that has a history manager (the
registry also holds the through tables of tracked many-to-many fields, which have none), so a
model that gains ``HistoricalRecords()`` appears in the log without anyone editing this module.

**How the list is read.** Each historical table answers the same columns (history id, date,
type, user, the record's primary key) plus a constant naming its model, each filtered on its own;
the database combines them with ``UNION ALL``, orders the union by date (then model, then history
id: a total order, so pages never overlap or skip a row) and returns one page with
``LIMIT``/``OFFSET``. The paginator's count is one ``COUNT(*)`` over the same union. A page is
two queries whatever the number of tables and rows. Rejected alternatives: a query per table
merged in Python reads up to ``offset + page size`` rows of *every* table for each page; a log
table or database view of our own needs a migration whenever a model becomes tracked, and the
history tables already hold everything.

**How a page's changes are computed** (``entries_for``). Per model present on the page, one
query reads the page's historical rows together with the row just before each of them (a
correlated subquery names it), with the user who made the change and whether the record still
exists (``EXISTS``). Per tracked many-to-many field of those models, one query reads the members
of all those rows. Per model named by a foreign key of those rows, one query reads the objects
whose labels are shown, joined two levels deep so that their ``__str__`` needs no further query.
So the count depends on which models appear on a page, never on how many rows it holds.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import CharField, Exists, F, ForeignKey, OuterRef, Q, Subquery, TextField, Value
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from simple_history.models import registered_models

from core import formatting
from interventions.selectors import area_label
from kotaku.codebook import unit_for_name
from sites.models import Area

PAGE_SIZE = 50
TYPE_LABELS = {"+": gettext_lazy("dibuat"), "~": gettext_lazy("diubah"), "-": gettext_lazy("dihapus")}
# The change-type filter's URL values (``+`` does not survive a hand-written query string).
CHANGE_TYPES = {"created": "+", "changed": "~", "deleted": "-"}
# Fields that name a record; the free-text search looks in these, in the record as it was then.
LABEL_FIELDS = ("reference", "title", "name", "short_name", "code", "number")
# The optimistic-lock counter moves on every edit: listing it would repeat itself on every row.
NOT_DIFFED = {"version"}
COLUMNS = ("history_id", "history_date", "history_type", "history_user_id", "audit_kind", "audit_object")
LABEL_JOIN_DEPTH = 2


@dataclass(frozen=True)
class Tracked:
    """A tracked model and its historical model, keyed by ``app_label.model_name``."""

    key: str
    model: type
    history: type

    @property
    def label(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def pk_attname(self) -> str:
        return self.model._meta.pk.attname

    @property
    def diff_fields(self) -> list:
        """The model's own tracked fields worth showing in a diff, in the model's order."""
        return [
            field
            for field in self.history.tracked_fields
            if not field.primary_key
            and field.name not in NOT_DIFFED
            and not getattr(field, "auto_now", False)
            and not getattr(field, "auto_now_add", False)
        ]

    @property
    def foreign_keys(self) -> list:
        return [field for field in self.history.tracked_fields if isinstance(field, ForeignKey)]

    @property
    def m2m_fields(self) -> list[tuple]:
        """(model field, historical member model, attname of the member's target) per tracked M2M."""
        result = []
        for field in self.history._history_m2m_fields:
            members = getattr(self.history, field.name).model
            target = members._meta.get_field(field.m2m_reverse_field_name()).attname
            result.append((field, members, target))
        return result

    @property
    def search_fields(self) -> list[str]:
        names = {field.name: field for field in self.history.tracked_fields}
        return [
            name
            for name in LABEL_FIELDS
            if name in names and isinstance(names[name], CharField | TextField) and not names[name].choices
        ]


@cache
def tracked_models() -> dict[str, Tracked]:
    """Every model simple-history tracks, from its registry (filled as the models are loaded)."""
    found = {}
    for model in registered_models.values():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:
            continue
        found[model._meta.label_lower] = Tracked(
            key=model._meta.label_lower, model=model, history=getattr(model, manager).model
        )
    return dict(sorted(found.items()))


def model_choices() -> list[tuple[str, str]]:
    """(key, label) of every tracked model, by label, for the filter form."""
    return sorted(((t.key, t.label) for t in tracked_models().values()), key=lambda choice: choice[1].lower())


@dataclass(frozen=True)
class AuditFilters:
    kind: str = ""
    user_id: int | None = None
    change_type: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    object_pk: object = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _branch(tracked: Tracked, filters: AuditFilters):
    """One historical table's rows as the union's columns, or None when the filters exclude it."""
    rows = tracked.history._default_manager.order_by()
    if filters.user_id is not None:
        rows = rows.filter(history_user_id=filters.user_id)
    if filters.change_type:
        rows = rows.filter(history_type=CHANGE_TYPES[filters.change_type])
    if filters.date_from:
        rows = rows.filter(history_date__gte=_day_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(history_date__lt=_day_start(filters.date_to + timedelta(days=1)))
    if filters.object_pk is not None:
        rows = rows.filter(**{tracked.pk_attname: filters.object_pk})
    if filters.text:
        condition = Q()
        for name in tracked.search_fields:
            condition |= Q(**{f"{name}__icontains": filters.text})
        number = filters.text.removeprefix("#")
        if number.isascii() and number.isdigit():
            condition |= Q(**{tracked.pk_attname: int(number)})
        if not condition:
            return None
        rows = rows.filter(condition)
    return rows.annotate(
        audit_kind=Value(tracked.key, output_field=CharField()), audit_object=F(tracked.pk_attname)
    ).values(*COLUMNS)


def audit_rows(*, filters: AuditFilters):
    """The matching history rows of every tracked model, newest first, as one ordered union."""
    registry = tracked_models()
    kinds = [registry[filters.kind]] if filters.kind else registry.values()
    branches = [branch for tracked in kinds if (branch := _branch(tracked, filters)) is not None]
    if not branches:
        return []
    rows = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return rows.order_by("-history_date", "-audit_kind", "-history_id")


def audit_page(*, filters: AuditFilters, page_number=None) -> tuple:
    """(page of rows, entries for display) for the audit log."""
    page = Paginator(audit_rows(filters=filters), PAGE_SIZE).get_page(page_number)
    return page, entries_for(list(page.object_list))


def object_history(*, key: str, pk: str, page_number=None) -> dict | None:
    """One record's whole history (paginated), or None for an unknown model or a record never tracked.

    The record is labelled as it was last recorded, so a deleted one keeps its name.
    """
    tracked = tracked_models().get(key)
    if tracked is None:
        return None
    try:
        object_pk = tracked.model._meta.pk.to_python(pk)
    except ValidationError:
        return None
    rows = audit_rows(filters=AuditFilters(kind=key, object_pk=object_pk))
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    if not page.object_list:
        return None
    page_rows = list(page.object_list)
    latest = page_rows[0] if page.number == 1 else rows[0]
    entries = entries_for([latest, *(row for row in page_rows if row["history_id"] != latest["history_id"])])
    newest = entries[0]
    if page.number != 1:
        entries = entries[1:]
    return {
        "tracked": tracked,
        "kind_label": tracked.label,
        "object_pk": object_pk,
        "label": newest["object_label"],
        "exists": newest["exists"],
        "url": newest["object_url"],
        "page": page,
        "entries": entries,
    }


# Building the entries of a page ------------------------------------------------------------------


def entries_for(rows) -> list[dict]:
    """Display entries for union rows (in their order): who, when, which record, what changed."""
    registry = tracked_models()
    page_ids = defaultdict(list)
    for row in rows:
        page_ids[row["audit_kind"]].append(row["history_id"])

    records, previous = {}, {}
    for kind, ids in page_ids.items():
        fetched = _records_with_previous(registry[kind], ids)
        records.update({(kind, record.history_id): record for record in fetched})
        previous.update(_previous_of(registry[kind], fetched, set(ids)))

    members = _m2m_members(registry, records)
    related = _related_objects(registry, records, members)

    entries = []
    for row in rows:
        kind = row["audit_kind"]
        tracked = registry[kind]
        record = records[(kind, row["history_id"])]
        before = previous.get((kind, record.history_id))
        instance = _instance(tracked, record, related)
        exists = bool(record.audit_exists)
        entries.append(
            {
                "history_id": record.history_id,
                "date": record.history_date,
                "type": record.history_type,
                "type_label": str(TYPE_LABELS.get(record.history_type, record.history_type)),
                "user": record.history_user.get_username() if record.history_user else "",
                "kind": kind,
                "kind_label": tracked.label,
                "object_pk": row["audit_object"],
                "object_label": _label(instance, row["audit_object"]),
                "exists": exists,
                "object_url": instance.get_absolute_url() if exists and hasattr(instance, "get_absolute_url") else "",
                "changes": _changes(tracked, record, before, members, related),
            }
        )
    return entries


def _records_with_previous(tracked: Tracked, ids: list) -> list:
    """The historical rows ``ids`` and, for each, the row of the same record just before it."""
    manager = tracked.history._default_manager
    pk = tracked.pk_attname
    earlier = (
        manager.filter(**{pk: OuterRef(pk)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    previous_ids = (
        manager.filter(history_id__in=ids).annotate(audit_previous=Subquery(earlier)).values("audit_previous")
    )
    return list(
        manager.filter(Q(history_id__in=ids) | Q(history_id__in=previous_ids))
        .select_related("history_user")
        .annotate(audit_exists=Exists(tracked.model._base_manager.filter(pk=OuterRef(pk))))
        .order_by()
    )


def _previous_of(tracked: Tracked, fetched: list, page_ids: set) -> dict:
    """For each page row, the fetched row just before it in its record's history.

    ``fetched`` holds the page rows and the immediate predecessor of each, so the row sorted just
    before a page row among the same record's fetched rows *is* its predecessor.
    """
    by_object = defaultdict(list)
    for record in fetched:
        by_object[getattr(record, tracked.pk_attname)].append(record)
    result = {}
    for versions in by_object.values():
        versions.sort(key=lambda record: (record.history_date, record.history_id))
        for index, record in enumerate(versions):
            if record.history_id in page_ids:
                result[(tracked.key, record.history_id)] = versions[index - 1] if index else None
    return result


def _m2m_members(registry, records: dict) -> dict:
    """{(kind, history id, field name): frozenset of member ids}, one query per tracked M2M field."""
    ids_by_kind = defaultdict(list)
    for kind, history_id in records:
        ids_by_kind[kind].append(history_id)
    members = defaultdict(set)
    for kind, ids in ids_by_kind.items():
        for field, member_model, target in registry[kind].m2m_fields:
            for history_id, member in member_model._default_manager.filter(history_id__in=ids).values_list(
                "history_id", target
            ):
                members[(kind, history_id, field.name)].add(member)
    return {key: frozenset(value) for key, value in members.items()}


def _label_joins(model, depth: int = LABEL_JOIN_DEPTH, prefix: str = "") -> list[str]:
    joins = []
    for field in model._meta.concrete_fields:
        if isinstance(field, ForeignKey):
            path = f"{prefix}{field.name}"
            joins.append(path)
            if depth > 1:
                joins.extend(_label_joins(field.related_model, depth - 1, f"{path}__"))
    return joins


def _related_objects(registry, records: dict, members: dict) -> dict:
    """{(model, pk): object} for every record named by a foreign key or an M2M member on the page."""
    wanted = defaultdict(set)
    for (kind, _history_id), record in records.items():
        for field in registry[kind].foreign_keys:
            value = getattr(record, field.attname)
            if value is not None:
                wanted[field.related_model].add(value)
    for (kind, _history_id, name), ids in members.items():
        wanted[registry[kind].model._meta.get_field(name).related_model].update(ids)
    related = {}
    for model, ids in wanted.items():
        for obj in model._base_manager.filter(pk__in=ids).select_related(*_label_joins(model)):
            related[(model, obj.pk)] = obj
    return related


def _instance(tracked: Tracked, record, related: dict):
    """The record as it was, with its foreign keys pointing at the objects read for the page."""
    instance = tracked.model(
        **{field.attname: getattr(record, field.attname) for field in tracked.history.tracked_fields}
    )
    for field in tracked.foreign_keys:
        value = getattr(instance, field.attname)
        if value is not None:
            field.set_cached_value(instance, related.get((field.related_model, value)))
    return instance


def _label(instance, pk) -> str:
    try:
        return str(instance)
    except ObjectDoesNotExist:  # its __str__ names a record deleted since
        return f"#{pk}"


def _changes(tracked: Tracked, record, before, members: dict, related: dict) -> list[dict]:
    """Field changes against the previous row: every filled field for the first row, none for a delete."""
    if record.history_type == "-":
        return []
    changes = []
    for field in tracked.diff_fields:
        new = getattr(record, field.attname)
        old = getattr(before, field.attname) if before is not None else None
        if (before is None and new in (None, "")) or (before is not None and old == new):
            continue
        changes.append(
            {
                "field": capfirst(field.verbose_name),
                "old": _display(field, old, related) if before is not None else "—",
                "new": _display(field, new, related),
            }
        )
    for field, _member_model, _target in tracked.m2m_fields:
        new = members.get((tracked.key, record.history_id, field.name), frozenset())
        old = members.get((tracked.key, before.history_id, field.name), frozenset()) if before is not None else None
        if (before is None and not new) or (before is not None and old == new):
            continue
        changes.append(
            {
                "field": capfirst(field.verbose_name),
                "old": _members_display(field, old, related) if before is not None else "—",
                "new": _members_display(field, new, related),
            }
        )
    return changes


def _object_display(model, pk, related: dict) -> str:
    obj = related.get((model, pk))
    if obj is None:
        return _("(terhapus) #%(id)s") % {"id": pk}
    return area_label(obj) if isinstance(obj, Area) else str(obj)


def _members_display(field, ids, related: dict) -> str:
    if not ids:
        return "—"
    return ", ".join(sorted(_object_display(field.related_model, pk, related) for pk in ids))


def _display(field, value, related: dict) -> str:
    """A stored value as the pages show it: labels for codes and records, Indonesian numbers and dates."""
    if value is None or value == "":
        return "—"
    if isinstance(field, ForeignKey):
        return _object_display(field.related_model, value, related)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    language = (get_language() or "id")[:2]
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, Decimal):
        return _number(field.name, value)
    if isinstance(value, datetime):
        return f"{formatting.date_id(value, language)} {timezone.localtime(value):%H:%M}"
    if isinstance(value, date):
        return formatting.date_id(value, language)
    return str(value)


def _number(name: str, value: Decimal) -> str:
    unit = unit_for_name(name)
    if unit == "Rp":
        return formatting.rupiah(value)
    if unit == "Ha":
        return formatting.hectares(value)
    if unit == "m":
        return formatting.metres(value)
    if unit == "%":
        return formatting.percent(value)
    return formatting.number_id(value, None, trim=True)
