"""The CSV exports of interventions and progress updates (the app's two big lists), written by
PostgreSQL (``COPY``) instead of the serializer.

``intervention_csv_copy`` returns the SELECT that gives, row for row and byte for byte, what
``InterventionSerializer`` and ``core.exports`` write for the same queryset: the same columns in
the same order (``Meta.fields``), each value formatted as ``core.exports_pg`` documents;
``progress_update_csv_copy`` does the same for ``ProgressUpdateSerializer``. This is the export
selector of both, the one place their export SQL lives.

Nothing here follows the serializers by themselves: ``tests/api/test_interventions_export_pg.py``
compares the two files on PostgreSQL (seed data plus rows with nulls, formula-like text, commas,
quotes and newlines, co-financing, flags, long decimals, filters, ordering, a coordinator; photos
and reporters for progress updates), so a change to either serializer, to ``area_label`` /
``display_name`` or to ``core.exports`` that is not made here too fails that test (or, for a
column added or renamed, the test that the export goes through COPY: ``core.viewsets`` falls back
to the serializer when the columns differ).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core import exports_pg as sql
from core import roles
from core.models import DataQualityFlag
from interventions.columns import OUTPUT_FIELDS
from interventions.models import Intervention, ProgressUpdate
from sites.models import Area


def _area_label(alias: str, *, using: str) -> str:
    """``Area.label``: "RW 006" / "RT 002" for RW and RT, the name otherwise."""
    levels = [(Area.Level.RW, Area.Level.RW.label), (Area.Level.RT, Area.Level.RT.label)]
    level = sql.choice_label(f"{alias}.level", levels, using=using)
    return f"CASE WHEN {alias}.level IN ('rw', 'rt') THEN {level} || ' ' || {alias}.name ELSE {alias}.name END"


def _funding_line(*, using: str) -> str:
    """One item of ``funding_lines`` (``FundingLineSerializer``)."""
    return sql.json_object(
        {
            "id": (sql.JSON_NUMBER, "fl.id"),
            "source": (sql.JSON_TEXT, "fs.code"),
            "source_name": (sql.JSON_TEXT, "fs.name"),
            "fiscal_year": (sql.JSON_NUMBER, "fl.fiscal_year"),
            "amount": (sql.JSON_TEXT, "fl.amount"),
            "note": (sql.JSON_TEXT, "fl.note"),
        }
    )


def _flags(*, using: str) -> str:
    """``flags`` (``DataQualityFlagSerializer``, ordered by code as the selector prefetches them)."""
    flag = sql.json_object(
        {
            "code": (sql.JSON_TEXT, "df.code"),
            "kind": (sql.JSON_TEXT, "df.kind"),
            "kind_label": (sql.JSON_TEXT, sql.choice_label("df.kind", DataQualityFlag.Kind.choices, using=using)),
            "field": (sql.JSON_TEXT, "df.field"),
            "message": (sql.JSON_TEXT, "df.message"),
            "recorded_value": (sql.JSON_TEXT, "df.recorded_value"),
            "other_value": (sql.JSON_TEXT, "df.other_value"),
            "source": (sql.JSON_TEXT, "df.source"),
            "other_source": (sql.JSON_TEXT, "df.other_source"),
            "resolved": (sql.JSON_BOOLEAN, "df.resolved"),
        }
    )
    content_type = ContentType.objects.db_manager(using).get_for_model(Intervention).pk
    return (
        f"(SELECT {sql.json_list(flag, order_by='df.code')} FROM core_dataqualityflag df"  # noqa: S608 (an int)
        f" WHERE df.content_type_id = {content_type:d} AND df.object_id = i.id)"
    )


def _columns(*, using: str) -> list[tuple[str, str]]:
    """``columns.OUTPUT_FIELDS`` (the serializer's fields), in that order: (name, SQL expression)."""
    area_label = (
        f"CASE WHEN a.level = 'rt' AND ap.id IS NOT NULL"
        f" THEN {_area_label('ap', using=using)} || ' / ' || {_area_label('a', using=using)}"
        f" ELSE {_area_label('a', using=using)} END"
    )
    expressions = {
        "id": "i.id",
        "reference": sql.text("i.reference"),
        "title": sql.text("i.title"),
        "location": "i.location_id",
        "location_name": sql.text(f"COALESCE(NULLIF(l.name, ''), {_area_label('la', using=using)})"),
        "area": "i.area_id",
        "area_label": sql.text(area_label),
        "area_path": sql.text("a.path"),
        "kind": sql.text("k.code"),
        "kind_name": sql.text("k.name"),
        "aspect_number": "asp.number",
        "fiscal_year": "i.fiscal_year",
        "volume": sql.decimal("i.volume", 2),
        "unit": sql.text("i.unit_id"),
        "unit_symbol": sql.text("u.symbol"),
        "budget": sql.decimal("b.budget", 2),
        # Intervention.cost_per_unit: budget ÷ volume rounded half away from zero, as round() does;
        # the 20 places make the quotient exact enough to round as Decimal does.
        "cost_per_unit": "CASE WHEN i.volume <> 0 THEN round(b.budget::numeric(38, 20) / i.volume) END",
        "funding_lines": "b.lines",
        "implementer": "i.implementer_id",
        "implementer_name": sql.text("im.name"),
        "coordinator": "i.coordinator_id",
        "coordinator_name": sql.text("co.name"),
        "status": sql.text("i.status"),
        "status_label": sql.text(sql.choice_label("i.status", Intervention.Status.choices, using=using)),
        "start_date": sql.date("i.start_date"),
        "end_date": sql.date("i.end_date"),
        "progress_percent": sql.decimal("i.progress_percent", 2),
        "beneficiary_households": "i.beneficiary_households",
        "source_document": sql.text("i.source_document"),
        "notes": sql.text("i.notes"),
        "version": "i.version",
        "flags": _flags(using=using),
        "created_at": sql.datetime("i.created_at"),
        "updated_at": sql.datetime("i.updated_at"),
    }
    return [(name, expressions[name]) for name in OUTPUT_FIELDS]


def intervention_csv_copy(queryset) -> sql.CopyExport | None:
    """The CSV export of ``queryset`` (filtered, scoped and ordered by the view set) as a COPY,
    or None when its ordering is not one this SELECT can repeat."""
    using = queryset.db
    order_by = sql.order_by(queryset, "i")
    if order_by is None:
        return None
    columns = _columns(using=using)
    # Values reach this SQL only as literals quoted by the driver (sql.literal, sql.rows_of).
    # The rows' condition sits in the first join, not in WHERE: past join_collapse_limit (8) the
    # planner keeps the written join order and would test a WHERE only after every join, i.e.
    # join all 500,000 national rows for a filtered export of a thousand (0.7 s instead of 30 ms).
    select = f"""
        SELECT {", ".join(expr for _name, expr in columns)}, {sql.ROW_END}
        FROM interventions_intervention i
        JOIN sites_slumlocation l ON l.id = i.location_id AND {sql.rows_of(queryset, "i.id")}
        JOIN sites_area la ON la.id = l.area_id
        JOIN sites_area a ON a.id = i.area_id
        LEFT JOIN sites_area ap ON ap.id = a.parent_id
        JOIN interventions_interventionkind k ON k.id = i.kind_id
        JOIN sites_aspect asp ON asp.id = k.aspect_id
        JOIN interventions_unit u ON u.code = i.unit_id
        LEFT JOIN sites_stakeholder im ON im.id = i.implementer_id
        LEFT JOIN sites_stakeholder co ON co.id = i.coordinator_id
        CROSS JOIN LATERAL (
            SELECT COALESCE(sum(fl.amount), 0) AS budget,
                   {sql.json_list(_funding_line(using=using), order_by="fl.fiscal_year, fl.id")} AS lines
            FROM interventions_fundingline fl
            JOIN interventions_fundingsource fs ON fs.id = fl.source_id
            WHERE fl.intervention_id = i.id
        ) b
        ORDER BY {order_by}
    """  # noqa: S608
    return sql.CopyExport(select=select, column_names=tuple(name for name, _expr in columns), using=using)


PHOTO_ID_MARK = "4815162342"


def _photo_url(*, request, using: str) -> str | None:
    """``ProgressUpdateSerializer.get_photo_url`` for a row ``pu``: the photo route's address
    around the row's id, absolute as the request builds it; None if that cannot be split."""
    path = reverse("progress-updates-photo", args=[PHOTO_ID_MARK])
    address = request.build_absolute_uri(path) if request is not None else path
    if address.count(PHOTO_ID_MARK) != 1:
        return None
    before, after = address.split(PHOTO_ID_MARK)
    return f"CASE WHEN pu.photo <> '' THEN {sql.literal(before, using=using)} || pu.id || {sql.literal(after, using=using)} END"


def progress_update_csv_copy(queryset, *, request) -> sql.CopyExport | None:
    """The CSV export of progress updates (``ProgressUpdateSerializer``) as a COPY, like
    ``intervention_csv_copy``; the reporter's user name only for roles that may see it."""
    using = queryset.db
    order_by = sql.order_by(queryset, "pu")
    photo_url = _photo_url(request=request, using=using)
    if order_by is None or photo_url is None:
        return None
    user = get_user_model()
    user_name = user._meta.get_field(user.USERNAME_FIELD).column
    personal = request is not None and roles.can_see_personal_data(request.user)
    columns = [
        ("id", "pu.id"),
        ("intervention", "pu.intervention_id"),
        ("date", sql.date("pu.date")),
        ("percent", sql.decimal("pu.percent", 2)),
        ("note", sql.text("pu.note")),
        ("photo_url", sql.text(photo_url)),
        ("reported_by", sql.text(f'reporter."{user_name}"') if personal else "NULL"),
        ("created_at", sql.datetime("pu.created_at")),
    ]
    select = f"""
        SELECT {", ".join(expr for _name, expr in columns)}, {sql.ROW_END}
        FROM {ProgressUpdate._meta.db_table} pu
        LEFT JOIN {user._meta.db_table} reporter ON reporter."{user._meta.pk.column}" = pu.created_by_id
        WHERE {sql.rows_of(queryset, "pu.id")}
        ORDER BY {order_by}
    """  # noqa: S608 (literals quoted by the driver)
    return sql.CopyExport(select=select, column_names=tuple(name for name, _expr in columns), using=using)
