"""Build a benchmark database from scratch and time the generation.

    .venv/bin/python bench/prepare.py --label pg-national --scale national \
        --database-url postgres://postgres@127.0.0.1:5432/kotaku_scale_national
    .venv/bin/python bench/prepare.py --label sqlite-city --scale city \
        --database-url sqlite:////tmp/kotaku_scale_city.sqlite3

Drops and recreates the database (PostgreSQL: ``DROP/CREATE DATABASE`` through the ``postgres``
maintenance database; SQLite: deletes the file), runs ``migrate``, ``load_seed`` and
``generate_demo_data --scale <scale>``, and saves the generation's wall time, its output and the
database size. Refuses database names that do not start with ``kotaku_scale`` or ``/tmp/``, so it
cannot drop anything else.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from common import BASE_DIR, BENCH_ENV, machine, save

MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]


def run(command: list[str], env: dict, timeout: int) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, cwd=BASE_DIR)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def sqlite_path(parsed) -> Path:
    return Path("/" + parsed.path.lstrip("/"))


def recreate(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme.startswith("postgres"):
        name = parsed.path.lstrip("/")
        if not re.fullmatch(r"kotaku_scale\w*", name):
            raise SystemExit(f"refusing to recreate {name!r}: benchmark databases are named kotaku_scale_*")
        import psycopg2

        maintenance = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
        maintenance.autocommit = True
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        maintenance.close()
    else:
        path = sqlite_path(parsed)
        if not str(path).startswith("/tmp/"):  # noqa: S108 (the only place benchmark files may be deleted)
            raise SystemExit(f"refusing to delete {path}: benchmark SQLite files live under /tmp/")
        path.unlink(missing_ok=True)


def database_bytes(url: str) -> int:
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return sqlite_path(parsed).stat().st_size
    import psycopg2

    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    connection.close()
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--scale", required=True, choices=["tiny", "city", "province", "national"])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--no-copy", action="store_true")
    args = parser.parse_args()

    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": args.database_url}
    recreate(args.database_url)
    started = time.monotonic()
    run([*MANAGE, "migrate", "--verbosity", "0"], env, timeout=1800)
    migrated = time.monotonic()
    run([*MANAGE, "load_seed"], env, timeout=600)
    command = [*MANAGE, "generate_demo_data", "--scale", args.scale]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    if args.no_copy:
        command.append("--no-copy")
    load_before = os.getloadavg()
    generation_started = time.monotonic()
    output = run(command, env, timeout=3600)
    generation_seconds = time.monotonic() - generation_started
    print(output)
    print(f"generate_demo_data --scale {args.scale}: {generation_seconds:.1f} s")

    os.environ["DATABASE_URL"] = args.database_url
    from common import setup_django

    setup_django()
    save(
        "generate",
        args.label,
        {
            "scale": args.scale,
            "command": " ".join(["python", "manage.py", *command[2:]]),
            "generation_seconds": round(generation_seconds, 1),
            "migrate_seconds": round(migrated - started, 1),
            "load_average_before": [round(value, 2) for value in load_before],
            "database_bytes": database_bytes(args.database_url),
            "output": output.splitlines(),
            "machine": machine(),
        },
    )


if __name__ == "__main__":
    main()
