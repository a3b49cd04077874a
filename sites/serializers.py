"""API serializers: read-only output serializers with explicit fields, and separate input
serializers whose data the views hand to ``sites.services``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.limits import INTEGER_MAX, LONG_TEXT_MAX_LENGTH
from core.serializers import DataQualityFlagSerializer
from sites import rules
from sites.models import (
    Area,
    AreaRecord,
    Aspect,
    Assessment,
    AssessmentAspect,
    ConsiderationAnswer,
    ConsiderationClass,
    ConsiderationFactor,
    ConsiderationOption,
    Criterion,
    Decree,
    HandlingPattern,
    LegalityAnswer,
    LegalityItem,
    LevelThreshold,
    Measurement,
    RuleSet,
    ScoreBand,
    SlumLevel,
    SlumLocation,
)

# --- areas, decrees, locations ---------------------------------------------------------------------


class AreaBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "level", "name", "label", "code", "path"]
        read_only_fields = fields


class AreaSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)
    flags = DataQualityFlagSerializer(many=True, read_only=True)

    class Meta:
        model = Area
        fields = [
            "id",
            "level",
            "name",
            "label",
            "code",
            "bps_code",
            "path",
            "depth",
            "parent",
            "parent_code",
            "version",
            "flags",
        ]
        read_only_fields = fields


class DecreeSerializer(serializers.ModelSerializer):
    area = AreaBriefSerializer(read_only=True)
    document = serializers.SerializerMethodField(label=_("berkas SK (PDF)"))
    locations_count = serializers.IntegerField(read_only=True, label=_("jumlah lokasi"))
    locations_total_ha = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, allow_null=True, label=_("jumlah luas lokasi (Ha)")
    )
    flags = DataQualityFlagSerializer(many=True, read_only=True)

    class Meta:
        model = Decree
        fields = [
            "id",
            "issuer",
            "number",
            "year",
            "issued_on",
            "title",
            "area",
            "stated_total_ha",
            "locations_count",
            "locations_total_ha",
            "source",
            "document",
            "version",
            "flags",
        ]
        read_only_fields = fields

    def get_document(self, decree) -> str | None:
        """Address of the decree's PDF (``/api/v1/decrees/<id>/document/``), or null."""
        if not decree.document:
            return None
        return reverse("decree-document", args=[decree.pk])


class SlumLocationSerializer(serializers.ModelSerializer):
    decree_label = serializers.CharField(source="decree.__str__", read_only=True, label=_("SK"))
    area = AreaBriefSerializer(read_only=True)
    covered_areas = AreaBriefSerializer(many=True, read_only=True)
    current_area_ha = serializers.DecimalField(
        max_digits=10, decimal_places=2, read_only=True, allow_null=True, label=_("luas kumuh terkini (Ha)")
    )
    current_area_year = serializers.IntegerField(read_only=True, allow_null=True, label=_("tahun luas terkini"))
    latest_assessment_id = serializers.IntegerField(read_only=True, allow_null=True, label=_("penilaian terakhir"))
    latest_level = serializers.ChoiceField(
        choices=SlumLevel.choices,
        read_only=True,
        allow_null=True,
        allow_blank=True,
        label=_("tingkat kekumuhan terakhir (hitungan)"),
        help_text=_("Kosong bila penilaian terakhir tidak lengkap; lihat `latest_stated_level`."),
    )
    latest_is_complete = serializers.BooleanField(
        read_only=True, allow_null=True, label=_("penilaian terakhir lengkap")
    )
    latest_stated_level = serializers.CharField(
        read_only=True, allow_null=True, label=_("tingkat menurut sumber (penilaian terakhir)")
    )
    latest_total_score = serializers.IntegerField(read_only=True, allow_null=True, label=_("total skor terakhir"))
    latest_assessed_on = serializers.DateField(read_only=True, allow_null=True, label=_("tanggal penilaian terakhir"))
    latest_year = serializers.IntegerField(read_only=True, allow_null=True, label=_("tahun penilaian terakhir"))
    flags = DataQualityFlagSerializer(many=True, read_only=True)

    class Meta:
        model = SlumLocation
        fields = [
            "id",
            "decree",
            "decree_label",
            "number",
            "name",
            "display_name",
            "printed_kecamatan",
            "printed_kelurahan",
            "area",
            "covered_areas",
            "decreed_area_ha",
            "current_area_ha",
            "current_area_year",
            "latest_assessment_id",
            "latest_level",
            "latest_is_complete",
            "latest_stated_level",
            "latest_total_score",
            "latest_assessed_on",
            "latest_year",
            "typology",
            "is_priority",
            "notes",
            "version",
            "flags",
        ]
        read_only_fields = fields


class AreaRecordSerializer(serializers.ModelSerializer):
    location_name = serializers.CharField(source="location.display_name", read_only=True, label=_("nama lokasi"))
    flags = DataQualityFlagSerializer(many=True, read_only=True)

    class Meta:
        model = AreaRecord
        fields = [
            "id",
            "location",
            "location_name",
            "year",
            "recorded_on",
            "area_ha",
            "source",
            "note",
            "flags",
            "version",
            "verification",
            "verification_note",
        ]
        read_only_fields = fields


class AreaRecordInputSerializer(serializers.Serializer):
    location = serializers.PrimaryKeyRelatedField(queryset=SlumLocation.objects.select_related("area"))
    year = serializers.IntegerField(min_value=1900, max_value=2100, label=_("tahun"))
    recorded_on = serializers.DateField(required=False, allow_null=True, default=None, label=_("tanggal"))
    area_ha = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, label=_("luas kumuh (Ha)"))
    source = serializers.CharField(max_length=255, label=_("sumber"))
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=LONG_TEXT_MAX_LENGTH, label=_("catatan")
    )


class AreaCodeField(serializers.SlugRelatedField):
    """An official area by its Kemendagri code (``21.72.03.1005``)."""

    default_error_messages = {
        "does_not_exist": _("Wilayah berkode {value} tidak tercatat."),
        "invalid": _("Kode wilayah tidak sah."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Area.objects.all(), **kwargs)


class VersionInputMixin(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=INTEGER_MAX, label=_("versi"), required=False)

    def __init__(self, *args, require_version=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_version = require_version

    def validate(self, attrs):
        # PATCH skips absent fields even when required, so the version is checked here.
        if self.require_version and attrs.get("version") is None:
            raise serializers.ValidationError(
                {"version": [_("Versi wajib diisi untuk mengubah data (cegah menimpa perubahan orang lain).")]}
            )
        return super().validate(attrs)


class AreaInputSerializer(serializers.Serializer):
    """Either ``code`` (an area of the official list, officials only) or ``parent`` + ``level``
    (``rw``/``rt``) + ``name`` (its number, 1–999)."""

    code = serializers.CharField(required=False, max_length=20, label=_("kode Kemendagri"))
    parent = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False, label=_("induk"))
    level = serializers.ChoiceField(choices=[("rw", "RW"), ("rt", "RT")], required=False, label=_("tingkat"))
    name = serializers.CharField(required=False, max_length=3, label=_("nomor RW/RT"))

    def validate(self, attrs):
        if attrs.get("code"):
            if attrs.keys() - {"code"}:
                raise serializers.ValidationError(_("Kirim `code` saja, atau `parent`, `level` dan `name`."))
            return attrs
        missing = {"parent", "level", "name"} - attrs.keys()
        if missing:
            raise serializers.ValidationError({name: [_("Wajib diisi.")] for name in sorted(missing)})
        return attrs


class AreaUpdateInputSerializer(VersionInputMixin):
    name = serializers.CharField(required=False, max_length=120, label=_("nama"))
    bps_code = serializers.CharField(required=False, allow_blank=True, max_length=20, label=_("kode BPS"))


class DecreeInputSerializer(VersionInputMixin):
    number = serializers.CharField(max_length=60, label=_("nomor"))
    year = serializers.IntegerField(min_value=1945, max_value=2100, label=_("tahun"))
    issued_on = serializers.DateField(required=False, allow_null=True, label=_("tanggal"))
    issuer = serializers.CharField(max_length=120, label=_("penerbit"))
    title = serializers.CharField(max_length=255, label=_("judul"))
    area = AreaCodeField(label=_("wilayah"))
    stated_total_ha = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, label=_("total luas menurut SK (Ha)")
    )
    source = serializers.CharField(max_length=255, required=False, allow_blank=True, label=_("sumber"))
    document = serializers.FileField(required=False, label=_("berkas SK (PDF)"))


class SlumLocationInputSerializer(VersionInputMixin):
    decree = serializers.PrimaryKeyRelatedField(queryset=Decree.objects.select_related("area"), label=_("SK"))
    number = serializers.IntegerField(min_value=1, max_value=999, label=_("nomor urut di SK"))
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, label=_("nama lokasi"))
    printed_kecamatan = serializers.CharField(max_length=120, required=False, allow_blank=True)
    printed_kelurahan = serializers.CharField(max_length=120, required=False, allow_blank=True)
    area = AreaCodeField(label=_("wilayah resmi"))
    covered_areas = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), many=True, required=False, label=_("RT/RW kumuh")
    )
    decreed_area_ha = serializers.DecimalField(max_digits=20, decimal_places=10, label=_("luas menurut SK (Ha)"))
    typology = serializers.ChoiceField(choices=SlumLocation.Typology.choices, required=False, allow_blank=True)
    is_priority = serializers.BooleanField(required=False, label=_("lokasi prioritas"))
    notes = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_LENGTH)


# --- the indicator framework -----------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    rule_set = serializers.SlugRelatedField(slug_field="code", read_only=True)
    aspect = serializers.IntegerField(source="aspect.number", read_only=True, label=_("aspek"))

    class Meta:
        model = Criterion
        fields = ["code", "rule_set", "aspect", "name", "unit", "denominator", "order", "description", "note"]
        read_only_fields = fields


class AspectSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Aspect
        fields = ["id", "number", "name", "criteria"]
        read_only_fields = fields


class ScoreBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoreBand
        fields = ["min_percent", "score", "label"]
        read_only_fields = fields


class LevelThresholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = LevelThreshold
        fields = ["level", "min_total", "max_total"]
        read_only_fields = fields


class ConsiderationOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsiderationOption
        fields = ["code", "label", "score"]
        read_only_fields = fields


class ConsiderationFactorSerializer(serializers.ModelSerializer):
    options = ConsiderationOptionSerializer(many=True, read_only=True)

    class Meta:
        model = ConsiderationFactor
        fields = ["code", "name", "options"]
        read_only_fields = fields


class ConsiderationClassSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsiderationClass
        fields = ["level", "min_total", "max_total"]
        read_only_fields = fields


class LegalityItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalityItem
        fields = ["code", "name", "description"]
        read_only_fields = fields


class HandlingPatternSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingPattern
        fields = ["level", "legality", "code", "name"]
        read_only_fields = fields


class RuleSetSerializer(serializers.ModelSerializer):
    max_total = serializers.SerializerMethodField(label=_("skor maksimum"))
    criteria = CriterionSerializer(many=True, read_only=True)
    bands = ScoreBandSerializer(many=True, read_only=True)
    thresholds = LevelThresholdSerializer(many=True, read_only=True)
    consideration_factors = ConsiderationFactorSerializer(many=True, read_only=True)
    consideration_classes = ConsiderationClassSerializer(many=True, read_only=True)
    legality_items = LegalityItemSerializer(many=True, read_only=True)
    handling_patterns = HandlingPatternSerializer(many=True, read_only=True)

    class Meta:
        model = RuleSet
        fields = [
            "code",
            "name",
            "regulation",
            "percent_places",
            "is_default",
            "max_total",
            "notes",
            "criteria",
            "bands",
            "thresholds",
            "consideration_factors",
            "consideration_classes",
            "legality_items",
            "handling_patterns",
        ]
        read_only_fields = fields

    def get_max_total(self, rule_set) -> int:
        return rules.describe(rule_set).max_total


# --- assessments -----------------------------------------------------------------------------------


class AssessmentHeaderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["verified_area_ha", "buildings", "population", "households", "road_length_m", "drainage_length_m"]
        read_only_fields = fields


class MeasurementSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code", read_only=True, label=_("kode kriteria"))
    aspect = serializers.IntegerField(source="criterion.aspect.number", read_only=True, label=_("aspek"))

    class Meta:
        model = Measurement
        fields = [
            "criterion",
            "aspect",
            "volume",
            "denominator",
            "given_percent",
            "used_denominator",
            "percent",
            "score",
            "note",
        ]
        read_only_fields = fields


class AssessmentAspectSerializer(serializers.ModelSerializer):
    aspect = serializers.IntegerField(source="aspect.number", read_only=True, label=_("aspek"))
    name = serializers.CharField(source="aspect.name", read_only=True, label=_("nama aspek"))

    class Meta:
        model = AssessmentAspect
        fields = ["aspect", "name", "criteria", "measured", "score", "average_percent"]
        read_only_fields = fields


class ConsiderationAnswerSerializer(serializers.ModelSerializer):
    factor = serializers.CharField(source="factor.code", read_only=True)
    option = serializers.CharField(source="option.code", read_only=True)
    score = serializers.IntegerField(source="option.score", read_only=True)

    class Meta:
        model = ConsiderationAnswer
        fields = ["factor", "option", "score"]
        read_only_fields = fields


class LegalityAnswerSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code", read_only=True)

    class Meta:
        model = LegalityAnswer
        fields = ["item", "is_positive"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    location_name = serializers.CharField(source="location.display_name", read_only=True, label=_("nama lokasi"))
    area = AreaBriefSerializer(read_only=True, allow_null=True)
    rule_set = serializers.SlugRelatedField(slug_field="code", read_only=True)
    header = AssessmentHeaderSerializer(source="*", read_only=True)
    measurements = MeasurementSerializer(many=True, read_only=True)
    aspects = AssessmentAspectSerializer(source="aspect_scores", many=True, read_only=True)
    considerations = ConsiderationAnswerSerializer(source="consideration_answers", many=True, read_only=True)
    legality = LegalityAnswerSerializer(source="legality_answers", many=True, read_only=True)
    handling_pattern = serializers.CharField(
        source="handling_pattern.name", read_only=True, allow_null=True, default=None, label=_("pola penanganan")
    )
    flags = DataQualityFlagSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "version",
            "location",
            "location_name",
            "area",
            "rule_set",
            "regulation_version",
            "assessed_on",
            "year",
            "source",
            "source_document",
            "header",
            "measurements",
            "aspects",
            "total_score",
            "max_score",
            "level",
            "is_complete",
            "stated_level",
            "considerations",
            "consideration_score",
            "consideration_class",
            "legality",
            "legal_status",
            "handling_pattern",
            "notes",
            "flags",
            "verification",
            "verification_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class HeaderInputSerializer(serializers.Serializer):
    verified_area_ha = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        label=_("luas terverifikasi (Ha)"),
    )
    buildings = serializers.IntegerField(
        min_value=0, max_value=INTEGER_MAX, required=False, allow_null=True, label=_("jumlah bangunan")
    )
    population = serializers.IntegerField(
        min_value=0, max_value=INTEGER_MAX, required=False, allow_null=True, label=_("jumlah penduduk")
    )
    households = serializers.IntegerField(
        min_value=0, max_value=INTEGER_MAX, required=False, allow_null=True, label=_("jumlah KK")
    )
    road_length_m = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        label=_("panjang jalan ideal (m)"),
    )
    drainage_length_m = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        label=_("panjang drainase ideal (m)"),
    )


class MeasurementInputSerializer(serializers.Serializer):
    volume = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=_("Volume yang tidak memenuhi (unit, Ha, m atau KK); negatif dihitung 0."),
    )
    denominator = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=_("Pembagi; bila kosong dipakai data umum penilaian (`header`) sesuai kriteria."),
    )
    percent = serializers.DecimalField(
        max_digits=8,
        decimal_places=4,
        required=False,
        allow_null=True,
        help_text=_("Persen yang tidak memenuhi, bila tidak memakai volume dan pembagi."),
    )
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class AssessmentInputSerializer(serializers.Serializer):
    location = serializers.PrimaryKeyRelatedField(queryset=SlumLocation.objects.select_related("area"))
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("RT yang dinilai (tingkat `rt`, di dalam lokasi); kosong untuk seluruh lokasi."),
    )
    rule_set = serializers.SlugRelatedField(slug_field="code", queryset=RuleSet.objects.all())
    assessed_on = serializers.DateField()
    source = serializers.ChoiceField(choices=Assessment.Source.choices)
    source_document = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    regulation_version = serializers.ChoiceField(
        choices=RuleSet.Regulation.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Kosong: versi regulasi aturan penilaian."),
    )
    header = HeaderInputSerializer(required=False, default=dict)
    measurements = serializers.DictField(
        child=MeasurementInputSerializer(),
        required=False,
        default=dict,
        help_text=_("Per kode kriteria (`1a` … `7b`)."),
    )
    considerations = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text=_("Kode pertimbangan lain → kode pilihan."),
    )
    legality = serializers.DictField(
        child=serializers.BooleanField(allow_null=True),
        required=False,
        default=dict,
        help_text=_("Kode butir legalitas lahan → positif (true) atau negatif (false)."),
    )
    stated_level = serializers.ChoiceField(choices=SlumLevel.choices, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=LONG_TEXT_MAX_LENGTH)
    allow_incomplete = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Simpan walau ada kriteria tanpa data; skor total dan tingkat kemudian kosong."),
    )


class AssessmentUpdateInputSerializer(AssessmentInputSerializer):
    location = None
    version = serializers.IntegerField(
        min_value=1, max_value=INTEGER_MAX, help_text=_("Versi yang dibaca; 409 bila sudah diubah orang lain.")
    )
