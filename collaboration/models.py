"""Evidence of the collaboration process (Ansell & Gash 2008), one model per kind of record.

Each record belongs to a slum location, is dated with a fuzzy date (day, year or unknown) and names
its stakeholders (``sites.Stakeholder``). Contact people and attendance by person are personal data:
pages and the API show them only to roles allowed by ``core.roles.can_see_personal_data``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from collaboration.fuzzydate import (
    FuzzyDate,
    FuzzyDated,
    clean_fuzzy,
    fuzzy_date_condition,
    fuzzy_date_fields,
    newest_first,
    read_fuzzy,
)
from core.models import DataQualityFlag
from sites.models import SlumLocation, Stakeholder


class Stage(models.TextChoices):
    """The five stages of the collaborative process, in the order the paper discusses them."""

    DIALOGUE = "dialogue", _("Dialog tatap muka")
    TRUST = "trust", _("Membangun kepercayaan")
    COMMITMENT = "commitment", _("Komitmen pada proses")
    UNDERSTANDING = "understanding", _("Pemahaman bersama")
    OUTCOMES = "outcomes", _("Hasil antara")


class LocatedQuerySet(models.QuerySet):
    def for_location(self, location):
        return self.filter(location=location)

    def in_area(self, area):
        return self.filter(location__area__path__startswith=area.path)


def _import_key_field():
    return models.SlugField(
        _("kunci impor"),
        max_length=80,
        blank=True,
        help_text=_("Kunci tetap untuk memuat ulang data awal; kosong untuk data yang diisi pengguna."),
    )


def _version_field():
    return models.PositiveIntegerField(_("versi"), default=1, editable=False)


class LocatedRecord(FuzzyDated):
    """Abstract: a dated record about one slum location, with its source and data-quality flags."""

    location = models.ForeignKey(
        SlumLocation,
        verbose_name=_("lokasi"),
        on_delete=models.PROTECT,
        related_name="collaboration_%(class)ss",
    )
    source = models.CharField(
        _("sumber"), max_length=255, blank=True, help_text=_("Dokumen atau rujukan, mis. 'Ismail dkk., bagian III.1'.")
    )
    import_key = _import_key_field()
    version = _version_field()

    flags = GenericRelation(DataQualityFlag)
    objects = LocatedQuerySet.as_manager()

    class Meta(FuzzyDated.Meta):
        abstract = True
        ordering = newest_first()
        constraints = [
            *FuzzyDated.Meta.constraints,
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~Q(import_key=""),
                name="%(app_label)s_%(class)s_unique_import_key",
            ),
        ]


class Evidence(LocatedRecord):
    """Abstract: a piece of evidence for one stage; ``STAGE`` names the stage."""

    STAGE: str = ""

    title = models.CharField(_("judul"), max_length=200)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta(LocatedRecord.Meta):
        abstract = True

    def __str__(self):
        return self.title

    @property
    def stage(self) -> str:
        return self.STAGE


class ContactPerson(models.Model):
    """A contact person of a stakeholder. Personal data: shown only to roles that need it."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Perempuan")
        MALE = "male", _("Laki-laki")
        UNSTATED = "unstated", _("Tidak disebut")

    stakeholder = models.ForeignKey(
        Stakeholder, verbose_name=_("pemangku kepentingan"), on_delete=models.CASCADE, related_name="contact_people"
    )
    name = models.CharField(_("nama"), max_length=120)
    position = models.CharField(_("jabatan"), max_length=120, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=10, choices=Gender.choices, default=Gender.UNSTATED)
    version = _version_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("narahubung")
        verbose_name_plural = _("narahubung")
        ordering = ["stakeholder_id", "name", "id"]

    def __str__(self):
        return self.name


class Meeting(Evidence):
    """Face-to-face dialogue: a forum meeting with its agenda, minutes, decisions and attendance."""

    STAGE = Stage.DIALOGUE

    class ForumType(models.TextChoices):
        ROUTINE = "routine", _("Rutin")
        INCIDENTAL = "incidental", _("Insidental")

    forum_type = models.CharField(_("jenis forum"), max_length=12, choices=ForumType.choices)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("notula"), blank=True)
    decisions = models.TextField(_("keputusan"), blank=True)
    stakeholders = models.ManyToManyField(
        Stakeholder,
        verbose_name=_("pemangku kepentingan yang hadir"),
        through="Attendance",
        related_name="collaboration_meetings",
    )
    people = models.ManyToManyField(
        ContactPerson, verbose_name=_("kehadiran perorangan"), blank=True, related_name="meetings"
    )

    history = HistoricalRecords(m2m_fields=[people])

    class Meta(Evidence.Meta):
        verbose_name = _("pertemuan")
        verbose_name_plural = _("pertemuan")


class Attendance(models.Model):
    """A stakeholder's presence at a meeting, with head counts when they are known."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("pertemuan"), on_delete=models.CASCADE, related_name="attendance"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, verbose_name=_("pemangku kepentingan"), on_delete=models.PROTECT, related_name="+"
    )
    participants = models.PositiveIntegerField(
        _("jumlah peserta"), null=True, blank=True, help_text=_("Kosongkan bila tidak diketahui.")
    )
    women = models.PositiveIntegerField(
        _("jumlah peserta perempuan"), null=True, blank=True, help_text=_("Kosongkan bila tidak diketahui.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        ordering = ["meeting_id", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "stakeholder"], name="attendance_unique_stakeholder"),
            models.CheckConstraint(
                condition=Q(women__isnull=True) | Q(participants__isnull=True) | Q(women__lte=F("participants")),
                name="attendance_women_within_participants",
                violation_error_message=_("Jumlah peserta perempuan tidak boleh melebihi jumlah peserta."),
            ),
        ]

    def __str__(self):
        return f"{self.meeting} · {self.stakeholder}"

    def clean(self):
        if self.women is not None and self.participants is not None and self.women > self.participants:
            raise ValidationError({"women": _("Jumlah peserta perempuan tidak boleh melebihi jumlah peserta.")})


class DataSharing(Evidence):
    """Trust building: who shared what data with whom."""

    STAGE = Stage.TRUST

    class Kind(models.TextChoices):
        SLUM_DATA = "slum_data", _("Data/profil kumuh")
        MAP = "map", _("Peta")
        PLAN = "plan", _("Dokumen perencanaan")
        BUDGET = "budget", _("Anggaran")
        REPORT = "report", _("Laporan kegiatan/keuangan")
        REGULATION = "regulation", _("Regulasi/SK")
        OTHER = "other", _("Lainnya")

    kind = models.CharField(_("jenis data"), max_length=12, choices=Kind.choices)
    data_shared = models.CharField(_("data yang dibagikan"), max_length=255)
    is_mutual = models.BooleanField(
        _("saling berbagi"), default=False, help_text=_("Para pihak saling berbagi data; tidak ada satu pemberi.")
    )
    from_stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("dari"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collaboration_data_shared",
    )
    to_stakeholders = models.ManyToManyField(
        Stakeholder, verbose_name=_("kepada / para pihak"), related_name="collaboration_data_received"
    )

    history = HistoricalRecords(m2m_fields=[to_stakeholders])

    class Meta(Evidence.Meta):
        verbose_name = _("berbagi data")
        verbose_name_plural = _("berbagi data")

    def clean(self):
        super().clean()
        if self.is_mutual and self.from_stakeholder_id:
            raise ValidationError({"from_stakeholder": _("Kosongkan pemberi data bila para pihak saling berbagi.")})
        if not self.is_mutual and not self.from_stakeholder_id:
            raise ValidationError({"from_stakeholder": _("Pilih pemberi data, atau tandai 'saling berbagi'.")})


class Agreement(Evidence):
    """Commitment to process: a nota kesepakatan or MoU with its signatories and timeline."""

    STAGE = Stage.COMMITMENT

    class Kind(models.TextChoices):
        NOTA_KESEPAKATAN = "nota_kesepakatan", _("Nota kesepakatan")
        MOU = "mou", _("Nota kesepahaman (MoU)")
        COOPERATION = "pks", _("Perjanjian kerja sama")
        COMMITMENT = "commitment", _("Berita acara komitmen")
        OTHER = "other", _("Lainnya")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    summary = models.TextField(_("isi kesepakatan"), blank=True)
    timeline_note = models.TextField(
        _("catatan jadwal kegiatan"),
        blank=True,
        help_text=_("Keterangan jadwal (time line) kegiatan bila tonggaknya belum dirinci."),
    )
    signatories = models.ManyToManyField(
        Stakeholder, verbose_name=_("penanda tangan"), blank=True, related_name="collaboration_agreements"
    )

    history = HistoricalRecords(m2m_fields=[signatories])

    class Meta(Evidence.Meta):
        verbose_name = _("kesepakatan")
        verbose_name_plural = _("kesepakatan")


class Milestone(models.Model):
    """A step of an agreement's timeline, with when it was due and when it was done."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        IN_PROGRESS = "in_progress", _("Berjalan")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("kesepakatan"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("tonggak"), max_length=200)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    due_precision, due_date, due_year = fuzzy_date_fields(
        _("tanggal tenggat"), _("tahun tenggat"), _("ketepatan tenggat")
    )
    done_precision, done_date, done_year = fuzzy_date_fields(
        _("tanggal selesai"), _("tahun selesai"), _("ketepatan tanggal selesai")
    )
    note = models.TextField(_("catatan"), blank=True)
    import_key = _import_key_field()
    version = _version_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tonggak")
        verbose_name_plural = _("tonggak")
        ordering = ["agreement_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=fuzzy_date_condition("due_precision", "due_date", "due_year"),
                name="milestone_due_fuzzy_date",
                violation_error_message=_("Tenggat, tahunnya dan ketepatannya tidak cocok."),
            ),
            models.CheckConstraint(
                condition=fuzzy_date_condition("done_precision", "done_date", "done_year"),
                name="milestone_done_fuzzy_date",
                violation_error_message=_("Tanggal selesai, tahunnya dan ketepatannya tidak cocok."),
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="milestone_unique_import_key"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def due(self) -> FuzzyDate:
        return read_fuzzy(self, "due_precision", "due_date", "due_year")

    @property
    def done(self) -> FuzzyDate:
        return read_fuzzy(self, "done_precision", "done_date", "done_year")

    @property
    def met_on_time(self) -> bool | None:
        """True or False for a finished milestone whose dates can be compared; else None."""
        if self.status != self.Status.DONE:
            return None
        return self.done.on_or_before(self.due)

    def clean(self):
        errors = {}
        for parts in (("due_precision", "due_date", "due_year"), ("done_precision", "done_date", "done_year")):
            try:
                clean_fuzzy(self, *parts)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if self.status != self.Status.DONE and self.done.is_known:
            errors.setdefault("done_precision", [_("Isi tanggal selesai hanya untuk tonggak yang berstatus selesai.")])
        if errors:
            raise ValidationError(errors)


class SharedGoal(Evidence):
    """Shared understanding: a goal the stakeholders endorse, with a measurable target if any."""

    STAGE = Stage.UNDERSTANDING

    class Metric(models.TextChoices):
        SLUM_AREA_HA = "slum_area_ha", _("Luas kumuh lokasi (Ha)")

    statement = models.TextField(_("pernyataan tujuan"))
    target_metric = models.CharField(
        _("ukuran target"),
        max_length=20,
        choices=Metric.choices,
        blank=True,
        help_text=_("Kosongkan bila tujuan ini tidak punya target terukur."),
    )
    target_value = models.DecimalField(_("nilai target"), max_digits=10, decimal_places=2, null=True, blank=True)
    target_precision, target_date, target_year = fuzzy_date_fields(
        _("tanggal target"), _("tahun target"), _("ketepatan tanggal target")
    )
    endorsers = models.ManyToManyField(
        Stakeholder, verbose_name=_("pendukung"), blank=True, related_name="collaboration_goals"
    )

    history = HistoricalRecords(m2m_fields=[endorsers])

    class Meta(Evidence.Meta):
        verbose_name = _("tujuan bersama")
        verbose_name_plural = _("tujuan bersama")
        constraints = [
            *Evidence.Meta.constraints,
            models.CheckConstraint(
                condition=fuzzy_date_condition("target_precision", "target_date", "target_year"),
                name="sharedgoal_target_fuzzy_date",
                violation_error_message=_("Tanggal target, tahunnya dan ketepatannya tidak cocok."),
            ),
            models.CheckConstraint(
                condition=(Q(target_metric="") & Q(target_value__isnull=True))
                | (~Q(target_metric="") & Q(target_value__gte=0)),
                name="sharedgoal_target_metric_and_value",
                violation_error_message=_("Target terukur perlu ukuran dan nilai yang tidak negatif."),
            ),
        ]

    @property
    def target_when(self) -> FuzzyDate:
        return read_fuzzy(self, "target_precision", "target_date", "target_year")

    @property
    def has_target(self) -> bool:
        return bool(self.target_metric) and self.target_value is not None

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        try:
            clean_fuzzy(self, "target_precision", "target_date", "target_year")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.target_metric and self.target_value is None:
            errors["target_value"] = [_("Isi nilai target untuk ukuran yang dipilih.")]
        if not self.target_metric and self.target_value is not None:
            errors["target_metric"] = [_("Pilih ukuran target, atau kosongkan nilainya.")]
        if self.target_value is not None and self.target_value < 0:
            errors["target_value"] = [_("Nilai target tidak boleh negatif.")]
        if errors:
            raise ValidationError(errors)


class Outcome(Evidence):
    """Intermediate outcome ("small win"), linked to the interventions behind it."""

    STAGE = Stage.OUTCOMES

    class Kind(models.TextChoices):
        BOARDWALK = "boardwalk", _("Pelantar")
        ROAD = "road", _("Jalan lingkungan")
        HOUSE_PAINTING = "house_painting", _("Pengecatan rumah")
        HOUSE_BUILDING = "house_building", _("Pembangunan/perbaikan rumah")
        CLEAN_UP = "clean_up", _("Gotong royong kebersihan")
        OTHER = "other", _("Lainnya")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        IN_PROGRESS = "in_progress", _("Berjalan")
        DELIVERED = "delivered", _("Terwujud")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DELIVERED)
    description = models.TextField(_("uraian"), blank=True)
    stakeholders = models.ManyToManyField(
        Stakeholder, verbose_name=_("pelaku"), blank=True, related_name="collaboration_outcomes"
    )
    interventions = models.ManyToManyField(
        "interventions.Intervention",
        verbose_name=_("intervensi di baliknya"),
        blank=True,
        related_name="collaboration_outcomes",
    )

    history = HistoricalRecords(m2m_fields=[stakeholders, interventions])

    class Meta(Evidence.Meta):
        verbose_name = _("hasil antara")
        verbose_name_plural = _("hasil antara")


class Rubric(models.Model):
    """A stated rubric for rating the stages (data, so that an official can correct it)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    source = models.CharField(_("sumber"), max_length=255, blank=True)
    is_default = models.BooleanField(_("bawaan"), default=False)

    class Meta:
        verbose_name = _("rubrik penilaian tahap")
        verbose_name_plural = _("rubrik penilaian tahap")
        ordering = ["-is_default", "code"]

    def __str__(self):
        return self.name


class RubricLevel(models.Model):
    """One level of a rubric for one stage, e.g. 'kuat' with what it means."""

    rubric = models.ForeignKey(Rubric, verbose_name=_("rubrik"), on_delete=models.CASCADE, related_name="levels")
    stage = models.CharField(_("tahap"), max_length=16, choices=Stage.choices)
    rank = models.PositiveSmallIntegerField(
        _("peringkat"), validators=[MinValueValidator(1), MaxValueValidator(3)], help_text=_("1 terendah, 3 tertinggi.")
    )
    label = models.CharField(_("label"), max_length=40)
    description = models.TextField(_("uraian"))

    class Meta:
        verbose_name = _("tingkat rubrik")
        verbose_name_plural = _("tingkat rubrik")
        ordering = ["rubric_id", "stage", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "stage", "rank"], name="rubric_level_unique_rank"),
            models.CheckConstraint(condition=Q(rank__gte=1) & Q(rank__lte=3), name="rubric_level_rank_1_to_3"),
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.label}"


class StageAssessment(LocatedRecord):
    """A rating of one stage for one location on a rubric, by a user or a named person."""

    stage = models.CharField(_("tahap"), max_length=16, choices=Stage.choices)
    level = models.ForeignKey(
        RubricLevel, verbose_name=_("tingkat"), on_delete=models.PROTECT, related_name="assessments"
    )
    assessor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penilai (pengguna)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assessor_name = models.CharField(
        _("nama penilai"), max_length=120, blank=True, help_text=_("Isi bila penilai bukan pengguna aplikasi ini.")
    )
    evidence_note = models.TextField(_("catatan bukti"), blank=True)

    history = HistoricalRecords()

    class Meta(LocatedRecord.Meta):
        verbose_name = _("penilaian tahap")
        verbose_name_plural = _("penilaian tahap")

    def __str__(self):
        return f"{self.location} · {self.get_stage_display()}"

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.level_id and self.stage and self.level.stage != self.stage:
            errors["level"] = [_("Tingkat yang dipilih bukan untuk tahap ini.")]
        if not self.assessor_user_id and not self.assessor_name.strip():
            errors["assessor_name"] = [_("Sebutkan penilainya.")]
        if errors:
            raise ValidationError(errors)
