"""Measure a large spreadsheet import: time and peak memory for 50,000 interventions.

    .venv/bin/python bench/import_50k.py                      # SQLite, in a throw-away file
    .venv/bin/python bench/import_50k.py --rows 5000          # compare: memory must stay flat
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kotaku_imports .venv/bin/python bench/import_50k.py

It builds a scratch database (Django's test-database machinery: ``test_<name>``, dropped at the
end), loads the paper's seed, writes an XLSX of ``--rows`` new interventions in Kampung Bugis with
one funding line each (sheets ``intervensi`` and ``pendanaan``), then times three runs of the real
import service as a city official: the dry run, the commit, and the same file again (which must
change nothing). For each it prints the wall time, rows per second, and the peak resident memory
of the process so far; ``--tracemalloc`` adds each run's peak of Python allocations (slower).

Not a test: nothing asserts a duration. The numbers go into docs/imports.md.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_file(path: Path, rows: int, location_code: str, rt_labels: list[str]) -> None:
    """``rows`` new interventions spread over the location's RTs, one funding line each."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    main = workbook.create_sheet("intervensi")
    lines = workbook.create_sheet("pendanaan")
    main.append(
        [
            "kode_referensi",
            "nama_kegiatan",
            "kode_lokasi",
            "rt_rw",
            "jenis_kegiatan",
            "tahun_anggaran",
            "volume",
            "satuan",
            "status",
        ]
    )
    lines.append(["kode_referensi", "sumber_dana", "tahun_anggaran", "jumlah_rp", "keterangan"])
    for index in range(rows):
        reference = f"bench-{index:06d}"
        main.append(
            [
                reference,
                f"Jalan paving {index}",
                location_code,
                rt_labels[index % len(rt_labels)],
                "jalan-paving",
                2020 + index % 5,
                10 + index % 90,
                "m",
                "planned",
            ]
        )
        lines.append([reference, "apbd-kota", 2020 + index % 5, 1_000_000 + index, "uji beban"])
    workbook.save(path)


def timed(label: str, function, *, trace: bool):
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu
    python_peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024) if trace else None
    if trace:
        tracemalloc.stop()
    return label, seconds, python_peak, result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--tracemalloc", action="store_true", help="also measure each run's peak of Python allocations")
    parser.add_argument("--keep-file", type=Path, help="copy the generated XLSX here")
    args = parser.parse_args(argv)

    for key, value in ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotaku.settings")
    scratch = Path(tempfile.mkdtemp(prefix="kotaku-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("IMPORTS_MAX_UPLOAD_BYTES", str(200 * 1024 * 1024))
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from imports.lookups import location_code, rt_rw_label
    from imports.models import ImportRun
    from imports.services import import_file
    from interventions.models import Intervention
    from sites.models import Area, SlumLocation
    from tests.factories.accounts import official

    if connection.vendor == "sqlite":
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(scratch / "test_bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_seed", verbosity=0)
        user = official(username="bench-pejabat")
        location = SlumLocation.objects.select_related("area", "decree__area").get(decree__number="337", number=6)
        rts = Area.objects.in_subtree(location.area).of_level(Area.Level.RT).select_related("parent")
        path = scratch / f"intervensi-{args.rows}.xlsx"
        started = time.perf_counter()
        write_file(path, args.rows, location_code(location), [rt_rw_label(rt) for rt in rts])
        print(f"database     {connection.vendor} ({connection.settings_dict['NAME']})")
        print(
            f"file         {args.rows} interventions + {args.rows} funding lines, {path.stat().st_size / 1e6:.1f} MB, written in {time.perf_counter() - started:.1f} s"
        )
        print(f"baseline     peak RSS {peak_rss_mb():.0f} MB")
        if args.keep_file:
            args.keep_file.write_bytes(path.read_bytes())

        def run(commit):
            return lambda: import_file(
                actor=user, path=path, original_name=path.name, commit=commit, origin=ImportRun.Origin.COMMAND
            )

        before = Intervention.objects.count()
        for label, commit in (("dry run", False), ("commit", True), ("again", True)):
            name, seconds, python_peak, result = timed(label, run(commit), trace=args.tracemalloc)
            rate = result.rows / seconds if seconds else 0
            extra = f", Python peak {python_peak:.0f} MB" if python_peak is not None else ""
            print(
                f"{name:<12} {seconds:7.1f} s (CPU {result.cpu_seconds:.1f} s)  {rate:7.0f} rows/s  peak RSS {peak_rss_mb():.0f} MB{extra}  "
                f"[{result.status}: created {result.created}, updated {result.updated}, unchanged {result.unchanged}, errors {result.errors}]"
            )
        print(f"created      {Intervention.objects.count() - before} interventions")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
