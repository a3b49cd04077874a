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
