from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import roles


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officials see every job; everyone else only their own."""
        if not user.is_authenticated:
            return self.none()
        if roles.is_official(user):
            return self
        return self.filter(owner=user)


class Job(models.Model):
    """One piece of long work run by a background worker: an import, an export, a report, a backup.

    The row holds the job's state and outcome. While the job runs, its progress, heartbeat and a
    cancel request travel through small files beside its result (``jobs.progress``), not through
    this row: an import holds its one write transaction for minutes, and on SQLite no other
    connection could write the row meanwhile.
    """

    class Kind(models.TextChoices):
        IMPORT = "import", _("Impor spreadsheet")
        EXPORT = "export", _("Ekspor daftar")
        REPORT = "report", _("Unduhan laporan")
        BACKUP = "backup", _("Cadangan basis data")

    class State(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pemilik"), on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=200)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.QUEUED)
    message = models.TextField(_("pesan"), blank=True)
    done = models.PositiveBigIntegerField(_("selesai"), default=0)
    total = models.PositiveBigIntegerField(_("jumlah"), default=0)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    task_id = models.CharField(_("ID tugas"), max_length=64, blank=True)
    result_url = models.CharField(_("halaman hasil"), max_length=200, blank=True)
    result_name = models.CharField(_("berkas hasil"), max_length=80, blank=True)
    download_name = models.CharField(_("nama unduhan"), max_length=200, blank=True)
    content_type = models.CharField(_("jenis isi"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("pekerjaan")
        verbose_name_plural = _("pekerjaan")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_created"),
            models.Index(fields=["state", "finished_at"], name="job_state_finished"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("jobs:job-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED, self.State.CANCELLED)
