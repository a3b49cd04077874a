"""API serializers: read-only output classes (a public one and, where personal data exists, a
superset for roles that may see it) and separate input classes that feed the services."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collaboration import selectors
from collaboration.fuzzydate import FuzzyDate, Precision
from collaboration.models import (
    Agreement,
    Attendance,
    ContactPerson,
    DataSharing,
    Meeting,
    Milestone,
    Outcome,
    RubricLevel,
    SharedGoal,
    Stage,
    StageAssessment,
)
from collaboration.services import AttendanceRow
from core.limits import INTEGER_MAX, LONG_TEXT_MAX_LENGTH, SMALL_INTEGER_MAX
from core.serializers import DataQualityFlagSerializer
from interventions.models import Intervention
from interventions.selectors import area_label
from sites.models import SlumLocation, Stakeholder
from sites.serializers import AreaBriefSerializer, AreaCodeField, VersionInputMixin

# Output ---------------------------------------------------------------------------------------


class LocationBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True, label=_("nama lokasi"))
    area = AreaBriefSerializer(read_only=True)

    class Meta:
        model = SlumLocation
        fields = ["id", "number", "name", "area"]
        read_only_fields = fields


class StakeholderBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stakeholder
        fields = ["id", "name", "short_name", "sector", "role"]
        read_only_fields = fields


class ContactPersonSerializer(serializers.ModelSerializer):
    """Personal data: only ever nested in the output for officials and coordinators."""

    class Meta:
        model = ContactPerson
        fields = ["id", "name", "position", "phone", "email", "gender", "version"]
        read_only_fields = fields


class StakeholderSerializer(serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True, allow_null=True)  # a stakeholder may have no working area
    flags = DataQualityFlagSerializer(many=True, read_only=True)

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "name",
            "short_name",
            "sector",
            "role",
            "area",
            "description",
            "is_active",
            "version",
            "flags",
        ]
        read_only_fields = fields


class StakeholderInputSerializer(VersionInputMixin):
    """A stakeholder's own fields; its contact people (personal data) have their own pages."""

    name = serializers.CharField(max_length=200, label=_("nama"))
    short_name = serializers.CharField(max_length=60, required=False, allow_blank=True, label=_("singkatan"))
    sector = serializers.ChoiceField(choices=Stakeholder.Sector.choices, label=_("sektor"))
    role = serializers.ChoiceField(choices=Stakeholder.Role.choices, label=_("peran program"))
    area = AreaCodeField(required=False, allow_null=True, label=_("wilayah kerja"))
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH, label=_("keterangan")
    )
    is_active = serializers.BooleanField(required=False, label=_("aktif"))


class StakeholderPersonalSerializer(StakeholderSerializer):
    contact_people = ContactPersonSerializer(many=True, read_only=True)

    class Meta(StakeholderSerializer.Meta):
        fields = [*StakeholderSerializer.Meta.fields, "contact_people"]
        read_only_fields = fields


def _fuzzy_display(precision: str, date: str, year: str):
    def display(self, obj) -> str:
        return FuzzyDate(getattr(obj, precision), getattr(obj, date), getattr(obj, year)).display()

    return display


class EvidenceSerializer(serializers.ModelSerializer):
    """Fields every piece of evidence has: where, when (fuzzy), source, flags, version."""

    location = LocationBriefSerializer(read_only=True)
    stage = serializers.CharField(read_only=True, label=_("tahap"))
    date_display = serializers.SerializerMethodField(label=_("tanggal (tampilan)"))
    flags = DataQualityFlagSerializer(many=True, read_only=True)

    COMMON = ["id", "stage", "location", "title", "date_precision", "date", "year", "date_display"]
    TAIL = ["notes", "source", "flags", "version", "verification", "verification_note"]

    get_date_display = _fuzzy_display("date_precision", "date", "year")


class AttendanceSerializer(serializers.ModelSerializer):
    stakeholder = StakeholderBriefSerializer(read_only=True)

    class Meta:
        model = Attendance
        fields = ["stakeholder", "participants", "women"]
        read_only_fields = fields


class PersonBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPerson
        fields = ["id", "name", "stakeholder"]
        read_only_fields = fields


class MeetingSerializer(EvidenceSerializer):
    attendance = AttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            *EvidenceSerializer.COMMON,
            "forum_type",
            "agenda",
            "minutes",
            "decisions",
            "attendance",
            *EvidenceSerializer.TAIL,
        ]
        read_only_fields = fields


class MeetingPersonalSerializer(MeetingSerializer):
    people = PersonBriefSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "people"]
        read_only_fields = fields


class DataSharingSerializer(EvidenceSerializer):
    from_stakeholder = StakeholderBriefSerializer(read_only=True, allow_null=True)
    to_stakeholders = StakeholderBriefSerializer(many=True, read_only=True)

    class Meta:
        model = DataSharing
        fields = [
            *EvidenceSerializer.COMMON,
            "kind",
            "data_shared",
            "is_mutual",
            "from_stakeholder",
            "to_stakeholders",
            *EvidenceSerializer.TAIL,
        ]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    due_display = serializers.SerializerMethodField(label=_("tenggat (tampilan)"))
    done_display = serializers.SerializerMethodField(label=_("selesai (tampilan)"))
    met_on_time = serializers.BooleanField(read_only=True, allow_null=True, label=_("tepat waktu"))

    class Meta:
        model = Milestone
        fields = [
            "id",
            "agreement",
            "title",
            "order",
            "status",
            "due_precision",
            "due_date",
            "due_year",
            "due_display",
            "done_precision",
            "done_date",
            "done_year",
            "done_display",
            "met_on_time",
            "note",
            "version",
        ]
        read_only_fields = fields

    get_due_display = _fuzzy_display("due_precision", "due_date", "due_year")
    get_done_display = _fuzzy_display("done_precision", "done_date", "done_year")


class AgreementSerializer(EvidenceSerializer):
    signatories = StakeholderBriefSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            *EvidenceSerializer.COMMON,
            "kind",
            "number",
            "summary",
            "timeline_note",
            "signatories",
            "milestones",
            *EvidenceSerializer.TAIL,
        ]
        read_only_fields = fields


class GoalProgressSerializer(serializers.Serializer):
    baseline_ha = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    baseline_year = serializers.IntegerField(allow_null=True)
    current_ha = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    current_year = serializers.IntegerField(allow_null=True)
    percent = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)


class SharedGoalSerializer(EvidenceSerializer):
    endorsers = StakeholderBriefSerializer(many=True, read_only=True)
    target_display = serializers.SerializerMethodField(label=_("tanggal target (tampilan)"))
    progress = serializers.SerializerMethodField(label=_("kemajuan menuju target"))

    class Meta:
        model = SharedGoal
        fields = [
            *EvidenceSerializer.COMMON,
            "statement",
            "target_metric",
            "target_value",
            "target_precision",
            "target_date",
            "target_year",
            "target_display",
            "progress",
            "endorsers",
            *EvidenceSerializer.TAIL,
        ]
        read_only_fields = fields

    get_target_display = _fuzzy_display("target_precision", "target_date", "target_year")

    def get_progress(self, goal) -> GoalProgressSerializer(allow_null=True):
        """Baseline (first area record) → current (latest) against the target, from prefetched rows."""
        item = selectors.goal_progress_for([goal], list(goal.location.area_records.all()))[0]
        if item.baseline is None:
            return None
        return GoalProgressSerializer(
            {
                "baseline_ha": item.baseline.area_ha,
                "baseline_year": item.baseline.year,
                "current_ha": item.current.area_ha,
                "current_year": item.current.year,
                "percent": item.percent,
            }
        ).data


class InterventionBriefSerializer(serializers.ModelSerializer):
    """An intervention behind an outcome: where (RT/RW), what, how much and with what budget."""

    area = serializers.SerializerMethodField(label=_("RT/RW"))
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    budget = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True, label=_("anggaran (Rp)"))

    class Meta:
        model = Intervention
        fields = ["id", "reference", "title", "fiscal_year", "area", "kind", "volume", "unit", "budget"]
        read_only_fields = fields

    def get_area(self, intervention) -> str:
        return area_label(intervention.area)


class OutcomeSerializer(EvidenceSerializer):
    stakeholders = StakeholderBriefSerializer(many=True, read_only=True)
    interventions = InterventionBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Outcome
        fields = [
            *EvidenceSerializer.COMMON,
            "kind",
            "status",
            "description",
            "stakeholders",
            "interventions",
            *EvidenceSerializer.TAIL,
        ]
        read_only_fields = fields


class RubricLevelSerializer(serializers.ModelSerializer):
    rubric = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RubricLevel
        fields = ["id", "rubric", "stage", "rank", "label", "description"]
        read_only_fields = fields


class StageAssessmentSerializer(serializers.ModelSerializer):
    location = LocationBriefSerializer(read_only=True)
    level = RubricLevelSerializer(read_only=True)
    date_display = serializers.SerializerMethodField(label=_("tanggal (tampilan)"))
    flags = DataQualityFlagSerializer(many=True, read_only=True)

    class Meta:
        model = StageAssessment
        fields = [
            "id",
            "location",
            "stage",
            "level",
            "date_precision",
            "date",
            "year",
            "date_display",
            "evidence_note",
            "source",
            "flags",
            "version",
        ]
        read_only_fields = fields

    get_date_display = _fuzzy_display("date_precision", "date", "year")


class StageAssessmentPersonalSerializer(StageAssessmentSerializer):
    assessor = serializers.SerializerMethodField(label=_("penilai"))

    class Meta(StageAssessmentSerializer.Meta):
        fields = [*StageAssessmentSerializer.Meta.fields, "assessor"]
        read_only_fields = fields

    def get_assessor(self, assessment) -> str:
        if assessment.assessor_name:
            return assessment.assessor_name
        user = assessment.assessor_user
        return (user.get_full_name() or user.get_username()) if user else ""


# Input ----------------------------------------------------------------------------------------


def _user(serializer):
    return serializer.context["request"].user


@extend_schema_field(OpenApiTypes.INT)
class ScopedLocationField(serializers.PrimaryKeyRelatedField):
    """A location inside the user's write scope; any other id reads as 'does not exist'."""

    def get_queryset(self):
        return selectors.editable_locations(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class StakeholderField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Stakeholder.objects.all()


class FuzzyInputMixin(serializers.Serializer):
    """Fuzzy dates arrive as their three parts; a PATCH may send some parts and keep the rest."""

    FUZZY = {"when": ("date_precision", "date", "year")}

    def fuzzy_values(self, data: dict, instance=None) -> dict:
        values = {}
        for name, parts in self.FUZZY.items():
            if not any(part in data for part in parts):
                if instance is None:
                    values[name] = FuzzyDate.unknown()
                continue
            current = [getattr(instance, part) if instance is not None else None for part in parts]
            given = [data.pop(part) if part in data else current[i] for i, part in enumerate(parts)]
            values[name] = FuzzyDate(given[0] or Precision.UNKNOWN, given[1], given[2]).normalised()
        for parts in self.FUZZY.values():
            for part in parts:
                data.pop(part, None)
        return values


def _precision_field(**kwargs):
    return serializers.ChoiceField(choices=Precision.choices, required=False, **kwargs)


class EvidenceInputSerializer(FuzzyInputMixin):
    """Common input of evidence records; ``version`` is required for updates (optimistic lock)."""

    version = serializers.IntegerField(required=False, min_value=1, max_value=INTEGER_MAX, label=_("versi yang diubah"))
    location = ScopedLocationField(label=_("lokasi"))
    title = serializers.CharField(max_length=200, label=_("judul"))
    date_precision = _precision_field(label=_("ketepatan tanggal"))
    date = serializers.DateField(required=False, allow_null=True, label=_("tanggal"))
    year = serializers.IntegerField(required=False, allow_null=True, label=_("tahun"))
    notes = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH, label=_("catatan"))
    source = serializers.CharField(required=False, allow_blank=True, max_length=255, label=_("sumber"))

    LISTS: tuple[str, ...] = ()

    def validate(self, attrs):
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": _("Sertakan versi rekaman yang Anda ubah.")})
        return attrs

    def service_values(self) -> tuple[dict, dict, int | None]:
        """``(changes, lists, expected_version)`` for the create or update service."""
        data = dict(self.validated_data)
        version = data.pop("version", None)
        changes = self.fuzzy_values(data, self.instance)
        lists = {name: data.pop(name) for name in self.LISTS if name in data}
        changes.update(data)
        return changes, lists, version


class AttendanceInputSerializer(serializers.Serializer):
    stakeholder = StakeholderField(label=_("pemangku kepentingan"))
    participants = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=INTEGER_MAX)
    women = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=INTEGER_MAX)

    def validate(self, attrs):
        participants, women = attrs.get("participants"), attrs.get("women")
        if participants is not None and women is not None and women > participants:
            raise serializers.ValidationError(
                {"women": _("Jumlah peserta perempuan tidak boleh melebihi jumlah peserta.")}
            )
        return attrs


class MeetingInputSerializer(EvidenceInputSerializer):
    forum_type = serializers.ChoiceField(choices=Meeting.ForumType.choices, label=_("jenis forum"))
    agenda = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    minutes = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    decisions = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    attendance = AttendanceInputSerializer(many=True, required=False, label=_("daftar hadir"))
    people = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=ContactPerson.objects.all(), label=_("kehadiran perorangan")
    )

    LISTS = ("attendance", "people")

    def validate_people(self, people):
        allowed = set(selectors.contact_person_list(user=_user(self)).values_list("pk", flat=True))
        if any(person.pk not in allowed for person in people):
            raise serializers.ValidationError(_("Narahubung tidak ditemukan."))
        return people

    def validate_attendance(self, rows):
        seen = set()
        for row in rows:
            if row["stakeholder"].pk in seen:
                raise serializers.ValidationError(
                    _("%(name)s tercantum lebih dari sekali dalam daftar hadir.") % {"name": row["stakeholder"]}
                )
            seen.add(row["stakeholder"].pk)
        return rows

    def service_values(self):
        changes, lists, version = super().service_values()
        if "attendance" in lists:
            lists["attendance"] = [
                AttendanceRow(row["stakeholder"], row.get("participants"), row.get("women"))
                for row in lists["attendance"]
            ]
        return changes, lists, version


class DataSharingInputSerializer(EvidenceInputSerializer):
    kind = serializers.ChoiceField(choices=DataSharing.Kind.choices)
    data_shared = serializers.CharField(max_length=255)
    is_mutual = serializers.BooleanField(required=False, default=False)
    from_stakeholder = StakeholderField(required=False, allow_null=True)
    to_stakeholders = StakeholderField(many=True)

    LISTS = ("to_stakeholders",)


class AgreementInputSerializer(EvidenceInputSerializer):
    kind = serializers.ChoiceField(choices=Agreement.Kind.choices)
    number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    timeline_note = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    signatories = StakeholderField(many=True, required=False)

    LISTS = ("signatories",)


class SharedGoalInputSerializer(EvidenceInputSerializer):
    statement = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)
    target_metric = serializers.ChoiceField(choices=SharedGoal.Metric.choices, required=False, allow_blank=True)
    target_value = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    target_precision = _precision_field()
    target_date = serializers.DateField(required=False, allow_null=True)
    target_year = serializers.IntegerField(required=False, allow_null=True)
    endorsers = StakeholderField(many=True, required=False)

    FUZZY = {**FuzzyInputMixin.FUZZY, "target_when": ("target_precision", "target_date", "target_year")}
    LISTS = ("endorsers",)


class OutcomeInputSerializer(EvidenceInputSerializer):
    kind = serializers.ChoiceField(choices=Outcome.Kind.choices)
    status = serializers.ChoiceField(choices=Outcome.Status.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    stakeholders = StakeholderField(many=True, required=False)
    interventions = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Intervention.objects.all(), label=_("intervensi di baliknya")
    )

    LISTS = ("stakeholders", "interventions")


class StageAssessmentInputSerializer(EvidenceInputSerializer):
    title = None
    notes = None
    stage = serializers.ChoiceField(choices=Stage.choices)
    level = serializers.PrimaryKeyRelatedField(queryset=RubricLevel.objects.all())
    assessor_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    evidence_note = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)


class MilestoneInputSerializer(FuzzyInputMixin):
    version = serializers.IntegerField(required=False, min_value=1, max_value=INTEGER_MAX)
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())
    title = serializers.CharField(max_length=200)
    order = serializers.IntegerField(required=False, min_value=0, max_value=SMALL_INTEGER_MAX)
    status = serializers.ChoiceField(choices=Milestone.Status.choices, required=False)
    due_precision = _precision_field()
    due_date = serializers.DateField(required=False, allow_null=True)
    due_year = serializers.IntegerField(required=False, allow_null=True)
    done_precision = _precision_field()
    done_date = serializers.DateField(required=False, allow_null=True)
    done_year = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)

    FUZZY = {
        "due": ("due_precision", "due_date", "due_year"),
        "done": ("done_precision", "done_date", "done_year"),
    }

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["agreement"].read_only = True
        else:
            fields["agreement"].queryset = selectors.agreement_editable(_user(self))
        return fields

    def validate(self, attrs):
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": _("Sertakan versi rekaman yang Anda ubah.")})
        return attrs

    def service_values(self):
        data = dict(self.validated_data)
        version = data.pop("version", None)
        changes = self.fuzzy_values(data, self.instance)
        changes.update(data)
        return changes, {}, version
