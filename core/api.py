"""API conventions shared by every endpoint: errors, their documentation, throttles, schema.

View sets document their own error answers with ``extend_schema(responses={200: Out,
**error_responses(400, 404, 409)})``; ``AutoSchema`` adds the answers every operation can give
(401, 403, 404, 429, and 400 where the operation takes input) when a view did not.
"""

import copy
import json

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.concurrency import Conflict


def exception_handler(exc, context):
    """DRF's handler, plus model validation errors as 400 and edit conflicts as 409.

    Services call ``full_clean()``; a ``django.core.exceptions.ValidationError`` they raise becomes
    a 400 with field errors, the same shape as a serializer's. Every 400 body is an object: field
    name (or ``non_field_errors``) to messages. A body that cannot be read (broken JSON, bytes that
    are not UTF-8) says why in the user's language, and a 404 never names a model.
    """
    if isinstance(exc, Http404):
        # DRF would pass on Django's English "No Intervention matches the given query."
        exc = NotFound()
    if isinstance(exc, ParseError) and (message := unreadable_body_message(exc)):
        exc = ParseError(message)
    if isinstance(exc, RequestDataTooBig):
        # Django refuses to read a body past DATA_UPLOAD_MAX_MEMORY_SIZE; answer JSON, not its page.
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        exc = ParseError(_("Isi permintaan terlalu besar: paling banyak %(megabytes)s MB.") % {"megabytes": megabytes})
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = ParseError(_("Isi permintaan memuat terlalu banyak kolom atau berkas."))
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(as_serializer_error(exc))
    if isinstance(exc, ValidationError) and isinstance(exc.detail, list):
        # A bare list (e.g. DRF's search filter refusing a NUL byte) gets the object shape too.
        exc = ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.detail})
    if isinstance(exc, Conflict):
        body = {"detail": exc.message, "code": "conflict"}
        if exc.current_version is not None:
            body["current_version"] = exc.current_version
        return Response(body, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


def unreadable_body_message(exc: ParseError) -> str | None:
    """Why a parser refused the body (DRF's own text is English and names Python internals), or
    ``None`` for a ParseError that did not come from a parser."""
    cause = exc.__context__
    if isinstance(cause, UnicodeDecodeError):
        return _("Isi permintaan bukan teks UTF-8 yang sah.")
    if isinstance(cause, json.JSONDecodeError):
        return _("Isi permintaan bukan JSON yang sah (baris %(line)s, kolom %(column)s).") % {
            "line": cause.lineno,
            "column": cause.colno,
        }
    if isinstance(cause, ValueError):
        # Python refuses integers of more than 4300 digits; DRF refuses NaN and Infinity.
        return _("Isi permintaan memuat angka yang tidak dapat dibaca (terlalu panjang, NaN atau Infinity).")
    if isinstance(cause, MultiPartParserError):
        return _("Formulir multipart ini rusak atau terpotong.")
    return None


# --- Error bodies, for the schema -------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """Every error other than a validation error: ``{"detail": "..."}``."""

    detail = serializers.CharField(help_text=_("Penjelasan kesalahan, dalam bahasa antarmuka."))


class ConflictErrorSerializer(ErrorSerializer):
    code = serializers.CharField(help_text=_("Selalu `conflict`."))
    current_version = serializers.IntegerField(
        required=False, help_text=_("Versi rekaman saat ini; muat ulang lalu kirim lagi dengan versi ini.")
    )


# A 400 maps each field name (or ``non_field_errors``) to its messages, or to a nested object of the
# same shape for nested input; an unreadable body answers ``{"detail": "..."}`` instead.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Kesalahan per kolom: nama kolom (atau `non_field_errors`) → daftar pesan; "
        "masukan bersarang memakai objek dengan bentuk yang sama."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"oneOf": [{"type": "array", "items": {}}, {"type": "object"}]},
}

ERROR_RESPONSES = {
    400: OpenApiResponse(VALIDATION_ERROR_SCHEMA, description=_("Masukan atau filter tidak sah.")),
    401: OpenApiResponse(ErrorSerializer, description=_("Belum masuk, atau token tidak sah / sudah dicabut.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Peran pengguna tidak boleh melakukan ini.")),
    404: OpenApiResponse(
        ErrorSerializer,
        description=_("Tidak ada, atau di luar wilayah pengguna (jawaban yang sama, sengaja)."),
    ),
    409: OpenApiResponse(
        ConflictErrorSerializer, description=_("Rekaman sudah diubah orang lain sejak dibaca (versi usang).")
    ),
    429: OpenApiResponse(ErrorSerializer, description=_("Terlalu banyak permintaan; coba lagi setelah Retry-After.")),
}


def error_responses(*codes: int) -> dict:
    """``{code: OpenApiResponse}`` for ``extend_schema(responses=...)``."""
    return {code: ERROR_RESPONSES[code] for code in codes}


EXPORT_MEDIA_TYPES = {
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _model_field_allows_blank(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or field.source == "*":
        return False
    model_field = None
    for part in field.source.split("."):
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        model = model_field.related_model if model_field.is_relation else None
    return bool(getattr(model_field, "blank", False))


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the error answers every operation can give.

    Exports (CSV/XLSX) are documented as binary files, not as the paginated JSON page, and error
    answers only as JSON (an export that fails answers JSON, see ``core.viewsets.ExportMixin``).
    """

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        takes_input = "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", []))
        codes = [401, 404, 429] + ([400] if takes_input else []) + ([403] if operation.get("security") else [])
        for code in sorted(codes):
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(ERROR_RESPONSES[code], str(code))
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # DRF drops ``allow_blank`` from read-only model fields, so a blank choice ("" for "not
        # recorded") would be answered but not documented; put it back from the model field.
        blank_lost = isinstance(field, serializers.ChoiceField) and field.read_only and not field.allow_blank
        if blank_lost and _model_field_allows_blank(field):
            field = copy.copy(field)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content")
        if not content:
            return response
        if str(status_code) >= "400":
            response["content"] = {k: v for k, v in content.items() if k not in EXPORT_MEDIA_TYPES}
        else:
            for media_type in EXPORT_MEDIA_TYPES & content.keys():
                content[media_type] = {"schema": {"type": "string", "format": "binary"}}
        return response
