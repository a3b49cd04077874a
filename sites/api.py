"""API of the sites app: areas, decrees, slum locations, area records, the indicator framework and
assessments. Reads for every signed-in role; writes through ``sites.services``."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import error_responses
from core.verification_api import VerificationActionsMixin
from core.viewsets import BaseModelViewSet, BaseReadOnlyViewSet
from sites import selectors, services
from sites.filters import (
    AreaFilter,
    AreaRecordFilter,
    AspectFilter,
    AssessmentFilter,
    DecreeFilter,
    RuleSetFilter,
    SlumLocationFilter,
)
from sites.serializers import (
    AreaRecordInputSerializer,
    AreaRecordSerializer,
    AreaSerializer,
    AspectSerializer,
    AssessmentInputSerializer,
    AssessmentSerializer,
    AssessmentUpdateInputSerializer,
    DecreeSerializer,
    RuleSetSerializer,
    SlumLocationSerializer,
)


class AreaViewSet(BaseReadOnlyViewSet):
    """The administrative tree (provinsi > kota > kecamatan > kelurahan > RW > RT)."""

    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    search_fields = ["name", "code", "bps_code"]
    ordering_fields = ["path", "name", "level", "code"]
    ordering = ["path"]

    def get_queryset(self):
        return selectors.area_list()


class DecreeViewSet(BaseReadOnlyViewSet):
    """Decrees (SK) that set slum locations, with the number and summed area of their locations."""

    serializer_class = DecreeSerializer
    filterset_class = DecreeFilter
    search_fields = ["number", "title", "issuer", "source"]
    ordering_fields = ["year", "number", "issuer"]
    ordering = ["-year", "number"]

    def get_queryset(self):
        return selectors.decree_list()


class SlumLocationViewSet(BaseReadOnlyViewSet):
    """Decreed slum locations with decreed and current area (latest record) and latest level."""

    serializer_class = SlumLocationSerializer
    filterset_class = SlumLocationFilter
    search_fields = ["name", "printed_kecamatan", "printed_kelurahan", "area__name", "notes"]
    ordering_fields = ["number", "decreed_area_ha", "current_area_ha", "name"]
    ordering = ["decree_id", "number"]

    def get_queryset(self):
        return selectors.location_list()


@extend_schema_view(
    create=extend_schema(
        request=AreaRecordInputSerializer,
        responses={201: AreaRecordSerializer, **error_responses(400, 403)},
        description="Catat luas kumuh sebuah lokasi. Koordinator hanya untuk lokasi di wilayahnya "
        "(di luar itu: 400 `location` tidak ditemukan).",
    )
)
class AreaRecordViewSet(VerificationActionsMixin, BaseModelViewSet):
    """The slum area of a location over time (year, date when known, hectares, source)."""

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = AreaRecordSerializer
    filterset_class = AreaRecordFilter
    search_fields = ["source", "note", "location__name"]
    ordering_fields = ["year", "recorded_on", "area_ha", "id"]
    ordering = ["location_id", "year", "id"]

    def get_queryset(self):
        return selectors.area_record_list()

    def verification_editable_queryset(self):
        return selectors.area_record_editable(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = AreaRecordInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.area_record_create(actor=request.user, **serializer.validated_data)
        output = AreaRecordSerializer(selectors.area_record_list().get(pk=record.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)


class AspectViewSet(BaseReadOnlyViewSet):
    """The seven aspects with their criteria; ``?rule_set=<code>`` keeps one rule set's criteria."""

    serializer_class = AspectSerializer
    filterset_class = AspectFilter
    search_fields = ["name", "criteria__name", "criteria__code"]
    ordering_fields = ["number"]
    ordering = ["number"]

    def get_queryset(self):
        return selectors.aspect_list(rule_set_code=self.request.query_params.get("rule_set") or None)


class RuleSetViewSet(BaseReadOnlyViewSet):
    """Scoring rule sets as data: criteria, score bands, class thresholds, considerations, legality
    items and handling patterns."""

    serializer_class = RuleSetSerializer
    filterset_class = RuleSetFilter
    search_fields = ["code", "name", "notes"]
    ordering_fields = ["code", "name"]
    ordering = ["-is_default", "code"]
    lookup_field = "code"

    def get_queryset(self):
        return selectors.rule_sets()


ASSESSMENT_WRITE_DOC = (
    "Skor per kriteria, skor aspek, total dan tingkat kekumuhan dihitung server (`sites.scoring`); "
    "tidak bisa dikirim. `measurements` berisi volume (dan pembagi, atau memakai `header`) atau persen "
    "per kode kriteria. Masukan salah: 400 per kolom, tidak ada yang disimpan. Koordinator hanya di "
    "wilayahnya: lokasi/RT di luar itu dijawab 400 `location`/`area` tidak ditemukan."
)


@extend_schema_view(
    create=extend_schema(
        request=AssessmentInputSerializer,
        responses={201: AssessmentSerializer, **error_responses(400, 403)},
        description=ASSESSMENT_WRITE_DOC,
    ),
    update=extend_schema(
        request=AssessmentUpdateInputSerializer,
        responses={200: AssessmentSerializer, **error_responses(400, 403, 404, 409)},
        description=ASSESSMENT_WRITE_DOC + " Kirim `version` yang dibaca; versi usang dijawab 409.",
    ),
)
class AssessmentViewSet(VerificationActionsMixin, BaseModelViewSet):
    """Slum assessments with their measurements and computed scores."""

    http_method_names = ["get", "post", "put", "head", "options"]
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    search_fields = ["location__name", "area__name", "notes", "source_document"]
    ordering_fields = ["assessed_on", "year", "total_score", "id"]
    ordering = ["-id"]

    def get_queryset(self):
        if self.action == "update":
            return selectors.editable_assessments(self.request.user)
        return selectors.assessment_list()

    def verification_editable_queryset(self):
        return selectors.editable_assessments(self.request.user)

    def handle_exception(self, exc):
        if isinstance(exc, services.InvalidAssessment):
            exc = ValidationError(exc.detail)
        return super().handle_exception(exc)

    def _respond(self, assessment, code):
        output = AssessmentSerializer(selectors.assessment_list().get(pk=assessment.pk))
        return Response(output.data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = AssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = services.assessment_create(actor=request.user, **serializer.validated_data)
        return self._respond(assessment, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        assessment = self.get_object()
        serializer = AssessmentUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected_version = data.pop("version")
        services.assessment_update(actor=request.user, assessment=assessment, expected_version=expected_version, **data)
        return self._respond(assessment, status.HTTP_200_OK)
