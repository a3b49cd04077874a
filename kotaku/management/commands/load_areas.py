import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import response_cache
from kotaku.demo_data.writer import Writers, copy_supported
from sites import official_areas
from sites.services.official_load import official_areas_load


class Command(BaseCommand):
    help = (
        "Muat daftar wilayah resmi Indonesia (idn-area-data 4.0.1, kode Kemendagri; data ODbL): "
        "provinsi, kabupaten/kota, kecamatan, kelurahan/desa. Aman dijalankan berulang; nama yang "
        "sudah tercatat tidak pernah ditimpa (perbedaan dilaporkan dan ditandai)."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--all", action="store_true", help="Seluruh Indonesia.")
        scope.add_argument("--province", metavar="KODE", help="Satu provinsi, misalnya 21.")
        scope.add_argument("--city", metavar="KODE", help="Satu kabupaten/kota, misalnya 21.72.")

    def handle(self, *args, **options):
        scope_code = options["province"] or options["city"]
        if scope_code is not None:
            scope_code = scope_code.strip()
            expected_depth = 0 if options["province"] else 1
            official = official_areas.official_area(scope_code)
            if official is None or official.depth != expected_depth:
                what = "provinsi" if options["province"] else "kabupaten/kota"
                raise CommandError(f"Kode {what} {scope_code!r} tidak ada di daftar wilayah resmi.")
        try:
            official_areas.official_areas()
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        started = time.monotonic()
        writers = Writers(use_copy=copy_supported(), now=timezone.now())
        report = official_areas_load(scope_code=scope_code, writers=writers)
        if report.created_total:
            response_cache.bump_after_commit()
        out = self.stdout.write
        out(f"sumber: {official_areas.SOURCE_LABEL}")
        for level in ("provinsi", "kota", "kabupaten", "kecamatan", "kelurahan", "desa"):
            if report.created[level] or report.unchanged[level]:
                out(f"{level}: dibuat {report.created[level]}, sudah ada {report.unchanged[level]}")
        for difference in report.differences:
            note = "ditandai" if difference.flagged else "sudah ditandai"
            out(
                f"dibiarkan {difference.code}: tercatat “{difference.recorded}”, "
                f"daftar resmi “{difference.official}” ({note})"
            )
        for code in report.blocked:
            out(f"dibiarkan {code}: tempatnya di pohon wilayah sudah dipakai wilayah lain (periksa)")
        out(
            self.style.SUCCESS(
                f"Selesai: dibuat {report.created_total}, dibiarkan {report.left_alone_total} "
                f"(nama berbeda: {len(report.differences)}) dalam {time.monotonic() - started:.1f} s"
            )
        )
