"""Base classes for every API view set, so that all endpoints share one set of conventions.

Every list endpoint subclasses one of these; the export behaviour (``?format=csv`` and
``?format=xlsx``, streamed) lives in ``ExportMixin`` and reaches all endpoints from here.
"""

from rest_framework import viewsets


class ExportMixin:
    """Streams the filtered list as CSV or XLSX (filled in by the API issue)."""


class BaseReadOnlyViewSet(ExportMixin, viewsets.ReadOnlyModelViewSet):
    """List + retrieve. ``get_queryset()`` must call a selector that applies the user's scope."""


class BaseModelViewSet(ExportMixin, viewsets.ModelViewSet):
    """List + retrieve + writes. Writes must go through services (see STYLE.md 11), e.g. by
    overriding ``create``/``update`` to validate an input serializer and call the service."""
