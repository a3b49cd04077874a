"""Render bench/results/*.json as the Markdown tables of docs/benchmarks.md.

    .venv/bin/python bench/report.py [--labels sqlite-city pg-city pg-national] > /tmp/tables.md

Columns follow ``--labels`` (default: every label found, sorted); a missing result is a dash.
"""

import argparse
import json
import re
from collections import defaultdict

from common import RESULTS_DIR


def load() -> dict:
    results = defaultdict(dict)
    for path in sorted(RESULTS_DIR.glob("*.json")):
        data = json.loads(path.read_text())
        results[data["kind"]][data["label"]] = data
    return results


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("–" if cell is None else str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_section(results: dict) -> str:
    some = next((data for kind in results.values() for data in kind.values() if "machine" in data), None)
    if not some:
        return ""
    info = some["machine"]
    rows = [[key, value] for key, value in info.items() if key != "load_average"]
    return "### Machine\n\n" + table(["", ""], rows)


def generation_section(results: dict, labels: list[str]) -> str:
    rows = []
    for label in labels:
        data = results.get("generate", {}).get(label)
        if not data:
            continue
        written = next((line for line in data["output"] if line.startswith("baris ditulis")), "")
        numbers = re.findall(r"\d+", written)
        inside = next((line for line in data["output"] if line.startswith("Selesai dalam")), "")
        inside_seconds = re.findall(r"[\d.]+", inside)
        rows.append(
            [
                label,
                f"`{data['command']}`",
                f"{data['generation_seconds']} s"
                + (f" ({inside_seconds[0]} s in the transaction)" if inside_seconds else ""),
                f"{int(numbers[0]):,} in {numbers[1]} tables" if len(numbers) == 2 else written,
                f"{data['database_bytes'] / 1024 / 1024:.0f} MB",
                " ".join(str(value) for value in data["load_average_before"]),
            ]
        )
    return "### Generation\n\n" + table(
        ["run", "command", "time", "rows written", "database size", "load avg before"], rows
    )


def data_section(results: dict, labels: list[str]) -> str:
    keys = ["areas", "kelurahan", "rt", "locations", "interventions", "progress_updates", "meetings"]
    rows = []
    for key in keys:
        row = [key]
        for label in labels:
            data = results.get("pages", {}).get(label) or results.get("export", {}).get(label)
            row.append(f"{data['data'][key]:,}" if data else None)
        rows.append(row)
    return "### Data in each database\n\n" + table(["rows", *labels], rows)


def pages_section(results: dict, labels: list[str]) -> str:
    by_key: dict = {}
    names: dict = {}
    for label in labels:
        for row in results.get("pages", {}).get(label, {}).get("results", []):
            by_key.setdefault(row["key"], {})[label] = row
            names.setdefault(row["key"], row["target"])
    header = ["target"] + [f"{label}: queries · median · p95 · CPU (ms)" for label in labels] + ["same queries"]
    rows = []
    for key, per_label in by_key.items():
        counts = {item["queries"] for item in per_label.values() if "queries" in item}
        row = [names[key]]
        for label in labels:
            item = per_label.get(label)
            if item is None:
                row.append(None)
            elif item.get("missing"):
                row.append("missing")
            else:
                cpu = round(item.get("app_cpu_ms", 0) + item.get("db_cpu_ms", 0), 1) if "app_cpu_ms" in item else "–"
                row.append(f"{item['queries']} · {item['median_ms']} · {item['p95_ms']} · {cpu}")
        row.append("yes" if len(counts) == 1 else "**no**")
        rows.append(row)
    notes = []
    for label in labels:
        for row in results.get("pages", {}).get(label, {}).get("results", []):
            if row["key"] in ("city-synthetic", "location-synthetic", "api-list-city"):
                notes.append(f"{label}, {row['key']}: {row['target']}")
    text = "### Pages and API (in-process, server time to the last byte)\n\n" + table(header, rows)
    if notes:
        text += "\n\nThe synthetic city and location picked in each database:\n\n" + "\n".join(f"- {n}" for n in notes)
    return text


def export_section(results: dict, labels: list[str]) -> str:
    rows = []
    for label in labels:
        data = results.get("export", {}).get(label)
        if not data:
            continue
        runs = data["runs"]
        rss = runs.get("rss", {})
        traced = runs.get("tracemalloc", {})
        copy = runs.get("copy", {})
        serializer = runs.get("serializer", {})
        rows_done = rss.get("rows") or 1
        rows.append(
            [
                label,
                rss.get("written_by", "serializer"),
                f"{rss.get('rows', 0):,}" + ("" if rss.get("complete", True) else " (stopped at the time limit)"),
                f"{rss.get('bytes', 0) / 1024 / 1024:.1f} MB",
                f"{rss.get('seconds')} s ({rows_done / max(rss.get('seconds') or 1, 0.001):.0f} rows/s)",
                f"{rss.get('app_cpu_seconds', '–')} + {rss.get('db_cpu_seconds', '–')} s",
                f"{rss.get('extra_rss_mb')} MB",
                f"{traced.get('tracemalloc_peak_mb')} MB" if traced else None,
                f"{copy.get('seconds')} s for {copy.get('rows', 0):,} rows" if copy else None,
                runs.get("ratio_export_to_copy"),
                runs.get("cpu_ratio_export_to_copy"),
                (
                    f"{serializer.get('rows', 0) / max(serializer.get('seconds') or 1, 0.001):.0f} rows/s"
                    f" ({serializer.get('rows', 0):,} rows in {serializer.get('seconds')} s),"
                    f" ÷ COPY {runs.get('ratio_serializer_to_copy') or '–'}"
                    f" · CPU {runs.get('cpu_ratio_serializer_to_copy') or '–'}"
                )
                if serializer.get("rows")
                else None,
            ]
        )
    header = [
        "run",
        "written by",
        "rows",
        "CSV size",
        "export time",
        "export CPU (app + database)",
        "extra RSS",
        "tracemalloc peak",
        "COPY",
        "export ÷ COPY (time per row)",
        "(CPU per row)",
        "the serializer instead (PostgreSQL): speed, ÷ COPY time · CPU per row",
    ]
    note = (
        "\n\nA ratio is – where the COPY took under 0.1 s (CPU time is counted in 10 ms ticks). On PostgreSQL"
        " the export is written by COPY (interventions/exports_pg.py); the last column is the serializer's"
        " writing of the same file, stopped at `--serializer-seconds`."
    )
    return "### CSV export of every intervention\n\n" + table(header, rows) + note


RESPONSE_CACHE_LABELS = {
    "hit": "on, hit (one URL)",
    "miss": "on, miss (a new URL each time)",
    "off": "off",
}


def load_section(results: dict, labels: list[str]) -> str:
    rows = []
    for label in labels:
        data = results.get("load", {}).get(label)
        if not data:
            continue
        for row in data["results"]:
            rows.append(
                [
                    label,
                    f"{row['worker_class']} {row['workers']}×{row['threads']}",
                    row["path"],
                    RESPONSE_CACHE_LABELS.get(row.get("response_cache")),
                    row["rps"],
                    row["p50_ms"],
                    row["p95_ms"],
                    row["p99_ms"],
                    row["non_2xx"] + row["errors_timeout"],
                    row["load_before"],
                    f"{row.get('app_cpu_ms', '–')} + {row.get('db_cpu_ms', '–')}",
                    row.get("cpu_bound_rps"),
                ]
            )
    header = [
        "run",
        "gunicorn",
        "path",
        "response cache",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "load avg before",
        "CPU ms/request (app + database)",
        "req/s the CPU allows on idle cores",
    ]
    note = (
        "\n\nResponse cache (core/response_cache.py): *hit* repeats one URL, so after the warm-up every"
        " request is served from the cache; *miss* makes every query string new, so every request"
        " computes the page and stores it; *off* runs with `API_RESPONSE_CACHE_SECONDS=0`; – is a run"
        " recorded before the cache existed."
    )
    return "### API under 16 concurrent clients (gunicorn + wrk on loopback)\n\n" + table(header, rows) + note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", nargs="*")
    args = parser.parse_args()
    results = load()
    labels = args.labels or sorted({label for kind in results.values() for label in kind})
    sections = [
        machine_section(results),
        generation_section(results, labels),
        data_section(results, labels),
        pages_section(results, labels),
        export_section(results, labels),
        load_section(results, labels),
    ]
    print("\n\n".join(section for section in sections if section))


if __name__ == "__main__":
    main()
