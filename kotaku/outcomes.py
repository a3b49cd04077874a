"""Did it work? Indicator change between two assessments, and progress towards zero slum hectares.

One module for the reads that the location dashboard, the API and the city report share, so the
three always show the same figures.

**Indicator change** (``indicator_change``) compares two assessments of a location, or of one RT of
it, under the *same* rule set (two rule sets are never compared: their criteria, bands and
thresholds differ). For each criterion it gives the percent and score before and after and the
change (``to - from``: a score measures how slum-like a criterion is, so a negative change is an
improvement), and the completed or ongoing interventions whose kind targets the criterion, done
between a year before the first assessment and the second. A criterion or total that cannot be
computed stays ``None`` with a note, never a zero. Five queries whatever the amount of data.

**Progress to zero** (``slum_reduction``) takes each location's decreed area (the baseline, in the
decree's year) and its latest later area record: hectares reduced, the money spent on it from the
decree's year to that record's year (interventions not cancelled), the cost per hectare reduced
and per score point gained, broken down by funding source and aspect. Three queries for any number
of locations.

Both show association, not proof that the spending caused the change.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from interventions.models import FundingLine, Intervention, InterventionKind
from kotaku.dashboards.common import rt_rw_label
from sites.models import Area, AreaRecord, Assessment, Criterion, Measurement, SlumLevel, SlumLocation

ZERO = Decimal(0)
CENTS = Decimal("0.01")

STATUS_OK = "ok"
STATUS_INCOMPLETE = "incomplete"
STATUS_SINGLE = "single"
STATUS_MISSING = "missing"
STATUSES = (STATUS_OK, STATUS_INCOMPLETE, STATUS_SINGLE, STATUS_MISSING)

# Work that can have changed a criterion: planned and cancelled work did not happen (yet).
DONE_STATUSES = (Intervention.Status.COMPLETED, Intervention.Status.ONGOING)


class ComparisonRefused(Exception):
    """The asked-for comparison cannot be made; ``errors`` maps a query parameter to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def ratio(amount: Decimal | None, divisor: Decimal | int | None) -> Decimal | None:
    """``amount / divisor`` in whole rupiah (half up), ``None`` unless the divisor is positive."""
    if amount is None or divisor is None or divisor <= 0:
        return None
    return (Decimal(amount) / Decimal(divisor)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def level_label(level: str | None) -> str:
    return str(dict(SlumLevel.choices).get(level, "")) if level else ""


# --- which assessments ---------------------------------------------------------------------------


def _when(row: dict) -> date | None:
    if row["assessed_on"]:
        return row["assessed_on"]
    return date(row["year"], 1, 1) if row["year"] else None


def _chronological(row: dict):
    """Undated assessments count as the oldest (as ``AssessmentQuerySet.latest_first`` puts them last)."""
    when = _when(row)
    return (when is not None, when or date.min, row["pk"])


ASSESSMENT_FIELDS = (
    "pk",
    "assessed_on",
    "year",
    "source",
    "rule_set_id",
    "rule_set__code",
    "rule_set__name",
    "total_score",
    "max_score",
    "level",
    "stated_level",
    "is_complete",
)


def assessment_choices(*, location: SlumLocation, area: Area | None = None) -> list[dict]:
    """The assessments of the location as a whole (or of the RT ``area``), oldest first (one query)."""
    queryset = Assessment.objects.filter(location=location)
    queryset = queryset.filter(area=area) if area is not None else queryset.filter(area__isnull=True)
    rows = sorted(queryset.order_by().values(*ASSESSMENT_FIELDS), key=_chronological)
    for row in rows:
        row["when"] = _when(row)
    return rows


def _parse_id(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        number = -1
    if number < 1:
        raise ComparisonRefused({field: _("Harus berupa id penilaian (bilangan bulat positif).")})
    return number


def _pick(rows: list[dict], from_id, to_id) -> tuple[dict | None, dict | None]:
    """The pair to compare: the ones asked for, else the latest and the first under its rule set."""
    by_id = {row["pk"]: row for row in rows}
    wanted_from, wanted_to = _parse_id(from_id, "from"), _parse_id(to_id, "to")
    errors = {}
    for field, wanted in (("from", wanted_from), ("to", wanted_to)):
        if wanted is not None and wanted not in by_id:
            errors[field] = _("Penilaian ini tidak ada untuk lokasi (atau RT) yang dipilih.")
    if errors:
        raise ComparisonRefused(errors)
    if not rows:
        return None, None
    last = by_id[wanted_to] if wanted_to is not None else None
    first = by_id[wanted_from] if wanted_from is not None else None
    if last is None:
        later = [row for row in rows if first is None or _chronological(row) > _chronological(first)]
        if first is not None:
            later = [row for row in later if row["rule_set_id"] == first["rule_set_id"]]
        last = later[-1] if later else (None if first is not None else rows[-1])
    if first is None and last is not None:
        earlier = [
            row
            for row in rows
            if row["rule_set_id"] == last["rule_set_id"] and _chronological(row) < _chronological(last)
        ]
        first = earlier[0] if earlier else None
    if first is not None and last is not None:
        if first["pk"] == last["pk"]:
            raise ComparisonRefused({"to": _("Pilih dua penilaian yang berbeda.")})
        if first["rule_set_id"] != last["rule_set_id"]:
            raise ComparisonRefused(
                {
                    "to": _(
                        "Kedua penilaian memakai aturan yang berbeda (%(first)s dan %(last)s): kriteria, pita "
                        "skor dan ambang kelasnya tidak sama, jadi tidak dapat dibandingkan."
                    )
                    % {"first": first["rule_set__name"], "last": last["rule_set__name"]}
                }
            )
        if _chronological(first) > _chronological(last):
            raise ComparisonRefused({"from": _("Penilaian awal harus lebih dulu daripada penilaian akhir.")})
    return first, last


# --- indicator change ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Work counted: finished (its end date's year, else its fiscal year) in these years; ``None`` is open.

    The span starts a year before the first assessment (work finished shortly before a survey
    shows in it only partly) and ends with the second assessment's year.
    """

    from_year: int | None
    to_year: int | None

    def condition(self, prefix: str = "") -> Q:
        dated, undated = Q(**{f"{prefix}end_date__isnull": False}), Q(**{f"{prefix}end_date__isnull": True})
        if self.from_year is not None:
            dated &= Q(**{f"{prefix}end_date__year__gte": self.from_year})
            undated &= Q(**{f"{prefix}fiscal_year__gte": self.from_year})
        if self.to_year is not None:
            dated &= Q(**{f"{prefix}end_date__year__lte": self.to_year})
            undated &= Q(**{f"{prefix}fiscal_year__lte": self.to_year})
        return dated | undated

    def contains(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (self.to_year is None or year <= self.to_year)


def _window(first: dict | None, last: dict | None) -> Window:
    start = first["when"].year - 1 if first is not None and first["when"] is not None else None
    end = last["when"].year if last is not None and last["when"] is not None else None
    return Window(from_year=start, to_year=end)


def _place_filter(location: SlumLocation, area: Area | None) -> Q:
    condition = Q(location=location)
    if area is not None:
        # Work in the RT itself, or in its whole RW (which the RT shares).
        condition &= Q(area__path__startswith=area.path) | Q(area_id=area.parent_id)
    return condition


def _interventions(location, area, rule_set_id, window: Window) -> tuple[dict[int, list[dict]], list[dict]]:
    """Targeted work per criterion id, and every targeted intervention (two queries)."""
    targets: dict[int, list[int]] = {}
    for kind_id, criterion_id in InterventionKind.criteria.through.objects.filter(
        criterion__rule_set_id=rule_set_id
    ).values_list("interventionkind_id", "criterion_id"):
        targets.setdefault(kind_id, []).append(criterion_id)
    if not targets:
        return {}, []
    rows = list(
        Intervention.objects.filter(_place_filter(location, area), window.condition())
        .filter(kind_id__in=list(targets), status__in=DONE_STATUSES)
        .with_budget()
        .order_by("fiscal_year", "area__path", "pk")
        .values(
            "pk",
            "title",
            "kind_id",
            "kind__name",
            "fiscal_year",
            "end_date",
            "volume",
            "unit__symbol",
            "status",
            "budget",
            "area__level",
            "area__name",
            "area__parent__name",
        )
    )
    by_criterion: dict[int, list[dict]] = {}
    for row in rows:
        row["place"] = rt_rw_label(row["area__level"], row["area__name"], row["area__parent__name"])
        row["budget"] = Decimal(row["budget"]).quantize(CENTS)
        for criterion_id in targets[row["kind_id"]]:
            by_criterion.setdefault(criterion_id, []).append(row)
    return by_criterion, rows


def _difference(before, after):
    return None if before is None or after is None else after - before


def indicator_change(
    *, location: SlumLocation, area: Area | None = None, from_id=None, to_id=None, assessments: list | None = None
) -> dict:
    """Per criterion and aspect, the change between two assessments and the work that targeted it.

    Raises ``ComparisonRefused`` for an RT outside the location, an assessment that is not the
    location's (or the RT's), two rule sets, or the same assessment twice.
    """
    if area is not None and (area.level != Area.Level.RT or not area.path.startswith(location.area.path)):
        raise ComparisonRefused({"area": _("Pilih RT yang berada di wilayah lokasi ini.")})
    rows = assessment_choices(location=location, area=area) if assessments is None else assessments
    first, last = _pick(rows, from_id, to_id)
    notes: list[str] = []
    result = {
        "location": location,
        "area": area,
        "assessments": rows,
        "from_assessment": first,
        "to_assessment": last,
        "rule_set": None,
        "criteria": [],
        "aspects": [],
        "interventions": [],
        "window": Window(None, None),
        "notes": notes,
    }
    anchor = last or first
    if anchor is None:
        result["status"] = STATUS_MISSING
        notes.append(
            _("Belum ada penilaian untuk RT ini.") if area is not None else _("Belum ada penilaian untuk lokasi ini.")
        )
        return result | _summary(None, None)
    if first is None or last is None:
        result["status"] = STATUS_SINGLE
        notes.append(
            _(
                "Hanya ada satu penilaian dengan aturan %(rule_set)s: perubahan baru dapat dihitung sesudah "
                "penilaian berikutnya."
            )
            % {"rule_set": anchor["rule_set__name"]}
        )
    window = _window(first, last)
    result["window"] = window
    result["rule_set"] = {
        "pk": anchor["rule_set_id"],
        "code": anchor["rule_set__code"],
        "name": anchor["rule_set__name"],
    }
    criteria = list(
        Criterion.objects.filter(rule_set_id=anchor["rule_set_id"]).select_related("aspect").order_by("order", "code")
    )
    wanted = [row["pk"] for row in (first, last) if row is not None]
    values = {
        (row["assessment_id"], row["criterion_id"]): row
        for row in Measurement.objects.filter(assessment_id__in=wanted).values(
            "assessment_id", "criterion_id", "percent", "score"
        )
    }
    work, interventions = _interventions(location, area, anchor["rule_set_id"], window)
    result["interventions"] = interventions

    def measured(assessment, criterion, key):
        if assessment is None:
            return None
        value = values.get((assessment["pk"], criterion.pk), {}).get(key)
        return value.quantize(CENTS) if isinstance(value, Decimal) else value

    missing = {"from": [], "to": []}
    for criterion in criteria:
        from_score, to_score = measured(first, criterion, "score"), measured(last, criterion, "score")
        for side, assessment, score in (("from", first, from_score), ("to", last, to_score)):
            if assessment is not None and score is None:
                missing[side].append(criterion.code)
        targeted = work.get(criterion.pk, [])
        change = _difference(from_score, to_score)
        result["criteria"].append(
            {
                "criterion": criterion.code,
                "criterion_name": criterion.name,
                "aspect": criterion.aspect.number,
                "aspect_name": criterion.aspect.name,
                "from_percent": measured(first, criterion, "percent"),
                "to_percent": measured(last, criterion, "percent"),
                "from_score": from_score,
                "to_score": to_score,
                "score_change": change,
                "improved": None if change is None else change < 0,
                "interventions": [row["pk"] for row in targeted],
                "intervention_rows": targeted,
                "intervention_budget": sum((row["budget"] for row in targeted), ZERO).quantize(CENTS),
            }
        )
    result["aspects"] = _aspect_rows(result["criteria"], first, last)
    for side, label in (("from", _("awal")), ("to", _("akhir"))):
        if missing[side]:
            notes.append(
                _(
                    "Penilaian %(side)s belum lengkap: kriteria %(codes)s belum terukur, jadi skor totalnya tidak dihitung."
                )
                % {"side": label, "codes": ", ".join(missing[side])}
            )
    if window.from_year is None or window.to_year is None:
        notes.append(_("Tanggal penilaian tidak diketahui: intervensi dihitung tanpa batas waktu pada sisi itu."))
    if result.get("status") is None:
        complete = all(row is not None and row["is_complete"] for row in (first, last))
        result["status"] = STATUS_OK if complete else STATUS_INCOMPLETE
    return result | _summary(first, last)


def _aspect_rows(criteria: list[dict], first, last) -> list[dict]:
    aspects: dict[int, dict] = {}
    for row in criteria:
        aspect = aspects.setdefault(
            row["aspect"], {"aspect": row["aspect"], "name": row["aspect_name"], "from": [], "to": [], "budget": ZERO}
        )
        aspect["from"].append(row["from_score"])
        aspect["to"].append(row["to_score"])
    result = []
    for number, aspect in sorted(aspects.items()):
        before = sum(aspect["from"]) if first is not None and None not in aspect["from"] else None
        after = sum(aspect["to"]) if last is not None and None not in aspect["to"] else None
        result.append(
            {
                "aspect": number,
                "name": aspect["name"],
                "from_score": before,
                "to_score": after,
                "score_change": _difference(before, after),
            }
        )
    return result


def _summary(first: dict | None, last: dict | None) -> dict:
    def side(row, key):
        return row[key] if row is not None else None

    from_total = side(first, "total_score") if first is not None and first["is_complete"] else None
    to_total = side(last, "total_score") if last is not None and last["is_complete"] else None
    from_level = (side(first, "level") or None) if from_total is not None else None
    to_level = (side(last, "level") or None) if to_total is not None else None
    return {
        "from_total": from_total,
        "to_total": to_total,
        "total_change": _difference(from_total, to_total),
        "max_total": side(last or first, "max_score"),
        "from_level": from_level,
        "to_level": to_level,
        "from_level_label": level_label(from_level),
        "to_level_label": level_label(to_level),
        "from_stated_level": side(first, "stated_level") or None,
        "to_stated_level": side(last, "stated_level") or None,
    }


# --- progress to zero ----------------------------------------------------------------------------


def _latest_scores(locations: list[SlumLocation]) -> dict[int, tuple[dict, dict]]:
    """Per location, the first and latest complete whole-location assessments under the latest's rule set."""
    rows = (
        Assessment.objects.filter(location__in=[location.pk for location in locations], area__isnull=True)
        .filter(is_complete=True)
        .order_by()
        .values("location_id", *ASSESSMENT_FIELDS)
    )
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        row["when"] = _when(row)
        grouped.setdefault(row["location_id"], []).append(row)
    pairs = {}
    for location_id, items in grouped.items():
        items.sort(key=_chronological)
        last = items[-1]
        first = next(row for row in items if row["rule_set_id"] == last["rule_set_id"])
        if first["pk"] != last["pk"]:
            pairs[location_id] = (first, last)
    return pairs


def slum_reduction(locations: list[SlumLocation]) -> list[dict]:
    """Hectares reduced, spending, cost per hectare and per score point, per location (three queries).

    ``locations`` must carry their decree (``select_related("decree", "area")``).
    """
    ids = [location.pk for location in locations]
    records: dict[int, list[dict]] = {}
    for row in (
        AreaRecord.objects.filter(location_id__in=ids)
        .order_by("location_id", "year", "recorded_on", "pk")
        .values("pk", "location_id", "year", "recorded_on", "area_ha", "source")
    ):
        records.setdefault(row["location_id"], []).append(row)
    money: dict[int, list[dict]] = {}
    for row in (
        FundingLine.objects.filter(intervention__location_id__in=ids)
        .exclude(intervention__status=Intervention.Status.CANCELLED)
        .order_by()
        .values(
            "intervention__location_id",
            "intervention__fiscal_year",
            "source__code",
            "source__name",
            "source__order",
            "intervention__kind__aspect__number",
            "intervention__kind__aspect__name",
        )
        .annotate(amount=Sum("amount"))
    ):
        money.setdefault(row["intervention__location_id"], []).append(row)
    scores = _latest_scores(locations)
    return [
        _reduction_row(location, records.get(location.pk, []), money.get(location.pk, []), scores)
        for location in locations
    ]


def _reduction_row(location: SlumLocation, records: list[dict], lines: list[dict], scores: dict) -> dict:
    baseline_year = location.decree.year
    later = [row for row in records if row["year"] > baseline_year]
    latest = later[-1] if later else None
    notes = []
    reduced = None
    if latest is None:
        notes.append(_("Belum ada catatan luas kumuh sesudah SK: pengurangan belum dapat dihitung."))
    else:
        reduced = (location.decreed_area_ha - latest["area_ha"]).quantize(CENTS)
        if reduced <= 0:
            notes.append(_("Luas kumuh tidak berkurang dibanding luas menurut SK."))
    end_year = latest["year"] if latest else None
    counted = [
        row
        for row in lines
        if row["intervention__fiscal_year"] >= baseline_year
        and (end_year is None or row["intervention__fiscal_year"] <= end_year)
    ]
    spending = sum((row["amount"] for row in counted), ZERO).quantize(CENTS)
    gain_per_ha = reduced if reduced is not None and reduced > 0 else None
    by_source: dict[str, dict] = {}
    by_aspect: dict[int, dict] = {}
    for row in counted:
        source = by_source.setdefault(
            row["source__code"],
            {"source": row["source__code"], "name": row["source__name"], "order": row["source__order"], "amount": ZERO},
        )
        source["amount"] += row["amount"]
        aspect = by_aspect.setdefault(
            row["intervention__kind__aspect__number"],
            {
                "aspect": row["intervention__kind__aspect__number"],
                "name": row["intervention__kind__aspect__name"],
                "amount": ZERO,
            },
        )
        aspect["amount"] += row["amount"]
    for item in [*by_source.values(), *by_aspect.values()]:
        item["amount"] = item["amount"].quantize(CENTS)
        item["cost_per_ha_reduced"] = ratio(item["amount"], gain_per_ha)
    pair = scores.get(location.pk)
    from_total = to_total = from_level = to_level = None
    if pair:
        from_total, to_total = pair[0]["total_score"], pair[1]["total_score"]
        from_level, to_level = pair[0]["level"] or None, pair[1]["level"] or None
    score_gain = _difference(to_total, from_total)
    if pair is None:
        notes.append(_("Belum ada dua penilaian lengkap dengan aturan yang sama: perubahan skor belum dapat dihitung."))
    return {
        "location": location,
        "pk": location.pk,
        "number": location.number,
        "name": location.display_name,
        "decreed_ha": location.decreed_area_ha,
        "baseline_year": baseline_year,
        "latest_ha": latest["area_ha"] if latest else None,
        "latest_year": end_year,
        "latest_source": latest["source"] if latest else "",
        "reduced_ha": reduced,
        "target_ha": ZERO.quantize(CENTS),
        "spending": spending,
        "spending_from_year": baseline_year,
        "spending_to_year": end_year,
        "cost_per_ha_reduced": ratio(spending, gain_per_ha),
        "from_total": from_total,
        "to_total": to_total,
        "score_gain": score_gain,
        "cost_per_score_point": ratio(spending, score_gain) if spending else None,
        "from_level": from_level,
        "to_level": to_level,
        "from_level_label": level_label(from_level),
        "to_level_label": level_label(to_level),
        "spending_by_source": sorted(by_source.values(), key=lambda item: (item["order"], item["name"])),
        "spending_by_aspect": [by_aspect[number] for number in sorted(by_aspect)],
        "area_records": records,
        "notes": notes,
    }


def reduction_totals(rows: list[dict]) -> dict:
    """The city's figures: hectares summed over locations, cost per hectare over the locations that
    have a measured reduction only (spending elsewhere bought no measured hectare)."""
    decreed = sum((row["decreed_ha"] for row in rows), ZERO)
    current = sum((row["latest_ha"] if row["latest_ha"] is not None else row["decreed_ha"] for row in rows), ZERO)
    reducing = [row for row in rows if row["reduced_ha"] is not None and row["reduced_ha"] > 0]
    reduced = sum((row["reduced_ha"] for row in reducing), ZERO)
    spending_reducing = sum((row["spending"] for row in reducing), ZERO)
    return {
        "locations": len(rows),
        "decreed_ha": decreed.quantize(CENTS),
        "current_ha": current.quantize(CENTS),
        "reduced_ha": reduced.quantize(CENTS),
        "target_ha": ZERO.quantize(CENTS),
        "spending": sum((row["spending"] for row in rows), ZERO).quantize(CENTS),
        "spending_in_reducing_locations": spending_reducing.quantize(CENTS),
        "cost_per_ha_reduced": ratio(spending_reducing, reduced),
    }


def city_locations(city: Area) -> list[SlumLocation]:
    """The slum locations inside a city's tree, with their decree and area (one query)."""
    return list(
        SlumLocation.objects.in_area(city)
        .select_related("decree", "area")
        .order_by("decree__year", "decree_id", "number")
    )


# --- criteria that moved, and money that targeted them, for many locations ----------------------


def criteria_outcomes(locations: list[SlumLocation]) -> dict[int, dict]:
    """Per location, its default whole-location comparison reduced to the criteria that did not
    improve although work targeted them, and those that improved without targeted work (five
    queries for any number of locations).

    Returns ``{location id: {"from": row, "to": row, "spent_not_improved": [...],
    "improved_unfunded": [...], "targeted": {code: amount}}}``; a location without two comparable
    assessments is absent.
    """
    ids = [location.pk for location in locations]
    grouped: dict[int, list[dict]] = {}
    for row in (
        Assessment.objects.filter(location_id__in=ids, area__isnull=True)
        .order_by()
        .values("location_id", *ASSESSMENT_FIELDS)
    ):
        row["when"] = _when(row)
        grouped.setdefault(row["location_id"], []).append(row)
    pairs = {}
    for location_id, rows in grouped.items():
        rows.sort(key=_chronological)
        first, last = _pick(rows, None, None)
        if first is not None and last is not None:
            pairs[location_id] = (first, last)
    # Filtered by the locations, not by the pairs found, so the number of queries never depends on the data.
    scores = {
        (row["assessment_id"], row["criterion__code"]): row["score"]
        for row in Measurement.objects.filter(assessment__location_id__in=ids, assessment__area__isnull=True).values(
            "assessment_id", "criterion__code", "score"
        )
    }
    targets: dict[tuple[int, int], list[str]] = {}
    for kind_id, rule_set_id, code in InterventionKind.criteria.through.objects.values_list(
        "interventionkind_id", "criterion__rule_set_id", "criterion__code"
    ):
        targets.setdefault((kind_id, rule_set_id), []).append(code)
    spending: dict[int, list[tuple[int, int, Decimal]]] = {}
    for row in (
        FundingLine.objects.filter(intervention__location_id__in=ids)
        .filter(intervention__status__in=DONE_STATUSES)
        .order_by()
        .values(
            "intervention__location_id",
            "intervention__kind_id",
            "intervention__fiscal_year",
            "intervention__end_date__year",
        )
        .annotate(amount=Sum("amount"))
    ):
        year = row["intervention__end_date__year"] or row["intervention__fiscal_year"]
        spending.setdefault(row["intervention__location_id"], []).append(
            (row["intervention__kind_id"], year, row["amount"])
        )
    codes_by_rule_set: dict[int, list[str]] = {}
    for rule_set_id, code in Criterion.objects.order_by("rule_set_id", "order", "code").values_list(
        "rule_set_id", "code"
    ):
        codes_by_rule_set.setdefault(rule_set_id, []).append(code)

    result = {}
    for location_id, (first, last) in pairs.items():
        window = _window(first, last)
        targeted: dict[str, Decimal] = {}
        for kind_id, year, amount in spending.get(location_id, []):
            if window.contains(year):
                for code in targets.get((kind_id, last["rule_set_id"]), []):
                    targeted[code] = targeted.get(code, ZERO) + amount
        not_improved, unfunded = [], []
        for code in codes_by_rule_set.get(last["rule_set_id"], []):
            change = _difference(scores.get((first["pk"], code)), scores.get((last["pk"], code)))
            if change is None:
                continue
            if code in targeted and change >= 0:
                not_improved.append(code)
            elif code not in targeted and change < 0:
                unfunded.append(code)
        result[location_id] = {
            "from": first,
            "to": last,
            "window": window,
            "targeted": targeted,
            "spent_not_improved": not_improved,
            "improved_unfunded": unfunded,
        }
    return result
