"""The big lists' orders are served by an index, so that their first page does not sort the whole
table at national scale (docs/benchmarks.md: progress updates 2.2 s → 10 ms, meetings 265 → 13 ms).

Each test asks the database for its plan of the list's first page and fails when the plan sorts
instead of reading an index in order. On PostgreSQL sorting is switched off for the plan
(``enable_sort``), so that the tiny test tables do not make a sequential scan look cheaper.
"""

import pytest
from django.db import connection

from collaboration.models import Meeting
from interventions.models import ProgressUpdate


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def assert_ordered_by_index(text: str, index: str) -> None:
    assert index in text, text
    assert "TEMP B-TREE FOR ORDER BY" not in text, text
    assert "Sort" not in text.replace("Sort Key", ""), text


@pytest.mark.django_db
def test_progress_update_list_reads_the_newest_first_index():
    assert_ordered_by_index(plan(ProgressUpdate.objects.order_by("-date", "-id")[:50]), "progress_update_newest")


@pytest.mark.django_db
def test_meeting_list_reads_the_newest_first_index():
    assert_ordered_by_index(plan(Meeting.objects.all()[:50]), "meeting_newest_first")
