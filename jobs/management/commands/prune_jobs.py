from django.core.management.base import BaseCommand

from jobs import services


class Command(BaseCommand):
    help = (
        "Hapus berkas hasil pekerjaan yang selesai lebih lama dari JOBS_RETENTION_HOURS, dan catat "
        "pekerjaan yang pekerjanya mati sebagai gagal."
    )

    def handle(self, *args, **options):
        stale = services.job_mark_stale_failed()
        deleted = services.job_prune()
        self.stdout.write(f"{deleted} berkas hasil dihapus, {stale} pekerjaan mati dicatat gagal.")
