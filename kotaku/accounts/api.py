"""``/api/v1/users/``: officials manage coordinator and researcher accounts."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from core.api import error_responses
from core.permissions import OfficialOnly
from core.viewsets import BaseModelViewSet
from kotaku.accounts import selectors, services
from kotaku.accounts.serializers import AccountInputSerializer, AccountSerializer, AccountUpdateInputSerializer


@extend_schema_view(
    create=extend_schema(
        request=AccountInputSerializer,
        responses={201: AccountSerializer, **error_responses(400, 403)},
        description="Buat akun koordinator atau peneliti dengan kata sandi sekali pakai (wajib diganti saat "
        "masuk pertama); `areas` = kode Kemendagri wilayah koordinator.",
    ),
    partial_update=extend_schema(
        request=AccountUpdateInputSerializer,
        responses={200: AccountSerializer, **error_responses(400, 403, 404)},
        description="Ubah nama atau peran, ganti wilayah (`areas` menggantikan semuanya), nonaktifkan "
        "(`is_active`), atau tetapkan kata sandi sekali pakai baru.",
    ),
)
class AccountViewSet(BaseModelViewSet):
    """Coordinator and researcher accounts (officials only)."""

    permission_classes = [OfficialOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = AccountSerializer
    search_fields = ["username", "first_name"]
    ordering_fields = ["username", "date_joined"]
    ordering = ["username"]
    response_cache = False

    def get_queryset(self):
        return selectors.account_list()

    def _respond(self, pk, code):
        return Response(AccountSerializer(selectors.account_list().get(pk=pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = AccountInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["areas"] = services.areas_by_code(data["areas"])
        user = services.account_create(actor=request.user, **data)
        return self._respond(user.pk, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        user = self.get_object()
        serializer = AccountUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "areas" in data:
            data["areas"] = services.areas_by_code(data["areas"])
        services.account_update(actor=request.user, user=user, data=data)
        return self._respond(user.pk, status.HTTP_200_OK)
