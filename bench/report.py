"""Render bench/results/*.json as the Markdown tables of docs/benchmarks.md.

    .venv/bin/python bench/report.py [--labels sqlite-city pg-city pg-national] > /tmp/tables.md

Columns follow ``--labels`` (default: every label found, sorted); a missing result is a dash.
"""

import argparse
import json
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
        rows.append(
            [
                label,
                f"`{data['command']}`",
                f"{data['generation_seconds']} s",
                written.removeprefix("baris ditulis: "),
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
    header = ["target"] + [f"{label}: queries · median · p95 (ms)" for label in labels] + ["same queries"]
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
                row.append(f"{item['queries']} · {item['median_ms']} · {item['p95_ms']}")
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
        rows.append(
            [
                label,
                f"{rss.get('rows', 0):,}" + ("" if rss.get("complete", True) else " (stopped)"),
                f"{rss.get('bytes', 0) / 1024 / 1024:.1f} MB",
                f"{rss.get('seconds')} s",
                f"{rss.get('extra_rss_mb')} MB",
                f"{traced.get('tracemalloc_peak_mb')} MB" if traced else None,
                f"{copy.get('seconds')} s" if copy else None,
                runs.get("ratio_export_to_copy"),
            ]
        )
    header = ["run", "rows", "CSV size", "export time", "extra RSS", "tracemalloc peak", "COPY time", "export ÷ COPY"]
    return "### CSV export of every intervention\n\n" + table(header, rows)


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
                    row["rps"],
                    row["p50_ms"],
                    row["p95_ms"],
                    row["p99_ms"],
                    row["non_2xx"] + row["errors_timeout"],
                    row["load_before"],
                ]
            )
    header = ["run", "gunicorn", "path", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "load avg before"]
    return "### API under 16 concurrent clients (gunicorn + wrk on loopback)\n\n" + table(header, rows)


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
