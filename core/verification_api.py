"""The API side of ``core.verification``: one view-set mixin for every verifiable resource.

It adds ``POST <list>/<id>/submit/``, ``/verify/``, ``/return/`` and ``/reopen/`` (body
``{"version": n, "note": "..."}``), keeps researchers and visitors to verified rows, and gives
the list a ``?verification=`` filter (``VerificationFilterMixin`` on its FilterSet).
A view set that mixes it in defines ``verification_editable_queryset()``: the rows the user may
submit (their write scope); the other rows answer 404 to ``submit``.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a pk that is not a number is a 404, not a 500
from rest_framework.response import Response

from core import roles, verification
from core.api import error_responses


class VerificationFilterMixin(django_filters.FilterSet):
    verification = django_filters.ChoiceFilter(
        choices=verification.State.choices, label=_("status verifikasi (draft, submitted, verified, returned)")
    )


class VerificationInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, label=_("versi"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000, label=_("catatan"))


def verification_fields() -> list[str]:
    """The read-only output fields every verifiable resource carries."""
    return ["verification", "verification_note"]


def _transition_schema(summary):
    return extend_schema(
        request=VerificationInputSerializer,
        responses={200: None, **error_responses(400, 403, 404, 409)},
        summary=summary,
    )


class VerificationActionsMixin:
    """Mix in before the base view set: ``class XViewSet(VerificationActionsMixin, BaseModelViewSet)``."""

    def verification_editable_queryset(self):
        raise NotImplementedError

    def filter_queryset(self, queryset):
        # Lists, details (``get_object``) and exports all pass through here.
        if not roles.can_write(self.request.user):
            queryset = queryset.filter(verification=verification.State.VERIFIED)
        return super().filter_queryset(queryset)

    def _transition(self, request, pk, name):
        verification.check_role(request.user, name)
        source = self.verification_editable_queryset() if name == verification.SUBMIT else self.get_queryset()
        instance = get_object_or_404(source, pk=pk)
        serializer = VerificationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verification.verification_transition(
            instance=instance,
            actor=request.user,
            action=name,
            expected_version=serializer.validated_data["version"],
            note=serializer.validated_data["note"],
        )
        fresh = get_object_or_404(self.get_queryset(), pk=pk)
        serializer_class = self.get_transition_output_serializer_class()
        return Response(serializer_class(fresh, context=self.get_serializer_context()).data, status=status.HTTP_200_OK)

    def get_transition_output_serializer_class(self):
        output = getattr(self, "output_serializer_class", None)
        personal = getattr(self, "personal_serializer_class", None)
        if personal and roles.can_see_personal_data(self.request.user):
            return personal
        return output or self.serializer_class

    @_transition_schema("Ajukan untuk verifikasi (koordinator, di wilayahnya)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, pk, verification.SUBMIT)

    @_transition_schema("Verifikasi (pejabat kota)")
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._transition(request, pk, verification.VERIFY)

    @_transition_schema("Kembalikan ke koordinator dengan alasan (pejabat kota; `note` wajib)")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._transition(request, pk, verification.RETURN)

    @_transition_schema("Buka kembali data terverifikasi dengan alasan (pejabat kota; `note` wajib)")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, pk, verification.REOPEN)
