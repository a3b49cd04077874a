import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core import response_cache
from kotaku.demo_data import SCALES, SYNTHETIC_PREFIX, Generator, purge, synthetic_exists
from kotaku.demo_data.writer import Writers, copy_supported

DEFAULT_SEED = 20140337


class Command(BaseCommand):
    help = (
        "Buat data sintetis yang deterministik (wilayah, lokasi kumuh, penilaian, intervensi, pertemuan) "
        "pada skala tiny/city/province/national. Data awal makalah tidak pernah diubah; wilayah sintetis "
        f"berkode awalan {SYNTHETIC_PREFIX!r}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="city")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Benih acak; benih sama → data sama.")
        parser.add_argument("--reset", action="store_true", help="Hapus dulu data sintetis yang ada (hanya itu).")
        parser.add_argument("--delete", action="store_true", help="Hanya hapus data sintetis, lalu berhenti.")
        parser.add_argument(
            "--no-copy",
            action="store_true",
            help="Pakai bulk_create juga di PostgreSQL (bawaan: COPY untuk semua tabel di PostgreSQL).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["delete"] or options["reset"]:
            with transaction.atomic():
                deleted = purge()
                # Bulk deletes and inserts (COPY, bulk_create) send no signals.
                response_cache.bump_after_commit()
            for label, count in sorted(deleted.items()):
                self.stdout.write(f"dihapus {label}: {count}")
            self.stdout.write(f"penghapusan: {time.monotonic() - started:.1f} s")
            if options["delete"]:
                return
        elif synthetic_exists():
            raise CommandError(
                "Data sintetis sudah ada. Jalankan dengan --reset untuk menghapusnya (hanya data sintetis) "
                "dan membuat ulang, atau --delete untuk menghapus saja."
            )

        use_copy = copy_supported() and not options["no_copy"]
        writers = Writers(use_copy=use_copy, now=timezone.now())
        scale = SCALES[options["scale"]]
        self.stdout.write(
            f"skala {scale.name}, benih {options['seed']}, penulisan {'COPY' if use_copy else 'bulk_create'}"
        )
        generated = time.monotonic()
        with transaction.atomic():
            generator = Generator(scale=scale, seed=options["seed"], writers=writers, log=self.stdout.write)
            counts = generator.run()
            written = writers.finish()
            response_cache.bump_after_commit()
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(f"baris ditulis: {sum(written.values())} di {len(written)} tabel")
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai dalam {time.monotonic() - generated:.1f} s (total {time.monotonic() - started:.1f} s)"
            )
        )
