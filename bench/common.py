"""Shared pieces of the benchmark scripts: Django set-up with production-like settings, a
benchmark account with an API token, timing statistics and the results file.

Every script takes its database from ``DATABASE_URL`` (as the app does) and writes one JSON file
per run under ``bench/results/`` that ``bench/report.py`` turns into the tables of
docs/benchmarks.md. Loops are bounded in count and in time; only 127.0.0.1 is ever contacted.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
BENCH_USERNAME = "bench-peneliti"

# Production-like: DEBUG off (no query log kept), HTTPS redirects off for plain loopback HTTP.
BENCH_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
    "API_THROTTLE_USER": "100000000/hour",
    # no collectstatic needed: the manifest lookup it skips is a dictionary read
    "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
}


def setup_django() -> None:
    for key, value in BENCH_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotaku.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def database_label() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:{Path(settings['NAME']).name}"
    return f"postgresql:{settings['NAME']}"


def bench_token() -> str:
    """A researcher account (read-only role) and a fresh API token for it; returns the raw key."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core import roles
    from core.services import api_token_issue

    user, _ = get_user_model().objects.get_or_create(username=BENCH_USERNAME)
    user.groups.add(Group.objects.get(name=roles.RESEARCHER))
    _token, raw = api_token_issue(user=user, name="benchmark")
    return raw


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc; 10 ms resolution)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_backend_pid() -> int | None:
    """The PostgreSQL server process serving this connection (it runs on this machine here)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def stats(samples: list[float]) -> dict:
    """Median, p95 (nearest rank), min and max of timings in seconds, reported in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))]
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "min_ms": round(ordered[0] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def repeat(call, *, count: int, max_seconds: float, warmup: int = 2) -> list[float]:
    """Time ``call()`` up to ``count`` times, stopping early after ``max_seconds``."""
    for _ in range(warmup):
        call()
    samples = []
    deadline = time.monotonic() + max_seconds
    while len(samples) < count and time.monotonic() < deadline:
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def machine() -> dict:
    def run(*command):
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()  # noqa: S603
        except (OSError, subprocess.SubprocessError):
            return ""

    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    info = {
        "nproc": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        ),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    try:
        import django

        info["django"] = django.get_version()
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
                info["postgresql"] = cursor.fetchone()[0]
            else:
                cursor.execute("SELECT sqlite_version()")
                info["sqlite"] = cursor.fetchone()[0]
    except Exception as exc:  # noqa: BLE001 (a report detail, never worth failing a run)
        info["database_version_error"] = str(exc)
    info["wrk"] = run("wrk", "--version").splitlines()[0] if run("which", "wrk") else ""
    info["gunicorn"] = run(sys.executable, "-m", "gunicorn", "--version")
    return info


def data_size() -> dict:
    """Row counts of the big tables (so a result says what it ran against)."""
    from collaboration.models import Meeting
    from interventions.models import Intervention, ProgressUpdate
    from sites.models import Area, SlumLocation

    return {
        "areas": Area.objects.count(),
        "kelurahan": Area.objects.filter(level__in=[Area.Level.KELURAHAN, Area.Level.DESA]).count(),
        "rt": Area.objects.filter(level=Area.Level.RT).count(),
        "locations": SlumLocation.objects.count(),
        "interventions": Intervention.objects.count(),
        "progress_updates": ProgressUpdate.objects.count(),
        "meetings": Meeting.objects.count(),
    }


def save(kind: str, label: str, payload: dict) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{kind}-{label}.json"
    payload = {"kind": kind, "label": label, "recorded_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"), **payload}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"→ {path.relative_to(BASE_DIR)}")
    return path
