from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import formatting
from core.models import DataQualityFlag
from core.verification import Verifiable, VerifiableQuerySet, VerifiableQuerySetMixin
from interventions.storage import private_storage
from interventions.validators import validate_amount, validate_fiscal_year, validate_percent, validate_volume
from sites.models import Area, Aspect, Criterion, SlumLocation, Stakeholder

MONEY = {"max_digits": 18, "decimal_places": 2}


class Unit(models.Model):
    """A unit of measure for an intervention's volume (m, m², Ha, unit, KK).

    Units are data: which units a kind allows is a many-to-many an official can change.
    """

    code = models.SlugField(_("kode"), max_length=12, primary_key=True)
    symbol = models.CharField(_("simbol"), max_length=12)
    name = models.CharField(_("nama"), max_length=60)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("satuan")
        verbose_name_plural = _("satuan")
        ordering = ["order", "code"]

    def __str__(self):
        return self.symbol


class FundingSource(models.Model):
    """Where money comes from: APBN, APBD provinsi/kota, DAK, BPM/BDI, Dana Kelurahan, swadaya, CSR, …"""

    class Level(models.TextChoices):
        NATIONAL = "nasional", _("Pusat")
        PROVINCE = "provinsi", _("Provinsi")
        CITY = "kota", _("Kota/kabupaten")
        KELURAHAN = "kelurahan", _("Kelurahan/desa")
        COMMUNITY = "masyarakat", _("Masyarakat")
        PRIVATE = "swasta", _("Swasta")
        UNSPECIFIED = "tidak_dirinci", _("Tidak dirinci di sumber")
        OTHER = "lainnya", _("Lainnya")

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=16, choices=Level.choices)
    notes = models.TextField(_("catatan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sumber dana")
        verbose_name_plural = _("sumber dana")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class InterventionKind(models.Model):
    """A kind of work (jalan beton, rehab RTLH, IPAL komunal, …), the aspect and criteria it
    improves, and the units its volume may be given in."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    aspect = models.ForeignKey(Aspect, verbose_name=_("aspek"), on_delete=models.PROTECT, related_name="+")
    criteria = models.ManyToManyField(Criterion, verbose_name=_("kriteria"), blank=True, related_name="+")
    units = models.ManyToManyField(Unit, verbose_name=_("satuan yang diizinkan"), related_name="kinds")
    default_unit = models.ForeignKey(
        Unit, verbose_name=_("satuan bawaan"), on_delete=models.PROTECT, related_name="default_for"
    )
    description = models.TextField(_("keterangan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jenis kegiatan")
        verbose_name_plural = _("jenis kegiatan")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


def _budget_subquery():
    lines = (
        FundingLine.objects.filter(intervention=OuterRef("pk"))
        .order_by()
        .values("intervention")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(lines, output_field=models.DecimalField(**MONEY)), Value(Decimal(0)))


class InterventionQuerySet(VerifiableQuerySetMixin, models.QuerySet):
    def in_area(self, area: Area):
        """Interventions in ``area``'s subtree (a prefix match on the materialized path)."""
        return self.filter(area__path__startswith=area.path)

    def for_fiscal_year(self, year: int):
        return self.filter(fiscal_year=year)

    def funded_by(self, source):
        """Rows with at least one funding line from ``source``, without duplicating rows."""
        return self.filter(Exists(FundingLine.objects.filter(intervention=OuterRef("pk"), source=source)))

    def with_budget(self):
        """Annotate ``budget``: the sum of the funding lines, computed in the database."""
        return self.annotate(budget=_budget_subquery())


class Intervention(Verifiable):
    """A funded piece of work in a slum location, down to the RT/RW where it happens."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        ONGOING = "ongoing", _("Sedang berjalan")
        COMPLETED = "completed", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    reference = models.CharField(
        _("kode referensi"),
        max_length=60,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Kode dari sistem lain (mis. SIM KOTAKU) atau kunci data awal; boleh kosong."),
    )
    title = models.CharField(_("nama kegiatan"), max_length=255)
    location = models.ForeignKey(
        SlumLocation, verbose_name=_("lokasi kumuh"), on_delete=models.PROTECT, related_name="interventions"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("RT/RW"),
        on_delete=models.PROTECT,
        related_name="interventions",
        help_text=_("RT atau RW tempat kegiatan, di dalam wilayah lokasi."),
    )
    kind = models.ForeignKey(
        InterventionKind, verbose_name=_("jenis kegiatan"), on_delete=models.PROTECT, related_name="interventions"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"), validators=[validate_fiscal_year])
    volume = models.DecimalField(_("volume"), max_digits=14, decimal_places=2, validators=[validate_volume])
    unit = models.ForeignKey(Unit, verbose_name=_("satuan"), on_delete=models.PROTECT, related_name="+")
    implementer = models.ForeignKey(
        Stakeholder,
        verbose_name=_("pelaksana"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implemented_interventions",
    )
    coordinator = models.ForeignKey(
        Stakeholder,
        verbose_name=_("koordinator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_interventions",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    start_date = models.DateField(_("tanggal mulai"), null=True, blank=True)
    end_date = models.DateField(_("tanggal selesai"), null=True, blank=True)
    progress_percent = models.DecimalField(
        _("kemajuan (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_percent],
        help_text=_("Kosong berarti tidak diketahui."),
    )
    beneficiary_households = models.PositiveIntegerField(_("penerima manfaat (KK)"), null=True, blank=True)
    source_document = models.CharField(
        _("dokumen sumber"),
        max_length=255,
        blank=True,
        help_text=_("Misalnya: Tabel 2, Koordinator KOTAKU 2018."),
    )
    notes = models.TextField(_("catatan"), blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    flags = GenericRelation(DataQualityFlag)
    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervensi")
        verbose_name_plural = _("intervensi")
        ordering = ["-fiscal_year", "-id"]
        indexes = [
            models.Index(fields=["fiscal_year", "id"], name="intervention_year"),
            models.Index(fields=["status"], name="intervention_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(volume__gt=0), name="intervention_volume_positive"),
            models.CheckConstraint(
                condition=Q(progress_percent__isnull=True) | Q(progress_percent__gte=0, progress_percent__lte=100),
                name="intervention_progress_range",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="intervention_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(fiscal_year__gte=2000), name="intervention_fiscal_year_min"),
        ]

    def __str__(self):
        return f"{self.title} ({self.fiscal_year})"

    def get_absolute_url(self):
        return reverse("interventions:intervention-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if (
            self.status == self.Status.COMPLETED
            and self.progress_percent is not None
            and self.progress_percent != Decimal(100)
        ):
            errors["progress_percent"] = _("Kegiatan berstatus selesai harus berkemajuan 100% (atau kosong).")
        if errors:
            raise ValidationError(errors)

    @property
    def cost_per_unit(self) -> Decimal | None:
        """Budget ÷ volume, from the ``budget`` the selector annotated; never stored."""
        budget = getattr(self, "budget", None)
        return unit_cost(budget, self.volume)


def unit_cost(budget, volume) -> Decimal | None:
    """Rupiah per unit of volume, rounded to whole rupiah; ``None`` when either side is unknown."""
    if budget is None or not volume:
        return None
    return (Decimal(budget) / Decimal(volume)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


class FundingLine(models.Model):
    """One source's contribution to an intervention in one fiscal year (co-financing = many lines)."""

    intervention = models.ForeignKey(
        Intervention, verbose_name=_("intervensi"), on_delete=models.CASCADE, related_name="funding_lines"
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("sumber dana"), on_delete=models.PROTECT, related_name="funding_lines"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"), validators=[validate_fiscal_year])
    amount = models.DecimalField(_("jumlah (Rp)"), validators=[validate_amount], **MONEY)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("baris pendanaan")
        verbose_name_plural = _("baris pendanaan")
        ordering = ["intervention_id", "fiscal_year", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_line_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.source} {self.fiscal_year}: {formatting.rupiah(self.amount)}"


def progress_photo_path(instance, filename):
    """Server-chosen name: the service already renamed the upload to ``<uuid4>.<ext>``."""
    return f"progress-photos/{filename}"


class ProgressUpdate(Verifiable):
    """A dated progress report on an intervention, with an optional photo."""

    intervention = models.ForeignKey(
        Intervention, verbose_name=_("intervensi"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    date = models.DateField(_("tanggal"))
    percent = models.DecimalField(_("kemajuan (%)"), max_digits=5, decimal_places=2, validators=[validate_percent])
    note = models.TextField(_("catatan"), blank=True)
    photo = models.FileField(
        _("foto"), storage=private_storage, upload_to=progress_photo_path, max_length=200, blank=True
    )
    photo_content_type = models.CharField(_("jenis foto"), max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dilaporkan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    objects = VerifiableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("laporan kemajuan")
        verbose_name_plural = _("laporan kemajuan")
        ordering = ["-date", "-id"]
        # the list's order: without it a page of the national table sorts a million rows (docs/benchmarks.md)
        indexes = [models.Index(fields=["-date", "-id"], name="progress_update_newest")]
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="progress_update_percent_range"),
        ]

    def __str__(self):
        intervention = self.intervention if self._meta.get_field("intervention").is_cached(self) else None
        name = intervention.title if intervention is not None else f"#{self.intervention_id}"
        return f"{name} · {formatting.date_id(self.date)}: {formatting.percent(self.percent)}"
