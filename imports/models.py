from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import roles


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officials see every run; everyone else only their own."""
        if roles.is_official(user):
            return self
        return self.filter(user=user) if user.is_authenticated else self.none()


class ImportRun(models.Model):
    """One attempt to import a spreadsheet: who, which file, dry run or committed, and what it did.

    Only the counts and a capped report are kept (``report``: errors, created, updated and
    unchanged rows, each list cut at ``imports.report.LIST_LIMIT``), so a 50,000-row file leaves
    a record of bounded size. The uploaded file itself is kept (under a server-chosen name) only
    while a dry run waits to be committed.
    """

    class Mode(models.TextChoices):
        DRY_RUN = "dry_run", _("Uji coba (tidak disimpan)")
        COMMIT = "commit", _("Diterapkan")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        INVALID = "invalid", _("Ada kesalahan; tidak ada yang disimpan")
        REJECTED = "rejected", _("Berkas ditolak")

    class Origin(models.TextChoices):
        WEB = "web", _("Halaman unggah")
        COMMAND = "command", _("Perintah import_xlsx")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_runs",
    )
    username = models.CharField(_("nama pengguna"), max_length=150)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    file_format = models.CharField(_("format"), max_length=8, blank=True)
    stored_name = models.CharField(
        _("nama berkas tersimpan"),
        max_length=80,
        blank=True,
        help_text=_("Nama pilihan server; diisi selama uji coba menunggu diterapkan."),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    status = models.CharField(_("hasil"), max_length=10, choices=Status.choices)
    origin = models.CharField(_("asal"), max_length=10, choices=Origin.choices)
    sheets = models.JSONField(_("lembar"), default=list, blank=True)
    rows = models.PositiveIntegerField(_("baris data"), default=0)
    created = models.PositiveIntegerField(_("dibuat"), default=0)
    updated = models.PositiveIntegerField(_("diubah"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    errors = models.PositiveIntegerField(_("kesalahan"), default=0)
    report = models.JSONField(_("laporan"), default=dict, blank=True)
    source_run = models.ForeignKey(
        "self",
        verbose_name=_("dari uji coba"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commits",
    )
    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"))

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("riwayat impor")
        verbose_name_plural = _("riwayat impor")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["user", "-started_at"], name="import_run_user_started")]
        constraints = [
            models.CheckConstraint(
                condition=Q(stored_name="") | Q(mode="dry_run"), name="import_run_stored_only_for_dry_run"
            ),
        ]

    def __str__(self):
        return f"{self.original_name} ({self.get_mode_display()}, {self.started_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("imports:importrun-detail", args=[self.pk])

    @property
    def duration_seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()
