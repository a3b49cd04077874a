"""Time and peak memory of a CSV export of every intervention, and (PostgreSQL) the same rows
through PostgreSQL's own ``COPY (SELECT ...) TO STDOUT``.

    DATABASE_URL=... .venv/bin/python bench/export.py --label pg-national

Each measurement runs in a fresh child process, so that one's memory does not hide another's:

- ``rss``: ``GET /api/v1/interventions/?format=csv`` in-process (django.test.Client, token auth),
  every streamed chunk consumed and dropped; the time to the last byte, and the process's extra
  resident memory: peak RSS (VmHWM, reset through /proc/self/clear_refs just before) minus the
  RSS just before the request;
- ``tracemalloc``: the same request with tracemalloc on: the peak of Python allocations (slower,
  so its time is not reported);
- ``copy`` (PostgreSQL only): ``COPY (SELECT <the same columns, joined and aggregated the same
  way>) TO STDOUT WITH CSV HEADER`` through psycopg2, consumed and dropped the same way;
- ``serializer`` (PostgreSQL only): the same request with the view set's COPY hook turned off, so
  the serializer writes every row as it does on SQLite (stopped after ``--serializer-seconds``).

On PostgreSQL the export itself is written by ``COPY`` too (interventions/exports_pg.py), with
every value formatted as the serializer formats it, into a temporary file that is then sent.

The ratio export ÷ COPY is the one the goal speaks of (at most 2); it is taken per row (an export
stopped by a time limit compares like with like), in wall time and in CPU time (the app's and its
PostgreSQL server process's), which other load on the machine does not inflate.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from common import (
    bench_token,
    data_size,
    database_backend_pid,
    database_label,
    machine,
    process_cpu_seconds,
    save,
    setup_django,
)

MEASURABLE_SECONDS = 0.1

COPY_SQL = """
COPY (
    SELECT i.id, i.reference, i.title, i.location_id,
           COALESCE(NULLIF(l.name, ''), la.name) AS location_name,
           i.area_id,
           CASE WHEN a.level = 'rt' AND ap.id IS NOT NULL THEN 'RW ' || ap.name || ' / RT ' || a.name
                ELSE upper(a.level) || ' ' || a.name END AS area_label,
           a.path AS area_path, k.code AS kind, k.name AS kind_name, asp.number AS aspect_number,
           i.fiscal_year, i.volume, i.unit_id AS unit, u.symbol AS unit_symbol,
           COALESCE(b.budget, 0) AS budget,
           round(COALESCE(b.budget, 0) / NULLIF(i.volume, 0)) AS cost_per_unit,
           b.lines AS funding_lines,
           i.implementer_id, im.name AS implementer_name, i.coordinator_id, co.name AS coordinator_name,
           i.status, i.status AS status_label, i.start_date, i.end_date, i.progress_percent,
           i.beneficiary_households, i.source_document, i.notes, i.version, f.flags,
           i.created_at, i.updated_at
    FROM interventions_intervention i
    JOIN sites_slumlocation l ON l.id = i.location_id
    JOIN sites_area la ON la.id = l.area_id
    JOIN sites_area a ON a.id = i.area_id
    LEFT JOIN sites_area ap ON ap.id = a.parent_id
    JOIN interventions_interventionkind k ON k.id = i.kind_id
    JOIN sites_aspect asp ON asp.id = k.aspect_id
    JOIN interventions_unit u ON u.code = i.unit_id
    LEFT JOIN sites_stakeholder im ON im.id = i.implementer_id
    LEFT JOIN sites_stakeholder co ON co.id = i.coordinator_id
    LEFT JOIN LATERAL (
        SELECT sum(fl.amount) AS budget,
               string_agg(json_build_object('id', fl.id, 'source', fs.code, 'source_name', fs.name,
                                            'fiscal_year', fl.fiscal_year, 'amount', fl.amount::text,
                                            'note', fl.note)::text, '; ' ORDER BY fl.fiscal_year, fl.id) AS lines
        FROM interventions_fundingline fl JOIN interventions_fundingsource fs ON fs.id = fl.source_id
        WHERE fl.intervention_id = i.id
    ) b ON true
    LEFT JOIN LATERAL (
        SELECT string_agg(json_build_object('code', df.code, 'kind', df.kind, 'message', df.message)::text, '; '
                          ORDER BY df.code) AS flags
        FROM core_dataqualityflag df WHERE df.content_type_id = {content_type} AND df.object_id = i.id
    ) f ON true
    ORDER BY i.id DESC
) TO STDOUT WITH CSV HEADER
"""


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def measure_export(mode: str, max_seconds: float) -> dict:
    setup_django()
    from django.http import FileResponse
    from django.test import Client
    from django.urls import reverse

    if mode == "serializer":
        from interventions.api import InterventionViewSet

        InterventionViewSet.get_export_copy = lambda self, queryset: None

    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Token {bench_token()}"}
    url = reverse("interventions-list")
    warm = client.get(url, {"format": "csv", "fiscal_year": 1900}, **headers)
    b"".join(warm.streaming_content)

    if mode == "tracemalloc":
        tracemalloc.start()
    baseline_kb = _status_kb("VmRSS")
    peak_reset = _reset_peak()
    backend = database_backend_pid()
    db_cpu = process_cpu_seconds(backend) if backend else 0.0
    app_cpu = time.process_time()
    started = time.perf_counter()
    response = client.get(url, {"format": "csv"}, **headers)
    if response.status_code != 200:
        raise SystemExit(f"export answered {response.status_code}")
    size = lines = 0
    complete = True
    deadline = time.monotonic() + max_seconds
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
        if time.monotonic() > deadline:
            complete = False
            break
    elapsed = time.perf_counter() - started
    # read before close(): closing ends the request, which may close the connection (CONN_MAX_AGE)
    app_cpu = time.process_time() - app_cpu
    db_cpu = process_cpu_seconds(backend) - db_cpu if backend else 0.0
    response.close()
    result = {
        "mode": mode,
        "seconds": round(elapsed, 2),
        "app_cpu_seconds": round(app_cpu, 2),
        "db_cpu_seconds": round(db_cpu, 2),
        "written_by": "COPY" if isinstance(response, FileResponse) else "serializer",
        "bytes": size,
        "rows": max(0, lines - 1),
        "complete": complete,
        "baseline_rss_mb": round(baseline_kb / 1024, 1),
        "peak_rss_mb": round(_status_kb("VmHWM") / 1024, 1),
        "peak_reset": peak_reset,
    }
    result["extra_rss_mb"] = round(result["peak_rss_mb"] - result["baseline_rss_mb"], 1)
    if mode == "tracemalloc":
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["tracemalloc_peak_mb"] = round(peak / 1024 / 1024, 1)
    return result


def measure_copy() -> dict:
    setup_django()
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from interventions.models import Intervention

    class Sink:
        def __init__(self):
            self.size = 0
            self.lines = 0

        def write(self, data):
            self.size += len(data)
            self.lines += data.count("\n" if isinstance(data, str) else b"\n")

    sql = COPY_SQL.format(content_type=ContentType.objects.get_for_model(Intervention).pk)
    sink = Sink()
    backend = database_backend_pid()
    db_cpu = process_cpu_seconds(backend)
    app_cpu = time.process_time()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, sink)
    return {
        "mode": "copy",
        "seconds": round(time.perf_counter() - started, 2),
        "app_cpu_seconds": round(time.process_time() - app_cpu, 2),
        "db_cpu_seconds": round(process_cpu_seconds(backend) - db_cpu, 2),
        "bytes": sink.size,
        "rows": max(0, sink.lines - 1),
    }


def per_row_ratios(export: dict, copy: dict) -> tuple[float, float] | None:
    """Export ÷ COPY per row (so that an export stopped by a time limit still compares like with
    like), in wall time and in CPU time (app + database server process); a ratio is None when
    the COPY took less than ``MEASURABLE_SECONDS`` (CPU time is counted in 10 ms ticks)."""
    if not (export.get("rows") and copy.get("rows")):
        return None
    copy_cpu = copy["app_cpu_seconds"] + copy["db_cpu_seconds"]
    wall = (export["seconds"] / export["rows"]) / (copy["seconds"] / copy["rows"])
    cpu = ((export["app_cpu_seconds"] + export["db_cpu_seconds"]) / export["rows"]) / (copy_cpu / copy["rows"] or 1)
    return (
        round(wall, 2) if copy["seconds"] >= MEASURABLE_SECONDS else None,
        round(cpu, 2) if copy_cpu >= MEASURABLE_SECONDS else None,
    )


def child(mode: str, max_seconds: float) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--max-seconds", str(max_seconds)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=max_seconds + 600, env=os.environ.copy())  # noqa: S603
    if done.returncode != 0:
        return {"mode": mode, "error": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label")
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="Stop reading the export after this.")
    parser.add_argument(
        "--tracemalloc-seconds",
        type=float,
        default=120.0,
        help="Read the export with tracemalloc on for at most this long (it is several times slower).",
    )
    parser.add_argument("--skip-tracemalloc", action="store_true")
    parser.add_argument(
        "--serializer-seconds",
        type=float,
        default=120.0,
        help="PostgreSQL: read the export written by the serializer (COPY hook off) for at most this long.",
    )
    parser.add_argument("--skip-serializer", action="store_true")
    parser.add_argument("--child", choices=["rss", "tracemalloc", "copy", "serializer"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        result = measure_copy() if args.child == "copy" else measure_export(args.child, args.max_seconds)
        print(json.dumps(result))
        return
    if not args.label:
        parser.error("--label is required")

    setup_django()
    from django.db import connection

    runs = {"rss": child("rss", args.max_seconds)}
    print("export:", runs["rss"])
    if not args.skip_tracemalloc:
        runs["tracemalloc"] = child("tracemalloc", min(args.max_seconds, args.tracemalloc_seconds))
        print("export with tracemalloc:", runs["tracemalloc"])
    if connection.vendor == "postgresql":
        runs["copy"] = child("copy", args.max_seconds)
        print("COPY:", runs["copy"])
        if not args.skip_serializer:
            runs["serializer"] = child("serializer", args.serializer_seconds)
            print("export by the serializer:", runs["serializer"])
        for mode, key in (("rss", "export_to_copy"), ("serializer", "serializer_to_copy")):
            ratios = per_row_ratios(runs.get(mode, {}), runs["copy"])
            if ratios:
                runs[f"ratio_{key}"], runs[f"cpu_ratio_{key}"] = ratios
                print(f"{mode} ÷ COPY (time per row):", ratios[0], "(CPU per row):", ratios[1])
    save(
        "export",
        args.label,
        {"database": database_label(), "data": data_size(), "machine": machine(), "runs": runs},
    )


if __name__ == "__main__":
    main()
