from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import response_cache
from kotaku import backup


class Command(BaseCommand):
    help = "Pulihkan basis data dari berkas cadangan. Isi basis data tujuan diganti seluruhnya."

    def add_arguments(self, parser):
        parser.add_argument("backup_file")
        parser.add_argument(
            "--target-url",
            help="Pulihkan ke basis data lain (URL seperti DATABASE_URL) alih-alih yang dipakai aplikasi.",
        )
        parser.add_argument("--yes", action="store_true", help="Jangan minta konfirmasi.")

    def handle(self, *args, **options):
        target = backup.parse_url(options["target_url"]) if options["target_url"] else settings.DATABASES["default"]
        if not options["yes"]:
            raise CommandError("Pemulihan mengganti seluruh isi basis data tujuan; ulangi dengan --yes bila yakin.")
        try:
            backup.restore(target, Path(options["backup_file"]))
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        # The restore replaced rows outside the ORM: no cached API answer may survive it.
        response_cache.bump_after_commit()
        counts = backup.row_counts(target)
        self.stdout.write(self.style.SUCCESS(f"Dipulihkan: {len(counts)} tabel, {sum(counts.values())} baris."))
