from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from imports.models import ImportRun
from imports.services import import_file


class Command(BaseCommand):
    help = (
        "Impor berkas XLSX (atau CSV satu lembar) sebagai seorang pengguna. Tanpa --commit hanya uji coba: "
        "menampilkan apa yang akan dibuat, diubah, dan dibiarkan, tanpa menyimpan apa pun."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx atau .csv")
        parser.add_argument("--user", required=True, help="Nama pengguna yang mengimpor (wilayah tugasnya berlaku)")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="Uji coba saja (bawaan)")
        mode.add_argument("--commit", action="store_true", help="Simpan bila seluruh berkas valid")
        parser.add_argument("--quiet-progress", action="store_true", help="Jangan tampilkan kemajuan")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna tidak ditemukan atau tidak aktif: {options['user']}")
        progress = None if options["quiet_progress"] else self._progress
        try:
            run = import_file(
                actor=user,
                path=path,
                original_name=path.name,
                commit=options["commit"],
                origin=ImportRun.Origin.COMMAND,
                progress=progress,
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self._print(run)
        if run.status != ImportRun.Status.VALID:
            raise CommandError(f"Tidak ada yang disimpan: {run.errors} kesalahan.")

    def _progress(self, sheet, done, total, writing):
        step = "tulis" if writing else ("periksa" if total else "baca")
        of = f"/{total}" if total else ""
        self.stderr.write(f"{sheet}: {step} {done}{of} baris")

    def _print(self, run: ImportRun) -> None:
        report = run.report
        for error in report.get("errors", []):
            where = " ".join(
                part
                for part in (
                    f"lembar {error['sheet']}" if error["sheet"] else "",
                    f"baris {error['row']}" if error["row"] else "",
                    f"kolom {error['letter']} ({error['column']})"
                    if error["letter"]
                    else (f"kolom {error['column']}" if error["column"] else ""),
                )
                if part
            )
            self.stdout.write(f"KESALAHAN {where}: {error['message']}" if where else f"KESALAHAN: {error['message']}")
        if report.get("errors_truncated"):
            self.stdout.write(f"... dan kesalahan lain; total {run.errors}.")
        for entry in report.get("created", []):
            self.stdout.write(f"DIBUAT lembar {entry['sheet']} baris {entry['row']}: {entry['label']}")
        for entry in report.get("updated", []):
            self.stdout.write(f"DIUBAH lembar {entry['sheet']} baris {entry['row']}: {entry['label']}")
            for change in entry.get("changes", []):
                self.stdout.write(f"    {change['column']}: {change['old'] or '—'} → {change['new'] or '—'}")
        mode = (
            "DITERAPKAN" if run.mode == ImportRun.Mode.COMMIT and run.status == ImportRun.Status.VALID else "UJI COBA"
        )
        if run.mode == ImportRun.Mode.COMMIT and run.status != ImportRun.Status.VALID:
            mode = "DITOLAK"
        if run.created or run.updated:
            self.stdout.write(
                "Baris yang dibuat atau diubah berstatus 'diajukan' (submitted): "
                "dihitung setelah diverifikasi pejabat kota."
            )
        self.stdout.write(
            f"{mode}: {run.rows} baris; dibuat {run.created}, diubah {run.updated}, tidak berubah {run.unchanged}, "
            f"kesalahan {run.errors} (riwayat impor #{run.pk}, {run.duration_seconds:.1f} detik)"
        )
