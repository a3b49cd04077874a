"""Helpers shared by the bad-input tests: row counts, and a check that messages are Indonesian."""

import re

from django.db import connection

# Rows that change on any request that signs in or fails to: not data.
VOLATILE_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}

MEGABYTE = "x" * (1024 * 1024)
# Beyond a signed 64-bit integer (the widest column any database here has).
OVER_64_BITS = "99999999999999999999999"

# Words of Django's and DRF's English messages that Indonesian ones never contain.
ENGLISH = re.compile(
    r"\b(the|this|is|are|not|must|ensure|expected|invalid|required|does|should|enter|select|"
    r"object|field|value|characters|error|malformed|parse|number|string|type|got|than|allowed)\b",
    re.IGNORECASE,
)


def table_counts() -> dict[str, int]:
    """Rows per table, for "nothing changed" (sessions and sign-in bookkeeping left out)."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table in VOLATILE_TABLES:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from introspection
            counts[table] = cursor.fetchone()[0]
        return counts


def messages_in(value) -> list[str]:
    """Every message string inside an error body (nested dicts and lists flattened)."""
    if isinstance(value, dict):
        return [message for item in value.values() for message in messages_in(item)]
    if isinstance(value, list):
        return [message for item in value for message in messages_in(item)]
    return [str(value)]


def english_messages(messages: list[str]) -> list[str]:
    return [message for message in messages if ENGLISH.search(message)]


def kampung_bugis_records():
    """The seed's Kampung Bugis records the bad-input cases edit or point at, and a rubric level:
    ``(location, rt003, intervention, assessment, meeting, agreement, bkm, level)``."""
    from collaboration.models import Agreement, Meeting
    from interventions.models import Intervention
    from sites.models import Area, Assessment, SlumLocation, Stakeholder
    from tests.factories.collaboration import RubricLevelFactory

    location = SlumLocation.objects.get(decree__number="337", number=6)
    first = {"location": location}
    return (
        location,
        Area.objects.get(path=location.area.path + "RW006/RT003/"),
        Intervention.objects.filter(**first).order_by("pk").first(),
        Assessment.objects.filter(**first).order_by("pk").first(),
        Meeting.objects.filter(**first).order_by("pk").first(),
        Agreement.objects.filter(**first).order_by("pk").first(),
        Stakeholder.objects.get(name="BKM Kampung Bugis"),
        RubricLevelFactory(stage="trust", rank=3, label="Kuat"),
    )
