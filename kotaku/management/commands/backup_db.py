from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kotaku import backup


class Command(BaseCommand):
    help = "Cadangkan basis data (PostgreSQL: pg_dump format custom; SQLite: backup daring)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Berkas tujuan (bawaan: backups/kotaku-<waktu>.<ext>).")

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        suffix = "sqlite3" if db["ENGINE"].endswith("sqlite3") else "dump"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or Path(settings.BASE_DIR) / "backups" / f"kotaku-{stamp}.{suffix}")
        connection.ensure_connection()
        live = connection.connection if suffix == "sqlite3" else None
        try:
            backup.backup(db, output, sqlite_connection=live)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Cadangan ditulis: {output}"))
