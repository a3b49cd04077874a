"""API of the sites app: areas, decrees, slum locations, area records, the indicator framework and
assessments. Reads for every signed-in role; writes through ``sites.services``."""

from pathlib import PurePosixPath

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import error_responses
from core.permissions import ReadAuthenticatedWriteOfficial
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
    AreaInputSerializer,
    AreaRecordInputSerializer,
    AreaRecordSerializer,
    AreaSerializer,
    AreaUpdateInputSerializer,
    AspectSerializer,
    AssessmentInputSerializer,
    AssessmentSerializer,
    AssessmentUpdateInputSerializer,
    DecreeInputSerializer,
    DecreeSerializer,
    RuleSetSerializer,
    SlumLocationInputSerializer,
    SlumLocationSerializer,
)
from sites.services import reference


class ReferenceWriteMixin:
    """POST creates through a service; PATCH (with the ``version`` read) updates through one. The
    record to change comes from ``get_editable_queryset()``: outside the user's scope is 404."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    input_serializer_class = None

    def get_editable_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        if self.action == "partial_update":
            return self.get_editable_queryset()
        return self.get_read_queryset()

    def _respond(self, pk, code):
        return Response(self.get_serializer(self.get_read_queryset().get(pk=pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.input_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        return self._respond(self.perform_service_create(data).pk, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        serializer = self.input_serializer_class(data=request.data, partial=True, require_version=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        self.perform_service_update(record, version, data)
        return self._respond(record.pk, status.HTTP_200_OK)


WRITE_DOC = " Ubah sebagian dengan PATCH dan `version` yang dibaca (usang → 409); di luar wilayah → 404."


@extend_schema_view(
    create=extend_schema(
        request=AreaInputSerializer,
        responses={201: AreaSerializer, **error_responses(400, 403)},
        description="Tambah wilayah: `code` dari daftar wilayah resmi (pejabat kota), atau RW/RT "
        "(`parent`, `level`, `name` = nomor) di wilayah pengguna.",
    ),
    partial_update=extend_schema(
        request=AreaUpdateInputSerializer,
        responses={200: AreaSerializer, **error_responses(400, 403, 404, 409)},
        description="Ganti nama atau kode BPS (koordinator: hanya RW/RT di wilayahnya)." + WRITE_DOC,
    ),
)
class AreaViewSet(ReferenceWriteMixin, BaseModelViewSet):
    """The administrative tree (provinsi > kota > kecamatan > kelurahan > RW > RT)."""

    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    search_fields = ["name", "code", "bps_code"]
    ordering_fields = ["path", "name", "level", "code"]
    ordering = ["path"]

    def get_read_queryset(self):
        return selectors.area_list()

    def get_editable_queryset(self):
        return selectors.area_editable(self.request.user)

    def create(self, request, *args, **kwargs):
        self.input_serializer_class = AreaInputSerializer
        return super().create(request, *args, **kwargs)

    def partial_update(self, request, *args, **kwargs):
        self.input_serializer_class = AreaUpdateInputSerializer
        return super().partial_update(request, *args, **kwargs)

    def perform_service_create(self, data):
        user = self.request.user
        if data.get("code"):
            return reference.official_area_create(actor=user, code=data["code"])
        return reference.community_area_create(
            actor=user, parent=data["parent"], level=data["level"], number=data["name"]
        )

    def perform_service_update(self, area, version, data):
        reference.area_update(actor=self.request.user, area=area, expected_version=version, data=data)


@extend_schema_view(
    create=extend_schema(
        request=DecreeInputSerializer,
        responses={201: DecreeSerializer, **error_responses(400, 403)},
        description="Catat SK (pejabat kota); `document` = PDF (multipart), paling besar 10 MB; "
        "nomor SK unik per kota dan tahun.",
    ),
    partial_update=extend_schema(
        request=DecreeInputSerializer,
        responses={200: DecreeSerializer, **error_responses(400, 403, 404, 409)},
        description="Ubah SK (pejabat kota)." + WRITE_DOC,
    ),
)
class DecreeViewSet(ReferenceWriteMixin, BaseModelViewSet):
    """Decrees (SK) that set slum locations, with the number and summed area of their locations."""

    permission_classes = [ReadAuthenticatedWriteOfficial]
    input_serializer_class = DecreeInputSerializer
    serializer_class = DecreeSerializer
    filterset_class = DecreeFilter
    search_fields = ["number", "title", "issuer", "source"]
    ordering_fields = ["year", "number", "issuer"]
    ordering = ["-year", "number"]

    def get_read_queryset(self):
        return selectors.decree_list()

    def get_editable_queryset(self):
        return selectors.decree_list()

    def perform_service_create(self, data):
        return reference.decree_create(actor=self.request.user, **data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **error_responses(404)})
    @action(detail=True, methods=["get"], url_path="document")
    def document(self, request, pk=None):
        """The decree's PDF, as an attachment."""
        decree = self.get_object()
        if not decree.document:
            raise Http404
        try:
            handle = decree.document.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        name = PurePosixPath(decree.document.name).name
        response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
        response["Cache-Control"] = "private, no-store"
        return response

    def perform_service_update(self, decree, version, data):
        reference.decree_update(actor=self.request.user, decree=decree, expected_version=version, data=data)


@extend_schema_view(
    create=extend_schema(
        request=SlumLocationInputSerializer,
        responses={201: SlumLocationSerializer, **error_responses(400, 403)},
        description="Catat lokasi kumuh di bawah SK (pejabat kota); luas ≥ 0 dengan paling banyak dua "
        "angka desimal; RT/RW kumuh harus di dalam wilayah lokasi.",
    ),
    partial_update=extend_schema(
        request=SlumLocationInputSerializer,
        responses={200: SlumLocationSerializer, **error_responses(400, 403, 404, 409)},
        description="Ubah lokasi kumuh (pejabat kota)." + WRITE_DOC,
    ),
)
class SlumLocationViewSet(ReferenceWriteMixin, BaseModelViewSet):
    """Decreed slum locations with decreed and current area (latest record) and latest level."""

    permission_classes = [ReadAuthenticatedWriteOfficial]
    input_serializer_class = SlumLocationInputSerializer
    serializer_class = SlumLocationSerializer
    filterset_class = SlumLocationFilter
    search_fields = ["name", "printed_kecamatan", "printed_kelurahan", "area__name", "notes"]
    ordering_fields = ["number", "decreed_area_ha", "current_area_ha", "name"]
    ordering = ["decree_id", "number"]

    def get_read_queryset(self):
        return selectors.location_list()

    def get_editable_queryset(self):
        return selectors.location_list()

    def perform_service_create(self, data):
        return reference.location_create(actor=self.request.user, **data)

    def perform_service_update(self, location, version, data):
        reference.location_update(actor=self.request.user, location=location, expected_version=version, data=data)


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
