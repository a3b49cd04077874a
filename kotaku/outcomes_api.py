"""API of the outcome figures: indicator change per location or RT, and progress to zero slum hectares.

Both answers are computed by ``kotaku.outcomes`` (the same figures as the location dashboard and
the city report) and exported with ``?format=csv|xlsx`` (one row per criterion, per location).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from core.api import error_responses
from core.viewsets import ComputedExportMixin
from kotaku import outcomes
from sites.models import Area, SlumLevel, SlumLocation

MONEY = {"max_digits": 18, "decimal_places": 2}
HECTARES = {"max_digits": 10, "decimal_places": 2}
PERCENT = {"max_digits": 8, "decimal_places": 2}
CITY_LEVELS = (Area.Level.KOTA, Area.Level.KABUPATEN)


def _level_field(label):
    return serializers.ChoiceField(choices=SlumLevel.choices, allow_null=True, label=label)


# --- indicator change ----------------------------------------------------------------------------


class IndicatorChangeQuerySerializer(serializers.Serializer):
    location = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    area = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)

    def validate_location(self, value):
        location = SlumLocation.objects.select_related("area").filter(pk=value).first()
        if location is None:
            # A location that does not exist is missing, as on every detail route: 404, not 400.
            raise NotFound(_("Lokasi kumuh dengan id ini tidak ada."))
        return location

    def validate_area(self, value):
        area = Area.objects.filter(pk=value).first()
        if area is None or area.level != Area.Level.RT:
            raise ValidationError(_("RT dengan id ini tidak ada."))
        return area

    def get_fields(self):
        # ``from`` is a Python keyword, so these two cannot be declared as class attributes.
        fields = super().get_fields()
        for name in ("from", "to"):
            fields[name] = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
        return fields


class AssessmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    assessed_on = serializers.DateField(allow_null=True, label=_("tanggal penilaian"))
    year = serializers.IntegerField(allow_null=True, label=_("tahun"))
    source = serializers.CharField(label=_("jenis data"))
    is_complete = serializers.BooleanField(label=_("data lengkap"))
    total_score = serializers.IntegerField(allow_null=True, label=_("total skor"))
    level = serializers.CharField(allow_blank=True, label=_("tingkat kekumuhan"))


class AspectChangeSerializer(serializers.Serializer):
    aspect = serializers.IntegerField(label=_("nomor aspek"))
    name = serializers.CharField(label=_("aspek"))
    from_score = serializers.IntegerField(allow_null=True, label=_("skor aspek awal"))
    to_score = serializers.IntegerField(allow_null=True, label=_("skor aspek akhir"))
    score_change = serializers.IntegerField(allow_null=True, label=_("perubahan skor aspek"))


class IndicatorChangeSummarySerializer(serializers.Serializer):
    location = serializers.IntegerField(label=_("lokasi"))
    location_name = serializers.CharField(label=_("nama lokasi"))
    area = serializers.IntegerField(allow_null=True, label=_("RT"), help_text=_("Kosong: seluruh lokasi."))
    rule_set = serializers.CharField(allow_null=True, label=_("aturan penilaian"))
    status = serializers.ChoiceField(
        choices=outcomes.STATUSES,
        label=_("status perbandingan"),
        help_text=_(
            "`ok`: dua penilaian lengkap; `incomplete`: salah satu belum lengkap; `single`: baru satu "
            "penilaian; `missing`: belum ada penilaian."
        ),
    )
    from_assessment = AssessmentRefSerializer(allow_null=True, label=_("penilaian awal"))
    to_assessment = AssessmentRefSerializer(allow_null=True, label=_("penilaian akhir"))
    from_total = serializers.IntegerField(allow_null=True, label=_("total skor awal"))
    to_total = serializers.IntegerField(allow_null=True, label=_("total skor akhir"))
    total_change = serializers.IntegerField(
        allow_null=True, label=_("perubahan total skor"), help_text=_("Akhir dikurangi awal; negatif berarti membaik.")
    )
    max_total = serializers.IntegerField(allow_null=True, label=_("skor maksimum"))
    from_level = _level_field(_("tingkat kekumuhan awal"))
    to_level = _level_field(_("tingkat kekumuhan akhir"))
    from_stated_level = _level_field(_("tingkat awal menurut sumber"))
    to_stated_level = _level_field(_("tingkat akhir menurut sumber"))
    window_from_year = serializers.IntegerField(
        allow_null=True,
        label=_("intervensi sejak tahun"),
        help_text=_(
            "Intervensi dihitung sejak setahun sebelum penilaian awal; kosong bila tanggalnya tidak diketahui."
        ),
    )
    window_to_year = serializers.IntegerField(allow_null=True, label=_("intervensi sampai tahun"))
    aspects = AspectChangeSerializer(many=True, label=_("per aspek"))
    notes = serializers.ListField(child=serializers.CharField(), label=_("catatan"))


class IndicatorChangeRowSerializer(serializers.Serializer):
    criterion = serializers.CharField(label=_("kriteria"), help_text=_("Kode kriteria, mis. 2a."))
    criterion_name = serializers.CharField(label=_("nama kriteria"))
    aspect = serializers.IntegerField(label=_("nomor aspek"))
    from_percent = serializers.DecimalField(allow_null=True, label=_("persen awal (%)"), **PERCENT)
    to_percent = serializers.DecimalField(allow_null=True, label=_("persen akhir (%)"), **PERCENT)
    from_score = serializers.IntegerField(allow_null=True, label=_("skor awal"))
    to_score = serializers.IntegerField(allow_null=True, label=_("skor akhir"))
    score_change = serializers.IntegerField(
        allow_null=True,
        label=_("perubahan skor"),
        help_text=_("Skor akhir dikurangi skor awal; negatif berarti membaik. Kosong bila salah satu belum terukur."),
    )
    improved = serializers.BooleanField(allow_null=True, label=_("membaik"))
    interventions = serializers.ListField(
        child=serializers.IntegerField(),
        label=_("intervensi"),
        help_text=_(
            "Id intervensi (selesai atau berjalan) yang jenisnya menyasar kriteria ini, dikerjakan antara setahun "
            "sebelum penilaian awal dan penilaian akhir. Keterkaitan, bukan bukti sebab-akibat."
        ),
    )
    intervention_budget = serializers.DecimalField(label=_("anggaran intervensi (Rp)"), **MONEY)


class IndicatorChangeSerializer(serializers.Serializer):
    summary = IndicatorChangeSummarySerializer()
    results = IndicatorChangeRowSerializer(many=True, label=_("per kriteria"))


class IndicatorChangeExportSerializer(IndicatorChangeRowSerializer):
    location = serializers.IntegerField(label=_("lokasi"))
    area = serializers.IntegerField(allow_null=True, label=_("RT"))
    rule_set = serializers.CharField(allow_null=True, label=_("aturan penilaian"))
    from_assessment = serializers.IntegerField(allow_null=True, label=_("penilaian awal"))
    to_assessment = serializers.IntegerField(allow_null=True, label=_("penilaian akhir"))
    from_total = serializers.IntegerField(allow_null=True, label=_("total skor awal"))
    to_total = serializers.IntegerField(allow_null=True, label=_("total skor akhir"))
    from_level = serializers.CharField(allow_null=True, label=_("tingkat kekumuhan awal"))
    to_level = serializers.CharField(allow_null=True, label=_("tingkat kekumuhan akhir"))
    status = serializers.CharField(label=_("status perbandingan"))


def indicator_change_data(change: dict) -> dict:
    """The selector's answer in the API's shape."""
    first, last = change["from_assessment"], change["to_assessment"]
    location, area = change["location"], change["area"]
    summary = {
        "location": location.pk,
        "location_name": location.display_name,
        "area": area.pk if area else None,
        "rule_set": change["rule_set"]["code"] if change["rule_set"] else None,
        "status": change["status"],
        "from_assessment": first,
        "to_assessment": last,
        **{
            key: change[key]
            for key in (
                "from_total",
                "to_total",
                "total_change",
                "max_total",
                "from_level",
                "to_level",
                "from_stated_level",
                "to_stated_level",
            )
        },
        "window_from_year": change["window"].from_year,
        "window_to_year": change["window"].to_year,
        "aspects": change["aspects"],
        "notes": [str(note) for note in change["notes"]],
    }
    return {"summary": summary, "results": change["criteria"]}


class IndicatorChangeApi(ComputedExportMixin, generics.GenericAPIView):
    """Indicator change of a location, or of one RT, between two assessments under the same rule set.

    By default the latest assessment and the first one under its rule set. One row per criterion
    (16 under 14/2018, 19 under 02/2016) with the percent and score before and after, and the
    interventions whose kind targets the criterion. Shows association, not proof of cause.
    """

    serializer_class = IndicatorChangeSerializer
    export_serializer_class = IndicatorChangeExportSerializer
    export_basename = "indicator-changes"
    pagination_class = None
    filter_backends = []

    @extend_schema(
        operation_id="indicator_changes_retrieve",
        parameters=[
            OpenApiParameter("location", OpenApiTypes.INT, required=True, description="Id lokasi kumuh."),
            OpenApiParameter("area", OpenApiTypes.INT, description="Id RT di dalam lokasi (kosong: seluruh lokasi)."),
            OpenApiParameter("from", OpenApiTypes.INT, description="Id penilaian awal (bawaan: yang pertama)."),
            OpenApiParameter("to", OpenApiTypes.INT, description="Id penilaian akhir (bawaan: yang terakhir)."),
        ],
        responses={200: IndicatorChangeSerializer, **error_responses(400, 404)},
    )
    def get(self, request):
        query = IndicatorChangeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        try:
            change = outcomes.indicator_change(
                location=params["location"],
                area=params.get("area"),
                from_id=params.get("from"),
                to_id=params.get("to"),
            )
        except outcomes.ComparisonRefused as exc:
            raise ValidationError({field: [message] for field, message in exc.errors.items()}) from exc
        data = indicator_change_data(change)
        if self.get_export_format():
            summary = data["summary"]
            shared = {
                "location": summary["location"],
                "area": summary["area"],
                "rule_set": summary["rule_set"],
                "from_assessment": change["from_assessment"]["pk"] if change["from_assessment"] else None,
                "to_assessment": change["to_assessment"]["pk"] if change["to_assessment"] else None,
                **{key: summary[key] for key in ("from_total", "to_total", "from_level", "to_level", "status")},
            }
            return self.export_response([{**row, **shared} for row in data["results"]])
        return Response(IndicatorChangeSerializer(data).data)


# --- slum reduction ------------------------------------------------------------------------------


class SlumReductionQuerySerializer(serializers.Serializer):
    city = serializers.CharField(required=False, max_length=20)

    def validate_city(self, value):
        city = Area.objects.filter(code=value, level__in=CITY_LEVELS).first()
        if city is None:
            raise ValidationError(_("Kota/kabupaten dengan kode ini tidak ada (mis. 21.72)."))
        return city


class SpendingSliceSerializer(serializers.Serializer):
    source = serializers.CharField(label=_("kode sumber dana"))
    name = serializers.CharField(label=_("sumber dana"))
    amount = serializers.DecimalField(label=_("belanja (Rp)"), **MONEY)
    cost_per_ha_reduced = serializers.DecimalField(allow_null=True, label=_("biaya per Ha berkurang (Rp)"), **MONEY)


class AspectSpendingSerializer(serializers.Serializer):
    aspect = serializers.IntegerField(label=_("nomor aspek"))
    name = serializers.CharField(label=_("aspek"))
    amount = serializers.DecimalField(label=_("belanja (Rp)"), **MONEY)
    cost_per_ha_reduced = serializers.DecimalField(allow_null=True, label=_("biaya per Ha berkurang (Rp)"), **MONEY)


class AreaPointSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    year = serializers.IntegerField(label=_("tahun"))
    area_ha = serializers.DecimalField(label=_("luas kumuh (Ha)"), **HECTARES)
    source = serializers.CharField(label=_("sumber"))


class SlumReductionRowSerializer(serializers.Serializer):
    location = serializers.IntegerField(source="pk", label=_("lokasi"))
    number = serializers.IntegerField(label=_("nomor urut di SK"))
    name = serializers.CharField(label=_("nama lokasi"))
    decreed_ha = serializers.DecimalField(label=_("luas menurut SK (Ha)"), **HECTARES)
    baseline_year = serializers.IntegerField(label=_("tahun SK"))
    latest_ha = serializers.DecimalField(
        allow_null=True,
        label=_("luas kumuh terakhir (Ha)"),
        help_text=_("Catatan luas terakhir sesudah tahun SK; kosong bila belum ada."),
        **HECTARES,
    )
    latest_year = serializers.IntegerField(allow_null=True, label=_("tahun catatan terakhir"))
    latest_source = serializers.CharField(allow_blank=True, label=_("sumber catatan terakhir"))
    reduced_ha = serializers.DecimalField(
        allow_null=True, label=_("luas berkurang (Ha)"), help_text=_("Luas SK dikurangi luas terakhir."), **HECTARES
    )
    target_ha = serializers.DecimalField(label=_("target (Ha)"), help_text=_("Target 100-0-100: 0 Ha."), **HECTARES)
    spending = serializers.DecimalField(
        label=_("belanja (Rp)"),
        help_text=_(
            "Semua baris pendanaan intervensi yang tidak dibatalkan, dari tahun SK sampai tahun catatan terakhir."
        ),
        **MONEY,
    )
    spending_from_year = serializers.IntegerField(label=_("belanja sejak tahun"))
    spending_to_year = serializers.IntegerField(allow_null=True, label=_("belanja sampai tahun"))
    cost_per_ha_reduced = serializers.DecimalField(
        allow_null=True,
        label=_("biaya per Ha berkurang (Rp)"),
        help_text=_("Belanja dibagi luas berkurang, dibulatkan ke rupiah; kosong bila luas tidak berkurang."),
        **MONEY,
    )
    from_total = serializers.IntegerField(allow_null=True, label=_("total skor awal"))
    to_total = serializers.IntegerField(allow_null=True, label=_("total skor akhir"))
    score_gain = serializers.IntegerField(
        allow_null=True,
        label=_("penurunan skor"),
        help_text=_("Total skor awal dikurangi akhir (dua penilaian lengkap seluruh lokasi, aturan yang sama)."),
    )
    cost_per_score_point = serializers.DecimalField(
        allow_null=True, label=_("biaya per poin skor (Rp)"), help_text=_("Belanja dibagi penurunan skor."), **MONEY
    )
    from_level = _level_field(_("tingkat kekumuhan awal"))
    to_level = _level_field(_("tingkat kekumuhan akhir"))
    spending_by_source = SpendingSliceSerializer(many=True, label=_("belanja per sumber dana"))
    spending_by_aspect = AspectSpendingSerializer(many=True, label=_("belanja per aspek"))
    area_records = AreaPointSerializer(many=True, label=_("catatan luas kumuh"))
    notes = serializers.ListField(child=serializers.CharField(), label=_("catatan"))


class CitySerializer(serializers.Serializer):
    code = serializers.CharField(label=_("kode Kemendagri"))
    name = serializers.CharField(label=_("nama"))


class SlumReductionSummarySerializer(serializers.Serializer):
    locations = serializers.IntegerField(label=_("jumlah lokasi"))
    decreed_ha = serializers.DecimalField(label=_("luas menurut SK (Ha)"), **HECTARES)
    current_ha = serializers.DecimalField(
        label=_("luas kumuh terkini (Ha)"),
        help_text=_("Lokasi tanpa catatan sesudah SK dihitung dengan luas SK."),
        **HECTARES,
    )
    reduced_ha = serializers.DecimalField(label=_("luas berkurang (Ha)"), **HECTARES)
    target_ha = serializers.DecimalField(label=_("target (Ha)"), **HECTARES)
    spending = serializers.DecimalField(label=_("belanja (Rp)"), **MONEY)
    spending_in_reducing_locations = serializers.DecimalField(label=_("belanja di lokasi yang berkurang (Rp)"), **MONEY)
    cost_per_ha_reduced = serializers.DecimalField(
        allow_null=True,
        label=_("biaya per Ha berkurang (Rp)"),
        help_text=_("Belanja di lokasi yang luasnya berkurang dibagi jumlah luas berkurang."),
        **MONEY,
    )


class SlumReductionSerializer(serializers.Serializer):
    city = CitySerializer()
    summary = SlumReductionSummarySerializer()
    results = SlumReductionRowSerializer(many=True, label=_("per lokasi"))


class SlumReductionApi(ComputedExportMixin, generics.GenericAPIView):
    """Progress to zero slum hectares per location of a city: hectares reduced, spending, cost per
    hectare reduced and per score point, by funding source and aspect.

    ``?city=`` is the city's Kemendagri code (default: the configured city). Association, not proof
    of cause.
    """

    serializer_class = SlumReductionSerializer
    export_serializer_class = SlumReductionRowSerializer
    export_basename = "slum-reduction"
    pagination_class = None
    filter_backends = []

    @extend_schema(
        operation_id="slum_reduction_retrieve",
        parameters=[
            OpenApiParameter(
                "city",
                OpenApiTypes.STR,
                description="Kode Kemendagri kota/kabupaten, mis. 21.72 (bawaan: kota aplikasi).",
            )
        ],
        responses={200: SlumReductionSerializer, **error_responses(400)},
    )
    def get(self, request):
        query = SlumReductionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        city = query.validated_data.get("city")
        if city is None:
            city = Area.objects.filter(code=settings.DASHBOARD_CITY_CODE).first()
            if city is None:
                raise ValidationError({"city": [_("Kota bawaan tidak ada; sebutkan ?city=<kode>.")]})
        rows = outcomes.slum_reduction(outcomes.city_locations(city))
        if self.get_export_format():
            return self.export_response(rows)
        data = {
            "city": {"code": city.code, "name": city.name},
            "summary": outcomes.reduction_totals(rows),
            "results": rows,
        }
        return Response(SlumReductionSerializer(data).data)
