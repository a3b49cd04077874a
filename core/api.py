from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(Exception):
    """An edit was made from a stale copy of a record."""

    def __init__(self, message, *, current_version=None):
        super().__init__(message)
        self.message = message
        self.current_version = current_version


def exception_handler(exc, context):
    """DRF's handler, plus model validation errors as 400 and edit conflicts as 409.

    Services call ``full_clean()``; a ``django.core.exceptions.ValidationError`` they raise becomes
    a 400 with field errors, the same shape as a serializer's.
    """
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(as_serializer_error(exc))
    if isinstance(exc, Conflict):
        body = {"detail": exc.message, "code": "conflict"}
        if exc.current_version is not None:
            body["current_version"] = exc.current_version
        return Response(body, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
