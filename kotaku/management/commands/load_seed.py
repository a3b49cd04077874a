from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from core import response_cache

# (loader, fixture file) in dependency order; each app adds its step when its seed lands.
SEED_STEPS = [
    ("sites.seed_rules", "scoring.json"),
    ("sites.seed", "sites.json"),
    ("interventions.seed", "interventions.json"),
    ("collaboration.seed", "collaboration.json"),
]


class Command(BaseCommand):
    help = "Muat data awal dari makalah (fixtures/). Aman dijalankan berulang: run kedua tidak mengubah apa pun."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", default=str(Path(settings.BASE_DIR) / "fixtures"))

    @transaction.atomic
    def handle(self, *args, **options):
        folder = Path(options["fixtures"])
        changed = 0
        for module_name, filename in SEED_STEPS:
            counts = import_module(module_name).load(folder / filename)
            for key, value in sorted(counts.items()):
                self.stdout.write(f"{filename}: {key}: {value}")
                if not key.endswith("unchanged"):
                    changed += value
        # The loaders save row by row (signals), but a cached API answer must never outlive a reload.
        response_cache.bump_after_commit()
        self.stdout.write(self.style.SUCCESS(f"Selesai; baris dibuat/diubah: {changed}"))
