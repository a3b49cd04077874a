"""API shapes. Output serializers are read-only; input serializers are separate and only validate
types and single values before the services apply the full rules."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import roles
from core.limits import INTEGER_MAX, LONG_TEXT_MAX_LENGTH, SMALL_INTEGER_MAX
from core.serializers import DataQualityFlagSerializer
from interventions.columns import OUTPUT_FIELDS
from interventions.models import FundingLine, FundingSource, Intervention, InterventionKind, ProgressUpdate, Unit
from interventions.selectors import area_label
from interventions.validators import validate_amount, validate_fiscal_year, validate_percent, validate_volume
from sites.models import Area, Aspect, Criterion, SlumLocation, Stakeholder

# --- Output -------------------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["code", "symbol", "name"]
        read_only_fields = fields


class FundingSourceSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True, label=_("tingkat (label)"))

    class Meta:
        model = FundingSource
        fields = ["id", "code", "name", "level", "level_label", "notes", "is_active", "order"]
        read_only_fields = fields


class CriterionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rule_set = serializers.CharField(label=_("kode aturan penilaian"))
    code = serializers.CharField(label=_("kode kriteria"))


class InterventionKindSerializer(serializers.ModelSerializer):
    aspect_number = serializers.IntegerField(source="aspect.number", read_only=True, label=_("nomor aspek"))
    aspect_name = serializers.CharField(source="aspect.name", read_only=True, label=_("aspek"))
    criteria = serializers.SerializerMethodField(
        label=_("kriteria"),
        help_text=_("Kriteria yang diperbaiki, per aturan penilaian: id, kode aturan, kode kriteria."),
    )
    units = serializers.SerializerMethodField(label=_("satuan yang diizinkan"))
    default_unit = serializers.CharField(source="default_unit_id", read_only=True, label=_("satuan bawaan"))

    class Meta:
        model = InterventionKind
        fields = [
            "id",
            "code",
            "name",
            "aspect_number",
            "aspect_name",
            "criteria",
            "units",
            "default_unit",
            "description",
            "is_active",
            "order",
        ]
        read_only_fields = fields

    @extend_schema_field(CriterionRefSerializer(many=True))
    def get_criteria(self, kind) -> list[dict]:
        return [
            {"id": criterion.pk, "rule_set": criterion.rule_set.code, "code": criterion.code}
            for criterion in kind.criteria.all()
        ]

    def get_units(self, kind) -> list[str]:
        return [unit.code for unit in kind.units.all()]


class FundingLineSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.code", read_only=True, label=_("kode sumber dana"))
    source_name = serializers.CharField(source="source.name", read_only=True, label=_("sumber dana"))

    class Meta:
        model = FundingLine
        fields = ["id", "source", "source_name", "fiscal_year", "amount", "note"]
        read_only_fields = fields


class InterventionSerializer(serializers.ModelSerializer):
    location_name = serializers.CharField(source="location.display_name", read_only=True, label=_("lokasi kumuh"))
    area_label = serializers.SerializerMethodField(label=_("RT/RW"))
    area_path = serializers.CharField(source="area.path", read_only=True, label=_("jalur wilayah"))
    kind = serializers.CharField(source="kind.code", read_only=True, label=_("kode jenis kegiatan"))
    kind_name = serializers.CharField(source="kind.name", read_only=True, label=_("jenis kegiatan"))
    aspect_number = serializers.IntegerField(source="kind.aspect.number", read_only=True, label=_("nomor aspek"))
    unit = serializers.CharField(source="unit_id", read_only=True, label=_("satuan"))
    unit_symbol = serializers.CharField(source="unit.symbol", read_only=True, label=_("simbol satuan"))
    budget = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        read_only=True,
        label=_("anggaran (Rp)"),
        help_text=_("Jumlah baris pendanaan."),
    )
    cost_per_unit = serializers.DecimalField(
        max_digits=18,
        decimal_places=0,
        read_only=True,
        allow_null=True,
        label=_("biaya per satuan (Rp)"),
        help_text=_("Anggaran ÷ volume, dibulatkan ke rupiah; dihitung, tidak disimpan."),
    )
    implementer_name = serializers.CharField(
        source="implementer.name", read_only=True, allow_null=True, default=None, label=_("pelaksana")
    )
    coordinator_name = serializers.CharField(
        source="coordinator.name", read_only=True, allow_null=True, default=None, label=_("koordinator")
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True, label=_("status (label)"))
    funding_lines = FundingLineSerializer(many=True, read_only=True)
    flags = DataQualityFlagSerializer(many=True, read_only=True)

    class Meta:
        model = Intervention
        fields = list(OUTPUT_FIELDS)
        read_only_fields = fields

    def get_area_label(self, intervention) -> str:
        return area_label(intervention.area)


class ProgressUpdateSerializer(serializers.ModelSerializer):
    photo_url = serializers.SerializerMethodField(
        label=_("unduh foto"), help_text=_("Alamat API untuk mengunduh foto (perlu masuk); kosong bila tanpa foto.")
    )
    reported_by = serializers.SerializerMethodField(
        label=_("dilaporkan oleh"), help_text=_("Nama pengguna; kosong untuk peneliti (data pribadi).")
    )

    class Meta:
        model = ProgressUpdate
        fields = ["id", "intervention", "date", "percent", "note", "photo_url", "reported_by", "created_at"]
        read_only_fields = fields

    def get_photo_url(self, update) -> str | None:
        if not update.photo:
            return None
        path = reverse("progress-updates-photo", args=[update.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_reported_by(self, update) -> str | None:
        request = self.context.get("request")
        if request is None or not roles.can_see_personal_data(request.user) or update.created_by is None:
            return None
        return update.created_by.get_username()


# --- Input --------------------------------------------------------------------------------------


class FundingLineInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True, help_text=_("Kosong untuk baris baru."))
    source = serializers.SlugRelatedField(slug_field="code", queryset=FundingSource.objects.all())
    fiscal_year = serializers.IntegerField(validators=[validate_fiscal_year])
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, validators=[validate_amount])
    note = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class InterventionInputSerializer(serializers.Serializer):
    """Create (POST), replace (PUT) or change (PATCH) an intervention; ``version`` is required for
    PUT/PATCH and must be the version the change was made from (else 409)."""

    version = serializers.IntegerField(
        required=False, min_value=1, max_value=INTEGER_MAX, help_text=_("Wajib untuk PUT/PATCH.")
    )
    reference = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=60)
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)
    location = serializers.PrimaryKeyRelatedField(queryset=SlumLocation.objects.all())
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), help_text=_("id RT/RW di dalam wilayah lokasi dan wilayah tugas Anda.")
    )
    kind = serializers.SlugRelatedField(slug_field="code", queryset=InterventionKind.objects.all())
    fiscal_year = serializers.IntegerField(validators=[validate_fiscal_year])
    volume = serializers.DecimalField(max_digits=14, decimal_places=2, validators=[validate_volume])
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), help_text=_("Kode satuan, mis. `m`."))
    implementer = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(), required=False, allow_null=True
    )
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(), required=False, allow_null=True
    )
    status = serializers.ChoiceField(choices=Intervention.Status.choices, required=False)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    progress_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True, validators=[validate_percent]
    )
    beneficiary_households = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=INTEGER_MAX
    )
    source_document = serializers.CharField(required=False, allow_blank=True, max_length=255)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    funding_lines = FundingLineInputSerializer(many=True, allow_empty=False)

    def __init__(self, *args, require_version=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_version = require_version

    def validate(self, attrs):
        # PATCH skips absent fields even when required, so the version is checked here.
        if self.require_version and attrs.get("version") is None:
            raise serializers.ValidationError(
                {"version": [_("Versi wajib diisi untuk mengubah data (cegah menimpa perubahan orang lain).")]}
            )
        return attrs


class ProgressUpdateInputSerializer(serializers.Serializer):
    intervention = serializers.IntegerField()
    date = serializers.DateField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, validators=[validate_percent])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=LONG_TEXT_MAX_LENGTH)
    photo = serializers.FileField(required=False, allow_null=True)


class FundingSourceInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=30)
    name = serializers.CharField(max_length=120)
    level = serializers.ChoiceField(choices=FundingSource.Level.choices)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    is_active = serializers.BooleanField(required=False)
    order = serializers.IntegerField(required=False, min_value=0, max_value=SMALL_INTEGER_MAX)


class InterventionKindInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=120)
    aspect = serializers.SlugRelatedField(slug_field="number", queryset=Aspect.objects.all())
    units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True)
    default_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    criteria = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all(), many=True, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    is_active = serializers.BooleanField(required=False)
    order = serializers.IntegerField(required=False, min_value=0, max_value=SMALL_INTEGER_MAX)


# --- Totals -------------------------------------------------------------------------------------


class TotalBySourceSerializer(serializers.Serializer):
    code = serializers.CharField(label=_("kode sumber dana"))
    name = serializers.CharField(label=_("sumber dana"))
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, label=_("jumlah (Rp)"))


class TotalByUnitSerializer(serializers.Serializer):
    unit = serializers.CharField(label=_("satuan"))
    symbol = serializers.CharField(label=_("simbol satuan"))
    count = serializers.IntegerField(label=_("jumlah kegiatan"))
    volume = serializers.DecimalField(max_digits=20, decimal_places=2, label=_("volume"))
    budget = serializers.DecimalField(max_digits=20, decimal_places=2, label=_("anggaran (Rp)"))
    cost_per_unit = serializers.DecimalField(
        max_digits=20, decimal_places=0, allow_null=True, label=_("biaya per satuan (Rp)")
    )


class InterventionTotalsSerializer(serializers.Serializer):
    budget = serializers.DecimalField(max_digits=20, decimal_places=2, label=_("total anggaran (Rp)"))
    by_source = TotalBySourceSerializer(many=True)
    by_unit = TotalByUnitSerializer(many=True)
