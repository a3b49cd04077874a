"""The indicator framework as data: rule sets, aspects, criteria, score bands, class thresholds,
non-physical considerations, land-legality items and handling patterns.

Everything a regulation (or public practice, or general knowledge: DOMAIN.md tags [V]/[P]/[M])
fixes about scoring is a row here that an official can inspect and correct; ``sites.scoring``
reads these rows through ``sites.rules`` and holds no constants of its own.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SlumLevel(models.TextChoices):
    TIDAK_KUMUH = "tidak_kumuh", _("Tidak kumuh")
    RINGAN = "ringan", _("Kumuh ringan")
    SEDANG = "sedang", _("Kumuh sedang")
    BERAT = "berat", _("Kumuh berat")


class Legality(models.TextChoices):
    LEGAL = "legal", _("Legal")
    NOT_LEGAL = "tidak_legal", _("Tidak legal")


class ConsiderationLevel(models.TextChoices):
    TINGGI = "tinggi", _("Tinggi")
    SEDANG = "sedang", _("Sedang")
    RENDAH = "rendah", _("Rendah")


class RuleSet(models.Model):
    """A versioned scoring rule set (Permen PUPR 14/PRT/M/2018, 02/PRT/M/2016, ...).

    Bands and class thresholds are rows of this rule set that an official can inspect; the scoring
    module reads them, it holds no constants of its own.
    """

    class Regulation(models.TextChoices):
        PRE_2016 = "pre_2016", _("Sebelum 2016")
        PERMEN_02_2016 = "02_2016", _("Permen PUPR 02/PRT/M/2016")
        PERMEN_14_2018 = "14_2018", _("Permen PUPR 14/PRT/M/2018")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    regulation = models.CharField(_("versi regulasi"), max_length=10, choices=Regulation.choices)
    percent_places = models.PositiveSmallIntegerField(
        _("pembulatan persen (desimal)"),
        default=2,
        help_text=_("Persentase dibulatkan ke sekian desimal sebelum dibandingkan dengan pita skor."),
    )
    is_default = models.BooleanField(_("bawaan"), default=False)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("aturan penilaian")
        verbose_name_plural = _("aturan penilaian")
        ordering = ["-is_default", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_places__lte=4), name="rule_set_percent_places_max_4"),
        ]

    def __str__(self):
        return self.name


class Aspect(models.Model):
    """One of the seven slum indicators (aspek): bangunan, jalan, air minum, drainase, ..."""

    # The explicit bound is PostgreSQL's smallint; without it the API schema would say int64 on
    # SQLite (which bounds no integer) and 32767 on PostgreSQL.
    number = models.PositiveSmallIntegerField(_("nomor"), unique=True, validators=[MaxValueValidator(32767)])
    name = models.CharField(_("nama"), max_length=120)

    class Meta:
        verbose_name = _("aspek kekumuhan")
        verbose_name_plural = _("aspek kekumuhan")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Criterion(models.Model):
    """A criterion of a rule set, with a stable code ("1a" … "7b") and what it measures."""

    class Unit(models.TextChoices):
        BUILDING = "unit", _("unit bangunan")
        HECTARE = "ha", _("Ha")
        METRE = "m", _("m")
        HOUSEHOLD = "kk", _("KK")

    class Denominator(models.TextChoices):
        BUILDINGS = "buildings", _("jumlah bangunan")
        AREA = "area_ha", _("luas terverifikasi (Ha)")
        ROAD_LENGTH = "road_length_m", _("panjang jalan lingkungan ideal (m)")
        DRAINAGE_LENGTH = "drainage_length_m", _("panjang drainase ideal (m)")
        HOUSEHOLDS = "households", _("jumlah KK")

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="criteria")
    aspect = models.ForeignKey(Aspect, verbose_name=_("aspek"), on_delete=models.PROTECT, related_name="criteria")
    code = models.CharField(_("kode"), max_length=4)
    name = models.CharField(_("nama"), max_length=255)
    unit = models.CharField(_("satuan volume"), max_length=4, choices=Unit.choices)
    denominator = models.CharField(_("pembagi"), max_length=20, choices=Denominator.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    description = models.TextField(_("arti indikator"), blank=True)
    note = models.CharField(
        _("catatan sumber"), max_length=255, blank=True, help_text=_("Asal kriteria, satuan dan pembagi ([V]/[P]/[M]).")
    )

    class Meta:
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        ordering = ["rule_set_id", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="criterion_unique_code_per_rule_set")]

    def __str__(self):
        return f"{self.code} {self.name}"


class ScoreBand(models.Model):
    """A criterion scores ``score`` when its percent, rounded to the rule set's decimals, is at
    least ``min_percent`` (and below the next band)."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="bands")
    min_percent = models.DecimalField(_("batas bawah (%)"), max_digits=7, decimal_places=4)
    score = models.PositiveSmallIntegerField(_("skor"))
    label = models.CharField(_("rentang tercetak"), max_length=40, help_text=_("Misalnya “76–100%”."))

    class Meta:
        verbose_name = _("pita skor")
        verbose_name_plural = _("pita skor")
        ordering = ["rule_set_id", "min_percent"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "min_percent"], name="band_unique_min_per_rule_set"),
            models.CheckConstraint(
                condition=Q(min_percent__gte=0) & Q(min_percent__lte=100), name="band_min_percent_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.label} \u2192 {self.score}"


class LevelThreshold(models.Model):
    """The slum level of a total score: ``level`` when ``min_total`` <= total <= ``max_total``."""

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="thresholds")
    level = models.CharField(_("tingkat kekumuhan"), max_length=12, choices=SlumLevel.choices)
    min_total = models.PositiveSmallIntegerField(_("total minimum"))
    max_total = models.PositiveSmallIntegerField(_("total maksimum"))

    class Meta:
        verbose_name = _("ambang tingkat kekumuhan")
        verbose_name_plural = _("ambang tingkat kekumuhan")
        ordering = ["rule_set_id", "-min_total"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "level"], name="threshold_unique_level_per_rule_set"),
            models.UniqueConstraint(fields=["rule_set", "min_total"], name="threshold_unique_min_per_rule_set"),
            models.CheckConstraint(condition=Q(min_total__lte=F("max_total")), name="threshold_min_not_above_max"),
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.min_total}–{self.max_total}"


class ConsiderationFactor(models.Model):
    """A non-physical consideration (pertimbangan lain): strategic value, density, socio-economic."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="consideration_factors"
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("pertimbangan lain")
        verbose_name_plural = _("pertimbangan lain")
        ordering = ["rule_set_id", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="factor_unique_code_per_rule_set")]

    def __str__(self):
        return self.name


class ConsiderationOption(models.Model):
    factor = models.ForeignKey(
        ConsiderationFactor, verbose_name=_("pertimbangan"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.SlugField(_("kode"), max_length=40)
    label = models.CharField(_("parameter"), max_length=255)
    score = models.PositiveSmallIntegerField(_("nilai"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("pilihan pertimbangan")
        verbose_name_plural = _("pilihan pertimbangan")
        ordering = ["factor_id", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["factor", "code"], name="option_unique_code_per_factor")]

    def __str__(self):
        return f"{self.label} ({self.score})"


class ConsiderationClass(models.Model):
    """The class (tinggi/sedang/rendah) of the summed consideration scores."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="consideration_classes"
    )
    level = models.CharField(_("kelas"), max_length=10, choices=ConsiderationLevel.choices)
    min_total = models.PositiveSmallIntegerField(_("total minimum"))
    max_total = models.PositiveSmallIntegerField(_("total maksimum"))

    class Meta:
        verbose_name = _("kelas pertimbangan lain")
        verbose_name_plural = _("kelas pertimbangan lain")
        ordering = ["rule_set_id", "-min_total"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "level"], name="consideration_class_unique_level"),
            models.CheckConstraint(
                condition=Q(min_total__lte=F("max_total")), name="consideration_class_min_not_above_max"
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.min_total}–{self.max_total}"


class LegalityItem(models.Model):
    """One positive/negative item of land legality; all positive means *legal*."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="legality_items"
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("butir legalitas lahan")
        verbose_name_plural = _("butir legalitas lahan")
        ordering = ["rule_set_id", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="legality_item_unique_code")]

    def __str__(self):
        return self.name


class HandlingPattern(models.Model):
    """Pola penanganan for a slum level and land legality (DOMAIN.md 1.6)."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="handling_patterns"
    )
    level = models.CharField(_("tingkat kekumuhan"), max_length=12, choices=SlumLevel.choices)
    legality = models.CharField(_("legalitas lahan"), max_length=12, choices=Legality.choices)
    code = models.SlugField(_("kode pola"), max_length=40)
    name = models.CharField(_("pola penanganan"), max_length=120)

    class Meta:
        verbose_name = _("pola penanganan")
        verbose_name_plural = _("pola penanganan")
        ordering = ["rule_set_id", "level", "legality"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "level", "legality"], name="pattern_unique_level_legality")
        ]

    def __str__(self):
        return self.name
