"""Requests a second and latency of the API under 16 concurrent clients: gunicorn on loopback,
driven by wrk (Debian package ``wrk``), with token authentication.

    DATABASE_URL=... .venv/bin/python bench/load.py --label pg-national \
        [--config sync:2 --config sync:3 --config gthread:2x4] [--duration 20] [--cache redis] \
        [--response-cache hit --response-cache miss --response-cache off]

For each gunicorn configuration (``<worker class>:<workers>[x<threads>]``) the script starts
gunicorn on 127.0.0.1 with production-like settings (DEBUG off, persistent database connections),
waits for /healthz, warms up for 3 s, then runs ``wrk -t2 -c16 -d<duration>s`` against each
``--path`` and stops gunicorn. ``--cache redis`` starts a private redis-server on 127.0.0.1:6391
(the API throttle counts in the cache, as in production); ``locmem`` keeps the default per-process
cache. Everything is bounded: fixed durations, 60 s start-up timeout, wrk's own 10 s request timeout.

``--response-cache`` (repeatable; default all three) says how the API response cache
(core/response_cache.py) is used, and each result row records it:

- ``hit``: on (``API_RESPONSE_CACHE_SECONDS``), every request for the same URL, so after the
  warm-up every request is served from the cache: the hit path;
- ``miss``: on, but every request adds a query parameter no filter reads and that never repeats
  (wrk_report.lua), so each one computes the page and stores it: the miss path;
- ``off``: ``API_RESPONSE_CACHE_SECONDS=0``, the page computed every time and nothing stored.
"""

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import (
    BASE_DIR,
    BENCH_DIR,
    BENCH_ENV,
    bench_token,
    data_size,
    database_label,
    machine,
    process_cpu_seconds,
    save,
    setup_django,
)

REDIS_PORT = 6391
RESPONSE_CACHE_SECONDS = 300
RESPONSE_CACHE_MODES = ("hit", "miss", "off")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def stop(process) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def children_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def database_now():
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def backends_since(started) -> list[int]:
    """PostgreSQL server processes opened by the app since ``started`` (its workers' connections)."""
    from django.db import connection

    if started is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_start >= %s",
            [started],
        )
        return [row[0] for row in cursor.fetchall()]


def cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += process_cpu_seconds(pid)
    return total


def parse_config(text: str) -> dict:
    worker_class, _, size = text.partition(":")
    workers, _, threads = size.partition("x")
    return {"worker_class": worker_class, "workers": int(workers), "threads": int(threads or 1)}


def run_wrk(url: str, *, seconds: int, connections: int, token: str, vary_query: bool = False) -> dict:
    command = [
        shutil.which("wrk"),
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(BENCH_DIR / "wrk_report.lua"),
        url,
    ]
    done = subprocess.run(  # noqa: S603 (fixed arguments, loopback URL)
        command,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        env={
            **os.environ,
            "BENCH_TOKEN": token,
            "BENCH_VARY_QUERY": "1" if vary_query else "0",
            "BENCH_RUN_ID": secrets.token_hex(4),
        },
    )
    line = next((line for line in done.stdout.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary: {done.stdout[-500:]} {done.stderr[-500:]}")
    return json.loads(line.removeprefix("WRK_JSON "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--config", action="append", help="e.g. sync:3 or gthread:2x4 (repeatable)")
    parser.add_argument("--path", action="append", help="API path (repeatable); default the interventions list")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis")
    parser.add_argument(
        "--response-cache",
        action="append",
        choices=RESPONSE_CACHE_MODES,
        help="hit, miss or off (repeatable; default all three), see above",
    )
    args = parser.parse_args()
    modes = args.response_cache or list(RESPONSE_CACHE_MODES)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    configs = [parse_config(text) for text in (args.config or ["sync:2", "sync:3", "sync:4", "gthread:2x4"])]
    paths = args.path or ["/api/v1/interventions/"]

    setup_django()
    token = bench_token()
    env = {**os.environ, **BENCH_ENV, "DJANGO_CONN_MAX_AGE": "600", "PYTHONPATH": str(BASE_DIR)}
    redis = None
    if args.cache == "redis":
        if not shutil.which("redis-server"):
            raise SystemExit("redis-server is missing: apt-get install -y redis-server, or --cache locmem")
        redis = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        env["CACHE_URL"] = f"rediscache://127.0.0.1:{REDIS_PORT}/0"
        time.sleep(0.5)
    else:
        env["CACHE_URL"] = "locmemcache://bench"

    results = []
    try:
        for config, mode in [(config, mode) for config in configs for mode in modes]:
            port = free_port()
            seconds = 0 if mode == "off" else RESPONSE_CACHE_SECONDS
            server_env = {**env, "API_RESPONSE_CACHE_SECONDS": str(seconds)}
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "kotaku.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(config["workers"]),
                "--worker-class",
                config["worker_class"],
                "--threads",
                str(config["threads"]),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ]
            started = database_now()
            server = subprocess.Popen(command, cwd=BASE_DIR, env=server_env, stderr=subprocess.PIPE, text=True)  # noqa: S603
            try:
                wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
                for path in paths:
                    url = f"http://127.0.0.1:{port}{path}"
                    vary = mode == "miss"
                    run_wrk(url, seconds=3, connections=args.connections, token=token, vary_query=vary)
                    load_before = os.getloadavg()[0]
                    workers, backends = children_of(server.pid), backends_since(started)
                    cpu_before = cpu_of(workers), cpu_of(backends)
                    figures = run_wrk(
                        url, seconds=args.duration, connections=args.connections, token=token, vary_query=vary
                    )
                    requests = max(1, figures["requests"])
                    app_ms = (cpu_of(workers) - cpu_before[0]) / requests * 1000
                    db_ms = (cpu_of(backends) - cpu_before[1]) / requests * 1000
                    row = {
                        **config,
                        "path": path,
                        "response_cache": mode,
                        "load_before": round(load_before, 2),
                        **figures,
                        # CPU per request of the gunicorn workers and of their database server processes,
                        # and the rate the machine's cores could serve if nothing else ran on them
                        "app_cpu_ms": round(app_ms, 2),
                        "db_cpu_ms": round(db_ms, 2),
                        "cpu_bound_rps": round((os.cpu_count() or 1) * 1000 / max(app_ms + db_ms, 0.001), 1),
                    }
                    results.append(row)
                    print(
                        f"{config['worker_class']}:{config['workers']}x{config['threads']} {path} "
                        f"(response cache: {mode}): "
                        f"{figures['rps']} req/s, p95 {figures['p95_ms']} ms, non-2xx {figures['non_2xx']}, "
                        f"CPU/request {row['app_cpu_ms']} + {row['db_cpu_ms']} ms → bound {row['cpu_bound_rps']} req/s"
                    )
            finally:
                stop(server)
    finally:
        if redis is not None:
            stop(redis)

    save(
        "load",
        args.label,
        {
            "database": database_label(),
            "data": data_size(),
            "machine": machine(),
            "settings": {
                "duration_s": args.duration,
                "connections": args.connections,
                "cache": args.cache,
                "response_cache_seconds": RESPONSE_CACHE_SECONDS,
                "response_cache_modes": modes,
            },
            "results": results,
        },
    )


if __name__ == "__main__":
    main()
