"""Reads and writes across apps for verification (``core.verification``): how many records wait
behind a figure, the officials' review queue with each item's changes since its last verified
state, a coordinator's own returned and submitted items, and applying an action to a selection.

Every read here runs a number of queries fixed by the kinds of record (two per kind for the
queue: the pending rows, and their last verified historical rows), never by the number of rows.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collaboration.models import Agreement, DataSharing, Meeting, Outcome, SharedGoal
from core import roles, verification
from core.verification import State
from interventions.models import Intervention, ProgressUpdate
from sites import scoping
from sites.models import AreaRecord, Assessment, SlumLocation


@dataclass(frozen=True)
class Kind:
    key: str
    model: type
    label: str
    location: str  # path from the record to its SlumLocation
    scope: str  # path from the record to the materialized area path of the write scope
    related: tuple = ()

    @property
    def location_area(self) -> str:
        return f"{self.location}__area"


KINDS = (
    Kind("area-records", AreaRecord, gettext_lazy("Catatan luas kumuh"), "location", "location__area__path"),
    Kind(
        "interventions",
        Intervention,
        gettext_lazy("Intervensi"),
        "location",
        "area__path",
        ("kind", "unit", "area"),
    ),
    Kind(
        "progress-updates",
        ProgressUpdate,
        gettext_lazy("Laporan kemajuan"),
        "intervention__location",
        "intervention__area__path",
        ("intervention",),
    ),
    Kind("assessments", Assessment, gettext_lazy("Penilaian kekumuhan"), "location", "location__area__path"),
    Kind("meetings", Meeting, gettext_lazy("Pertemuan"), "location", "location__area__path"),
    Kind("data-sharing", DataSharing, gettext_lazy("Berbagi data"), "location", "location__area__path"),
    Kind("agreements", Agreement, gettext_lazy("Kesepakatan"), "location", "location__area__path"),
    Kind("shared-goals", SharedGoal, gettext_lazy("Tujuan bersama"), "location", "location__area__path"),
    Kind("outcomes", Outcome, gettext_lazy("Hasil antara"), "location", "location__area__path"),
)
BY_KEY = {kind.key: kind for kind in KINDS}
EVIDENCE = ("meetings", "data-sharing", "agreements", "shared-goals", "outcomes")
# fields that change on every transition or edit and say nothing about the content
COORDINATOR_STATES = (State.RETURNED, State.DRAFT, State.SUBMITTED)
NOT_DIFFED = {"id", "version", "verification", "verification_note", "verification_at", "updated_at", "created_at"}


def _pending_of(kind: Kind):
    rows = (
        kind.model.objects.filter(**{kind.location: OuterRef("pk")}, verification__in=verification.PENDING)
        .order_by()
        .values(kind.location)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def pending_counts(locations: QuerySet[SlumLocation]) -> dict:
    """How many records of each kind about ``locations`` wait for verification (one query).

    Keys are the kinds' keys with dashes as underscores (``area_records``), plus ``evidence``
    (the five kinds of collaboration evidence) and ``total``.
    """
    names = {kind.key: kind.key.replace("-", "_") for kind in KINDS}
    annotated = SlumLocation.objects.filter(pk__in=locations.values("pk")).annotate(
        **{f"pending_{names[kind.key]}": _pending_of(kind) for kind in KINDS}
    )
    counts = annotated.aggregate(**{name: Coalesce(Sum(f"pending_{name}"), 0) for name in names.values()})
    counts["evidence"] = sum(counts[names[key]] for key in EVIDENCE)
    counts["total"] = sum(counts[name] for name in names.values())
    return counts


def pending_total() -> int:
    """Every record waiting for verification, for the officials' navbar (one query per kind)."""
    return sum(kind.model.objects.pending().count() for kind in KINDS)


# --- the review queue -----------------------------------------------------------------------------


def _label(kind: Kind, obj) -> str:
    if kind.key == "area-records":
        return _("%(year)s: %(area)s Ha (%(source)s)") % {"year": obj.year, "area": obj.area_ha, "source": obj.source}
    if kind.key == "progress-updates":
        return _("%(intervention)s: %(percent)s%% pada %(date)s") % {
            "intervention": obj.intervention.title,
            "percent": obj.percent,
            "date": obj.date,
        }
    if kind.key == "assessments":
        return _("Penilaian %(date)s (%(source)s)") % {
            "date": obj.assessed_on or "—",
            "source": obj.get_source_display(),
        }
    return str(obj)


def _value(obj, field) -> str:
    value = getattr(obj, field.attname)
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    return "" if value is None else str(value)


def _changes(kind: Kind, obj, last_verified) -> list[dict]:
    """Field by field, what differs between the last verified historical row and the record now."""
    if last_verified is None:
        return []
    changes = []
    for field in kind.model._meta.concrete_fields:
        if field.name in NOT_DIFFED or not hasattr(last_verified, field.attname):
            continue
        old, new = _value(last_verified, field), _value(obj, field)
        if old != new:
            changes.append({"field": str(field.verbose_name), "old": old, "new": new})
    return changes


def _last_verified(kind: Kind, ids: list[int]) -> dict:
    """The newest historical row in the verified state of each record (one query)."""
    history = kind.model.history.model
    newest = (
        history.objects.filter(id=OuterRef("id"), verification=State.VERIFIED)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = history.objects.filter(id__in=ids, verification=State.VERIFIED, history_id=Subquery(newest))
    return {row.id: row for row in rows}


def review_queue(*, user, states=verification.PENDING, scope_user=None) -> list[dict]:
    """Pending items grouped by kelurahan and kind, oldest first.

    Returns ``[{"area": Area, "kinds": [{"kind": Kind, "items": [...]}]}]``; each item carries the
    record, its label, its changes since its last verified state (empty when it never was) and
    whether it was verified before. ``scope_user`` keeps the records inside that user's write scope.
    """
    groups: dict = {}
    for kind in KINDS:
        queryset = kind.model.objects.filter(verification__in=states).select_related(
            f"{kind.location}__area", *kind.related
        )
        if scope_user is not None:
            queryset = scoping.restrict_to_editable(queryset, scope_user, kind.scope)
        rows = list(queryset.order_by("verification_at", "pk"))
        if not rows:
            continue
        verified_before = _last_verified(kind, [row.pk for row in rows])
        for row in rows:
            location = _location_of(kind, row)
            area = location.area
            group = groups.setdefault(area.pk, {"area": area, "kinds": {}, "oldest": row.verification_at})
            items = group["kinds"].setdefault(kind.key, {"kind": kind, "items": []})["items"]
            before = verified_before.get(row.pk)
            items.append(
                {
                    "kind": kind,
                    "token": f"{kind.key}:{row.pk}:{row.version}",
                    "obj": row,
                    "label": _label(kind, row),
                    "location": location,
                    "changes": _changes(kind, row, before),
                    "was_verified": before is not None,
                }
            )
    ordered = sorted(groups.values(), key=lambda group: (group["area"].name, group["area"].pk))
    for group in ordered:
        group["kinds"] = list(group["kinds"].values())
        group["count"] = sum(len(entry["items"]) for entry in group["kinds"])
    return ordered


def _location_of(kind: Kind, row):
    obj = row
    for step in kind.location.split("__"):
        obj = getattr(obj, step)
    return obj


# --- applying an action to a selection -----------------------------------------------------------


def parse_tokens(tokens) -> list[tuple[Kind, int, int]]:
    """``kind:pk:version`` tokens from a form; anything malformed answers 404 like a missing row."""
    parsed = []
    for token in tokens:
        key, _sep, rest = str(token).partition(":")
        pk, _sep, version = rest.partition(":")
        if key not in BY_KEY or not pk.isdigit() or not version.isdigit():
            raise Http404
        parsed.append((BY_KEY[key], int(pk), int(version)))
    return parsed


def resolve(*, user, action: str, tokens) -> list[tuple]:
    """The records named by ``tokens`` with the version each was shown at, each found inside the
    rows ``user`` may act on (submit: their write scope; the others: officials, everything)."""
    verification.check_role(user, action)
    items = []
    for kind, pk, version in parse_tokens(tokens):
        queryset = kind.model.objects.all()
        if action == verification.SUBMIT:
            queryset = scoping.restrict_to_editable(queryset, user, kind.scope)
        obj = queryset.filter(pk=pk).first()
        if obj is None:
            raise Http404
        items.append((obj, version))
    return items


@transaction.atomic
def verification_apply(*, user, action: str, tokens, note: str = "") -> int:
    """Apply ``action`` to every record named by ``tokens``; all or nothing."""
    if not tokens:
        raise ValidationError({"items": _("Pilih setidaknya satu data.")})
    items = resolve(user=user, action=action, tokens=tokens)
    return verification.verification_bulk(items=items, actor=user, action=action, note=note)


def can_review(user) -> bool:
    return roles.is_official(user)


def require_reviewer(user) -> None:
    if not can_review(user):
        raise PermissionDenied
