"""API view sets for interventions, funding sources, intervention kinds and progress updates.

Reads: every signed-in role. Writes: through the services; interventions and progress updates only
inside the user's write scope (anything else answers 404), reference data by officials only.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core import roles
from core.api import error_responses
from core.pagination import LargeTableCursorPagination
from core.viewsets import BaseModelViewSet
from interventions import exports_pg, selectors, services
from interventions.filters import FundingSourceFilter, InterventionFilter, InterventionKindFilter, ProgressUpdateFilter
from interventions.serializers import (
    FundingSourceInputSerializer,
    FundingSourceSerializer,
    InterventionInputSerializer,
    InterventionKindInputSerializer,
    InterventionKindSerializer,
    InterventionSerializer,
    InterventionTotalsSerializer,
    ProgressUpdateInputSerializer,
    ProgressUpdateSerializer,
)
from interventions.services import FundingLineInput
from interventions.views import photo_response


class ReadAuthenticatedWriteOfficial(permissions.BasePermission):
    """Reference data: every signed-in role reads, officials write."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or roles.is_official(request.user)


def _line_inputs(lines):
    return [FundingLineInput(**line) for line in lines]


@extend_schema_view(
    list=extend_schema(summary="Daftar intervensi (halaman kursor)"),
    retrieve=extend_schema(summary="Satu intervensi"),
)
class InterventionViewSet(BaseModelViewSet):
    """Interventions with their funding lines, budget (sum of the lines), cost per unit and flags.

    Filters: ``fiscal_year``, ``location`` (id), ``area`` (Kemendagri code or path; the whole
    subtree), ``rt_rw`` (area id; subtree), ``kind`` (code), ``aspect`` (number), ``funding_source``
    (code), ``status``, ``start_date_from/_to``, ``end_date_from/_to``, ``search``, ``ordering``.
    On PostgreSQL, ``?format=csv`` is written by ``COPY`` (``interventions.exports_pg``).
    """

    lookup_value_regex = r"\d+"
    serializer_class = InterventionSerializer
    filterset_class = InterventionFilter
    pagination_class = LargeTableCursorPagination
    search_fields = ["title", "reference", "source_document", "kind__name", "location__name", "area__name"]
    ordering_fields = ["id", "fiscal_year", "volume", "created_at", "updated_at"]
    ordering = ["-id"]

    def get_queryset(self):
        if self.action in ("update", "partial_update", "destroy"):
            return selectors.intervention_editable(user=self.request.user)
        return selectors.intervention_list(user=self.request.user)

    def get_export_copy(self, queryset):
        return exports_pg.intervention_csv_copy(queryset)

    def _output(self, pk, code=status.HTTP_200_OK):
        intervention = selectors.intervention_list(user=self.request.user).get(pk=pk)
        return Response(self.get_serializer(intervention).data, status=code)

    @extend_schema(
        request=InterventionInputSerializer,
        responses={201: InterventionSerializer, **error_responses(400, 403)},
        summary="Catat intervensi baru",
    )
    def create(self, request, *args, **kwargs):
        serializer = InterventionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        lines = _line_inputs(data.pop("funding_lines"))
        intervention = services.intervention_create(actor=request.user, funding_lines=lines, **data)
        return self._output(intervention.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=InterventionInputSerializer,
        responses={200: InterventionSerializer, **error_responses(400, 403, 404, 409)},
        summary="Ganti intervensi (wajib `version`)",
    )
    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        intervention = self.get_object()
        serializer = InterventionInputSerializer(data=request.data, partial=partial, require_version=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        lines = data.pop("funding_lines", None)
        services.intervention_update(
            intervention=intervention,
            actor=request.user,
            expected_version=version,
            data=data,
            funding_lines=_line_inputs(lines) if lines is not None else None,
        )
        return self._output(intervention.pk)

    @extend_schema(
        request=InterventionInputSerializer,
        responses={200: InterventionSerializer, **error_responses(400, 403, 404, 409)},
        summary="Ubah sebagian intervensi (wajib `version`; `funding_lines`, bila dikirim, mengganti semua baris)",
    )
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(
        parameters=[OpenApiParameter("version", int, description="Versi yang dihapus; bila usang → 409.")],
        responses={204: None, **error_responses(403, 404, 409)},
        summary="Hapus intervensi (riwayat tetap disimpan)",
    )
    def destroy(self, request, *args, **kwargs):
        intervention = self.get_object()
        version = request.query_params.get("version")
        services.intervention_delete(
            intervention=intervention,
            actor=request.user,
            expected_version=int(version) if version and version.isdigit() else None,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={200: InterventionTotalsSerializer, **error_responses(400)},
        summary="Jumlah anggaran dan volume per satuan untuk baris yang disaring",
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        return Response(InterventionTotalsSerializer(selectors.intervention_totals(queryset)).data)


class FundingSourceViewSet(BaseModelViewSet):
    """Funding sources (APBN, APBD, DAK, …). Officials create and change them; none are deleted
    (set ``is_active`` false instead), since funding lines refer to them."""

    lookup_value_regex = r"\d+"
    serializer_class = FundingSourceSerializer
    filterset_class = FundingSourceFilter
    permission_classes = [ReadAuthenticatedWriteOfficial]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    search_fields = ["code", "name", "notes"]
    ordering_fields = ["order", "code", "name"]
    ordering = ["order", "name"]

    def get_queryset(self):
        return selectors.funding_source_list(user=self.request.user)

    @extend_schema(
        request=FundingSourceInputSerializer, responses={201: FundingSourceSerializer, **error_responses(400, 403)}
    )
    def create(self, request, *args, **kwargs):
        serializer = FundingSourceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = services.funding_source_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(source).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=FundingSourceInputSerializer,
        responses={200: FundingSourceSerializer, **error_responses(400, 403, 404)},
    )
    def update(self, request, *args, **kwargs):
        source = self.get_object()
        serializer = FundingSourceInputSerializer(data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        services.funding_source_update(source=source, actor=request.user, data=serializer.validated_data)
        return Response(self.get_serializer(source).data)


class InterventionKindViewSet(BaseModelViewSet):
    """Kinds of work, the aspect and criteria each improves, and the units its volume may take."""

    lookup_value_regex = r"\d+"
    serializer_class = InterventionKindSerializer
    filterset_class = InterventionKindFilter
    permission_classes = [ReadAuthenticatedWriteOfficial]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    search_fields = ["code", "name", "description"]
    ordering_fields = ["order", "code", "name"]
    ordering = ["order", "name"]

    def get_queryset(self):
        return selectors.intervention_kind_list(user=self.request.user)

    def _output(self, pk, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=code)

    @extend_schema(
        request=InterventionKindInputSerializer,
        responses={201: InterventionKindSerializer, **error_responses(400, 403)},
    )
    def create(self, request, *args, **kwargs):
        serializer = InterventionKindInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kind = services.intervention_kind_create(actor=request.user, **serializer.validated_data)
        return self._output(kind.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=InterventionKindInputSerializer,
        responses={200: InterventionKindSerializer, **error_responses(400, 403, 404)},
    )
    def update(self, request, *args, **kwargs):
        kind = self.get_object()
        serializer = InterventionKindInputSerializer(data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        services.intervention_kind_update(kind=kind, actor=request.user, data=serializer.validated_data)
        return self._output(kind.pk)


class ProgressUpdateViewSet(BaseModelViewSet):
    """Progress reports. Posting one (multipart when it has a ``photo``) sets the intervention's
    progress; photos are checked by content and downloaded only through ``/photo/``."""

    lookup_value_regex = r"\d+"
    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["id", "date", "created_at"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        return selectors.progress_update_list(user=self.request.user)

    def get_export_copy(self, queryset):
        return exports_pg.progress_update_csv_copy(queryset, request=self.request)

    @extend_schema(
        request={
            "multipart/form-data": ProgressUpdateInputSerializer,
            "application/json": ProgressUpdateInputSerializer,
        },
        responses={201: ProgressUpdateSerializer, **error_responses(400, 403, 404)},
        summary="Laporkan kemajuan (404 bila intervensi di luar wilayah Anda)",
    )
    def create(self, request, *args, **kwargs):
        serializer = ProgressUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        intervention = selectors.intervention_get_editable(request.user, data.pop("intervention"))
        update = services.progress_update_add(intervention=intervention, actor=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=update.pk)).data, status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "*/*"): {"type": "string", "format": "binary"}, **error_responses(404)},
        summary="Unduh foto (lampiran)",
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer])
    def photo(self, request, pk=None):
        update = get_object_or_404(self.get_queryset().exclude(photo=""), pk=pk)
        return photo_response(update)
