from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import formatting
from core.models import DataQualityFlag
from core.verification import Verifiable, VerifiableQuerySet


class AreaQuerySet(models.QuerySet):
    def in_subtree(self, area):
        """The area and everything below it: one indexed prefix match on the materialized path."""
        return self.filter(path__startswith=area.path)

    def below(self, area):
        return self.in_subtree(area).exclude(pk=area.pk)

    def of_level(self, *levels):
        return self.filter(level__in=levels)


class Area(models.Model):
    """One node of the administrative tree: provinsi > kota/kabupaten > kecamatan > kelurahan/desa
    > RW > RT. ``path`` is a materialized path of code segments ("21/72/03/1005/RW001/RT002/")
    so that subtree queries are a single prefix match at national scale."""

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KOTA = "kota", _("Kota")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")
        RW = "rw", _("RW")
        RT = "rt", _("RT")

    PARENT_LEVELS = {
        Level.PROVINSI: (),
        Level.KOTA: (Level.PROVINSI,),
        Level.KABUPATEN: (Level.PROVINSI,),
        Level.KECAMATAN: (Level.KOTA, Level.KABUPATEN),
        Level.KELURAHAN: (Level.KECAMATAN,),
        Level.DESA: (Level.KECAMATAN,),
        Level.RW: (Level.KELURAHAN, Level.DESA),
        Level.RT: (Level.RW,),
    }

    level = models.CharField(_("tingkat"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("nama"), max_length=120)
    code = models.CharField(
        _("kode Kemendagri"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Misalnya 21.72.03.1005. RW dan RT tidak punya kode nasional."),
    )
    bps_code = models.CharField(
        _("kode BPS"),
        max_length=20,
        blank=True,
        help_text=_("Disimpan terpisah, tidak diturunkan dari kode Kemendagri."),
    )
    segment = models.CharField(_("segmen jalur"), max_length=20)
    path = models.CharField(_("jalur"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    boundary = models.JSONField(_("batas wilayah (GeoJSON)"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    flags = GenericRelation(DataQualityFlag)
    objects = AreaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="area_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "name"], name="area_level_name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["parent", "segment"], name="area_unique_segment_per_parent"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.level in (self.Level.RW, self.Level.RT):
            return f"{self.get_level_display()} {self.name}"
        return self.name

    def clean(self):
        allowed = self.PARENT_LEVELS.get(self.level, ())
        if self.parent is None and allowed:
            raise ValidationError({"parent": _("Wilayah tingkat ini harus punya induk.")})
        if self.parent is not None and self.parent.level not in allowed:
            raise ValidationError(
                {
                    "parent": _("Induk tingkat %(parent)s tidak sah untuk %(level)s.")
                    % {"parent": self.parent.get_level_display(), "level": self.get_level_display()}
                }
            )

    def build_path(self):
        """Set ``path`` and ``depth`` from the parent; call before ``full_clean()``."""
        prefix = self.parent.path if self.parent_id else ""
        self.path = f"{prefix}{self.segment}/"
        self.depth = (self.parent.depth + 1) if self.parent_id else 0

    def contains(self, other: "Area") -> bool:
        return other.path.startswith(self.path)


class AreaAssignment(models.Model):
    """The areas a coordinator may enter data in; the whole subtree of each area is theirs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_assignments")
    area = models.ForeignKey(Area, verbose_name=_("wilayah"), on_delete=models.CASCADE, related_name="assignments")

    # Who may write where is the heart of the access rules: every grant and withdrawal is kept.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penugasan wilayah")
        verbose_name_plural = _("penugasan wilayah")
        constraints = [models.UniqueConstraint(fields=["user", "area"], name="assignment_unique_user_area")]

    def __str__(self):
        return f"{self.user} → {self.area}"


class Decree(models.Model):
    """A decree (SK) that sets slum locations, e.g. Keputusan Walikota Tanjungpinang No. 337/2014."""

    number = models.CharField(_("nomor"), max_length=60)
    year = models.PositiveSmallIntegerField(_("tahun"))
    issued_on = models.DateField(_("tanggal"), null=True, blank=True)
    issuer = models.CharField(_("penerbit"), max_length=120)
    title = models.CharField(_("judul"), max_length=255)
    area = models.ForeignKey(Area, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="decrees")
    stated_total_ha = models.DecimalField(
        _("total luas menurut SK (Ha)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("sumber"), max_length=255, blank=True)
    document = models.FileField(
        _("berkas SK (PDF)"), upload_to="decrees/%Y/", blank=True, help_text=_("PDF, paling besar 10 MB.")
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    flags = GenericRelation(DataQualityFlag)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surat keputusan")
        verbose_name_plural = _("surat keputusan")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number", "year"], name="decree_unique_number"),
            models.UniqueConstraint(
                fields=["area", "number", "year"],
                name="decree_unique_number_per_area_year",
                violation_error_message=_("Nomor SK ini sudah tercatat untuk kota ini pada tahun yang sama."),
            ),
        ]

    def __str__(self):
        return f"{self.issuer} No. {self.number}/{self.year}"


class SlumLocationQuerySet(models.QuerySet):
    def in_area(self, area):
        return self.filter(area__path__startswith=area.path)


class SlumLocation(models.Model):
    """A decreed slum location, with the administrative names exactly as the decree table prints
    them beside the official areas they are linked to."""

    class Typology(models.TextChoices):
        ABOVE_WATER = "di_atas_air", _("Di atas air")
        WATERFRONT = "tepi_air", _("Tepi air")
        LOWLAND = "dataran_rendah", _("Dataran rendah")
        HILLSIDE = "perbukitan", _("Perbukitan")
        DISASTER_PRONE = "rawan_bencana", _("Rawan bencana")

    decree = models.ForeignKey(Decree, verbose_name=_("SK"), on_delete=models.PROTECT, related_name="locations")
    number = models.PositiveSmallIntegerField(_("nomor urut di SK"))
    name = models.CharField(_("nama lokasi (sesuai SK)"), max_length=120, blank=True)
    printed_kecamatan = models.CharField(_("kecamatan (tercetak)"), max_length=120, blank=True)
    printed_kelurahan = models.CharField(_("kelurahan (tercetak)"), max_length=120, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("wilayah resmi"),
        on_delete=models.PROTECT,
        related_name="slum_locations",
        help_text=_("Wilayah resmi paling rinci yang diketahui (kelurahan, atau kecamatan)."),
    )
    covered_areas = models.ManyToManyField(
        Area, verbose_name=_("RT/RW kumuh"), blank=True, related_name="covering_locations"
    )
    decreed_area_ha = models.DecimalField(_("luas menurut SK (Ha)"), max_digits=10, decimal_places=2)
    typology = models.CharField(_("tipologi"), max_length=20, choices=Typology.choices, blank=True)
    is_priority = models.BooleanField(_("lokasi prioritas"), default=False)
    boundary = models.JSONField(_("batas lokasi (GeoJSON)"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    flags = GenericRelation(DataQualityFlag)
    objects = SlumLocationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[covered_areas])

    class Meta:
        verbose_name = _("lokasi kumuh")
        verbose_name_plural = _("lokasi kumuh")
        ordering = ["decree_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decree", "number"], name="location_unique_number_per_decree"),
            models.CheckConstraint(condition=Q(decreed_area_ha__gte=0), name="location_area_not_negative"),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("sites:location-detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        """The printed name, or the official area's name where the decree printed none."""
        return self.name or str(self.area)


class AreaRecord(Verifiable):
    """The slum area of a location at a point in time, with its source."""

    location = models.ForeignKey(
        SlumLocation, verbose_name=_("lokasi"), on_delete=models.CASCADE, related_name="area_records"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    recorded_on = models.DateField(
        _("tanggal"), null=True, blank=True, help_text=_("Kosongkan bila hanya tahunnya diketahui.")
    )
    area_ha = models.DecimalField(_("luas kumuh (Ha)"), max_digits=10, decimal_places=2)
    source = models.CharField(_("sumber"), max_length=255)
    note = models.TextField(_("catatan"), blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    flags = GenericRelation(DataQualityFlag)
    objects = VerifiableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("catatan luas kumuh")
        verbose_name_plural = _("catatan luas kumuh")
        ordering = ["location_id", "year", "recorded_on"]
        constraints = [
            models.CheckConstraint(condition=Q(area_ha__gte=0), name="area_record_not_negative"),
            models.UniqueConstraint(
                fields=["location", "year", "source"],
                name="area_record_unique_source_year",
                violation_error_message=_("Lokasi ini sudah punya catatan luas dari sumber yang sama untuk tahun itu."),
            ),
        ]

    def __str__(self):
        return f"{self.location} {self.year}: {formatting.hectares(self.area_ha)}"

    def clean(self):
        if self.recorded_on and self.recorded_on.year != self.year:
            raise ValidationError({"recorded_on": _("Tanggal harus berada di tahun yang dicatat.")})


class Stakeholder(models.Model):
    """An organisation or group that acts in the program.

    It lives in ``sites`` because both interventions (implementer, coordinator) and collaboration
    evidence refer to it, and those apps may only import ``sites``.
    """

    class Sector(models.TextChoices):
        GOVERNMENT = "government", _("Pemerintah")
        COMMUNITY = "community", _("Masyarakat")
        PRIVATE = "private", _("Swasta")
        ACADEMIA = "academia", _("Akademisi")
        OTHER = "other", _("Lainnya")

    class Role(models.TextChoices):
        KORKOT = "korkot", _("Koordinator Kota (Korkot) KOTAKU")
        DINAS_PERKIM = "dinas_perkim", _("Dinas Perkim")
        BAPPEDA = "bappeda", _("Bappeda")
        LURAH = "lurah", _("Pemerintah Kelurahan (Lurah)")
        BKM = "bkm", _("BKM/LKM")
        KSM = "ksm", _("KSM")
        POKJA_PKP = "pokja_pkp", _("Pokja PKP")
        FASKEL = "faskel", _("Tim Fasilitator Kelurahan")
        COMMUNITY = "community", _("Masyarakat")
        CENTRAL = "central", _("Pemerintah Pusat / Satker")
        PRIVATE = "private", _("Swasta / CSR")
        ACADEMIA = "academia", _("Perguruan tinggi")
        OTHER = "other", _("Lainnya")

    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=60, blank=True)
    sector = models.CharField(_("sektor"), max_length=12, choices=Sector.choices)
    role = models.CharField(_("peran program"), max_length=20, choices=Role.choices)
    area = models.ForeignKey(
        Area,
        verbose_name=_("wilayah kerja"),
        on_delete=models.PROTECT,
        related_name="stakeholders",
        null=True,
        blank=True,
    )
    description = models.TextField(_("keterangan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    flags = GenericRelation(DataQualityFlag)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pemangku kepentingan")
        verbose_name_plural = _("pemangku kepentingan")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        # The stakeholder page belongs to collaboration, which builds on sites: named, not imported.
        return reverse("collaboration:stakeholder-detail", args=[self.pk])
