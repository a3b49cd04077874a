"""The columns of an intervention and of its funding lines that a user writes, declared once.

The service (``services.EDITABLE_FIELDS``: what an update may change), the audit history
(``selectors.intervention_history``: which changes it shows) and the demo-data generator (the
columns it writes) derive their lists from here, in this order.
"""

INTERVENTION_FIELDS = (
    "reference",
    "title",
    "location",
    "area",
    "kind",
    "fiscal_year",
    "volume",
    "unit",
    "implementer",
    "coordinator",
    "status",
    "start_date",
    "end_date",
    "progress_percent",
    "beneficiary_households",
    "source_document",
    "notes",
)
FUNDING_LINE_FIELDS = ("source", "fiscal_year", "amount", "note")

# What the API and its exports add after a written column, for reading (names, labels, totals).
COMPANIONS = {
    "location": ("location_name",),
    "area": ("area_label", "area_path"),
    "kind": ("kind_name", "aspect_number"),
    "unit": ("unit_symbol", "budget", "cost_per_unit", "funding_lines"),
    "implementer": ("implementer_name",),
    "coordinator": ("coordinator_name",),
    "status": ("status_label",),
}
# The columns of an intervention as the API and its CSV/XLSX exports give them, in this order: the
# serializer's ``Meta.fields`` and the PostgreSQL COPY export's SELECT list are this tuple.
OUTPUT_FIELDS = (
    "id",
    *(name for column in INTERVENTION_FIELDS for name in (column, *COMPANIONS.get(column, ()))),
    "version",
    "flags",
    "created_at",
    "updated_at",
)
