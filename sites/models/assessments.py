"""Assessments of a slum location (or one RT of it) under a rule set, and their measurements.

Scores, totals and classes are never typed in: the columns marked "computed" are written only by
``sites.services.assessments`` from the result of ``sites.scoring``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import DataQualityFlag
from core.verification import Verifiable, VerifiableQuerySetMixin
from sites.models.areas import Area, SlumLocation
from sites.models.rules import (
    Aspect,
    ConsiderationFactor,
    ConsiderationLevel,
    ConsiderationOption,
    Criterion,
    HandlingPattern,
    Legality,
    LegalityItem,
    RuleSet,
    SlumLevel,
)

HEADER_FIELDS = {
    # scoring denominator key -> Assessment field
    Criterion.Denominator.AREA: "verified_area_ha",
    Criterion.Denominator.BUILDINGS: "buildings",
    Criterion.Denominator.ROAD_LENGTH: "road_length_m",
    Criterion.Denominator.DRAINAGE_LENGTH: "drainage_length_m",
    Criterion.Denominator.HOUSEHOLDS: "households",
}


class AssessmentQuerySet(VerifiableQuerySetMixin, models.QuerySet):
    def in_area(self, area):
        return self.filter(location__area__path__startswith=area.path)

    def whole_location(self):
        return self.filter(area__isnull=True)

    def latest_first(self):
        return self.order_by(F("assessed_on").desc(nulls_last=True), F("year").desc(nulls_last=True), "-id")


class Assessment(Verifiable):
    """A scoring of a location, or of one RT within it, on a date, under a rule set."""

    class Source(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        VERIFICATION = "verification", _("Verifikasi")
        MONITORING = "monitoring", _("Pemantauan")
        EVALUATION = "evaluation", _("Evaluasi")
        OTHER = "other", _("Lainnya")

    location = models.ForeignKey(
        SlumLocation, verbose_name=_("lokasi"), on_delete=models.PROTECT, related_name="assessments"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("RT yang dinilai"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        help_text=_("Kosongkan bila penilaian mencakup seluruh lokasi."),
    )
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("aturan penilaian"), on_delete=models.PROTECT)
    regulation_version = models.CharField(_("versi regulasi"), max_length=10, choices=RuleSet.Regulation.choices)
    assessed_on = models.DateField(_("tanggal penilaian"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    source = models.CharField(_("jenis data"), max_length=20, choices=Source.choices)
    source_document = models.CharField(_("dokumen sumber"), max_length=255, blank=True)

    verified_area_ha = models.DecimalField(
        _("luas terverifikasi (Ha)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    buildings = models.PositiveIntegerField(_("jumlah bangunan (unit)"), null=True, blank=True)
    population = models.PositiveIntegerField(_("jumlah penduduk (jiwa)"), null=True, blank=True)
    households = models.PositiveIntegerField(_("jumlah KK"), null=True, blank=True)
    road_length_m = models.DecimalField(
        _("panjang jalan lingkungan ideal (m)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    drainage_length_m = models.DecimalField(
        _("panjang drainase ideal (m)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    stated_level = models.CharField(
        _("tingkat menurut sumber"),
        max_length=12,
        choices=SlumLevel.choices,
        blank=True,
        help_text=_("Kelas yang dinyatakan sumber, disimpan terpisah dari kelas hasil hitungan."),
    )
    notes = models.TextField(_("catatan"), blank=True)

    # computed by the service from sites.scoring
    is_complete = models.BooleanField(_("data lengkap"), default=False, editable=False)
    total_score = models.PositiveSmallIntegerField(_("total skor"), null=True, blank=True, editable=False)
    max_score = models.PositiveSmallIntegerField(_("skor maksimum"), null=True, blank=True, editable=False)
    level = models.CharField(
        _("tingkat kekumuhan"), max_length=12, choices=SlumLevel.choices, blank=True, editable=False
    )
    consideration_score = models.PositiveSmallIntegerField(
        _("nilai pertimbangan lain"), null=True, blank=True, editable=False
    )
    consideration_class = models.CharField(
        _("kelas pertimbangan lain"), max_length=10, choices=ConsiderationLevel.choices, blank=True, editable=False
    )
    legal_status = models.CharField(
        _("legalitas lahan"), max_length=12, choices=Legality.choices, blank=True, editable=False
    )
    handling_pattern = models.ForeignKey(
        HandlingPattern,
        verbose_name=_("pola penanganan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
    )

    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    flags = GenericRelation(DataQualityFlag)
    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penilaian kekumuhan")
        verbose_name_plural = _("penilaian kekumuhan")
        ordering = ["location_id", F("assessed_on").desc(nulls_last=True), "-id"]
        indexes = [models.Index(fields=["location", "assessed_on"], name="assessment_location_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified_area_ha__isnull=True) | Q(verified_area_ha__gte=0),
                name="assessment_area_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(road_length_m__isnull=True) | Q(road_length_m__gte=0),
                name="assessment_road_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(drainage_length_m__isnull=True) | Q(drainage_length_m__gte=0),
                name="assessment_drainage_not_negative",
            ),
        ]

    def __str__(self):
        when = self.assessed_on or self.year or _("tanggal tidak diketahui")
        return f"{self.location} · {self.area or _('seluruh lokasi')} · {when}"

    def get_absolute_url(self):
        return reverse("sites:assessment-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.assessed_on and self.year and self.assessed_on.year != self.year:
            errors["year"] = _("Tahun harus sama dengan tahun tanggal penilaian.")
        if self.area_id and self.area.level != Area.Level.RT:
            errors["area"] = _("Penilaian per wilayah hanya untuk RT.")
        elif self.area_id and self.location_id and not self.location.area.contains(self.area):
            errors["area"] = _("RT ini tidak berada di wilayah lokasi.")
        if errors:
            raise ValidationError(errors)

    def header(self) -> dict:
        """The denominators keyed as the scoring module names them."""
        return {key: getattr(self, name) for key, name in HEADER_FIELDS.items()}


class Measurement(models.Model):
    """A criterion's raw value in an assessment: the failing volume and its denominator, or a
    percent recorded directly. ``used_denominator`` (the given one, else the header's), ``percent``
    (rounded; negative clamped to 0) and ``score`` are computed."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("penilaian"), on_delete=models.CASCADE, related_name="measurements"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("kriteria"), on_delete=models.PROTECT)
    volume = models.DecimalField(_("volume"), max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(
        _("pembagi"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk memakai data umum penilaian (jumlah bangunan, luas, panjang jalan, ...)."),
    )
    given_percent = models.DecimalField(
        _("persen dicatat langsung"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    # computed by the service from sites.scoring
    used_denominator = models.DecimalField(
        _("pembagi dipakai"), max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    percent = models.DecimalField(_("persen"), max_digits=8, decimal_places=4, null=True, blank=True, editable=False)
    score = models.PositiveSmallIntegerField(_("skor"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengukuran")
        verbose_name_plural = _("pengukuran")
        ordering = ["assessment_id", "criterion__order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="measurement_unique_criterion"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gte=0), name="measurement_denominator_positive"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.score}"


class AssessmentAspect(models.Model):
    """An aspect's computed score in an assessment (``None`` while a criterion lacks data)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="aspect_scores")
    aspect = models.ForeignKey(Aspect, verbose_name=_("aspek"), on_delete=models.PROTECT)
    criteria = models.PositiveSmallIntegerField(_("jumlah kriteria"))
    measured = models.PositiveSmallIntegerField(_("kriteria terukur"))
    score = models.PositiveSmallIntegerField(_("skor"), null=True, blank=True)
    average_percent = models.DecimalField(_("rata-rata persen"), max_digits=8, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("skor aspek")
        verbose_name_plural = _("skor aspek")
        ordering = ["assessment_id", "aspect__number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "aspect"], name="aspect_score_unique")]

    def __str__(self):
        return f"{self.aspect}: {self.score}"


class ConsiderationAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="consideration_answers")
    factor = models.ForeignKey(ConsiderationFactor, verbose_name=_("pertimbangan"), on_delete=models.PROTECT)
    option = models.ForeignKey(ConsiderationOption, verbose_name=_("pilihan"), on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jawaban pertimbangan lain")
        verbose_name_plural = _("jawaban pertimbangan lain")
        ordering = ["assessment_id", "factor__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "factor"], name="consideration_answer_unique")]

    def __str__(self):
        return f"{self.factor}: {self.option}"

    def clean(self):
        if self.option_id and self.factor_id and self.option.factor_id != self.factor_id:
            raise ValidationError({"option": _("Pilihan ini bukan milik pertimbangan tersebut.")})


class LegalityAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="legality_answers")
    item = models.ForeignKey(LegalityItem, verbose_name=_("butir"), on_delete=models.PROTECT)
    is_positive = models.BooleanField(_("positif"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jawaban legalitas lahan")
        verbose_name_plural = _("jawaban legalitas lahan")
        ordering = ["assessment_id", "item__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="legality_answer_unique")]

    def __str__(self):
        return f"{self.item}: {'+' if self.is_positive else '-'}"
