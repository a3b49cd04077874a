"""Project-level API: who am I, my tokens, data-quality flags, and the codebook."""

import threading

from django.utils import translation
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response

from core import roles, selectors
from core.filters import ApiTokenFilter, DataQualityFlagFilter
from core.models import ApiToken
from core.serializers import ApiTokenSerializer, DataQualityFlagListSerializer
from core.viewsets import BaseReadOnlyViewSet
from kotaku import codebook
from sites import scoping
from sites.models import Area


class MeAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["code", "name", "level", "path"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField(), help_text="Nama grup peran, mis. `researcher`.")
    role_label = serializers.CharField()
    can_write = serializers.BooleanField()
    can_see_personal_data = serializers.BooleanField()
    write_scope = serializers.ChoiceField(
        choices=["everywhere", "areas", "none"],
        help_text="`everywhere` (pejabat), `areas` (koordinator: `areas` dan seluruh subwilayahnya), `none`.",
    )
    areas = MeAreaSerializer(many=True)
    authenticated_by = serializers.ChoiceField(choices=["token", "session"])
    token = ApiTokenSerializer(allow_null=True)


class MeApi(generics.GenericAPIView):
    """The signed-in user's role and write scope, and how the request was authenticated."""

    serializer_class = MeSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(responses={200: MeSerializer}, operation_id="me_retrieve")
    def get(self, request):
        user = request.user
        paths = scoping.editable_paths(user)
        if paths is scoping.EVERYWHERE:
            scope, areas = "everywhere", Area.objects.none()
        elif paths:
            scope, areas = "areas", Area.objects.filter(path__in=paths).order_by("path")
        else:
            scope, areas = "none", Area.objects.none()
        token = request.auth if isinstance(request.auth, ApiToken) else None
        data = {
            "username": user.get_username(),
            "roles": sorted(roles.user_roles(user)),
            "role_label": roles.role_label(user),
            "can_write": roles.can_write(user),
            "can_see_personal_data": roles.can_see_personal_data(user),
            "write_scope": scope,
            "areas": areas,
            "authenticated_by": "token" if token else "session",
            "token": token,
        }
        return Response(MeSerializer(data).data)


class ApiTokenViewSet(BaseReadOnlyViewSet):
    """API tokens: officials see every token, anyone else their own. Keys are never shown here."""

    # Rows depend on who asks, not only on the role, and ``last_used_at`` changes on reads.
    response_cache = False
    serializer_class = ApiTokenSerializer
    filterset_class = ApiTokenFilter
    search_fields = ["name", "prefix", "user__username"]
    ordering_fields = ["created_at", "last_used_at", "name"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors.api_token_list(user=self.request.user)


class DataQualityFlagViewSet(BaseReadOnlyViewSet):
    """Data-quality flags on every record: where a source contradicts another, and per which source."""

    serializer_class = DataQualityFlagListSerializer
    filterset_class = DataQualityFlagFilter
    search_fields = ["code", "message", "source", "other_source"]
    ordering_fields = ["id", "created_at", "code"]

    def get_queryset(self):
        return selectors.data_quality_flag_list()


class CodebookFieldSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Nama kolom; bertitik untuk objek bersarang, `[]` untuk daftar objek.")
    type = serializers.CharField(help_text="Jenis mesin: string, decimal-string, integer, date, datetime, ...")
    type_label = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    nullable = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class CodebookEndpointSerializer(serializers.Serializer):
    name = serializers.CharField()
    path = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    formats = serializers.ListField(child=serializers.CharField())
    fields = CodebookFieldSerializer(many=True)
    export_columns = serializers.ListField(
        child=serializers.CharField(), help_text="Kolom ekspor CSV/XLSX, berurutan (kosong jika tanpa ekspor)."
    )


class CodebookSerializer(serializers.Serializer):
    api_version = serializers.CharField()
    conventions = serializers.DictField(child=serializers.CharField())
    endpoints = CodebookEndpointSerializer(many=True)


class CodebookApi(generics.GenericAPIView):
    """Every field of every API endpoint: type, unit, label and description (JSON)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CodebookSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(responses={200: CodebookSerializer}, operation_id="codebook_retrieve", auth=[])
    def get(self, request):
        return Response(CodebookSerializer(codebook.build()).data)


class CodebookView(TemplateView):
    """The codebook as a page (public, like the schema)."""

    template_name = "core/api_codebook.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "codebook": codebook.build()}


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar package; its start-up script is a separate file (strict CSP)."""

    template_name = "core/api_docs.html"
    url_name = "api-schema"

    # The page is a template, not a resource: answer only GET/HEAD (OPTIONS would try to render the
    # metadata through the HTML template renderer and fail).
    http_method_names = ["get", "head"]


class CachedSchemaView(SpectacularAPIView):
    """``/api/schema/``: the OpenAPI document, generated once per process for each combination that
    changes its content (language, API version, the caller's roles, which decide e.g. whether the
    stakeholder schema shows personal fields) and served from memory afterwards. Generating it
    takes over a second; the code it describes cannot change while the process runs."""

    _documents: dict = {}
    _lock = threading.Lock()
    # ``?lang=`` and ``?version=`` are free text: past this many documents, generate without keeping.
    max_documents = 32

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version, roles.user_roles(request.user))
        document = self._documents.get(key)
        if document is None:
            with self._lock:
                document = self._documents.get(key)
                if document is None:
                    generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                    document = generator.get_schema(request=request, public=self.serve_public)
                    if len(self._documents) < self.max_documents:
                        self._documents[key] = document
        return Response(
            data=document,
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
