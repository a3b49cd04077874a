"""Base classes for every API view set, so that all endpoints share one set of conventions.

Every list endpoint subclasses one of these and so answers ``?format=csv`` and ``?format=xlsx``
(or ``Accept: text/csv`` / the XLSX media type) with a streamed file of the *whole* filtered list:
the same ``filter_queryset(get_queryset())`` as the JSON list, without pagination.

What a view set may set (all optional):

``export_serializer_class``
    A flat, read-only serializer for exports; the list serializer is used when unset.
``export_basename``
    The file name stem (``<basename>-YYYYMMDD.csv``); defaults to the router's basename.
``export_chunk_size``
    Rows fetched per database round trip (and per ``prefetch_related`` batch); 500. A batch of
    interventions with their joined and prefetched objects takes about 30 MB at 2000 rows, so
    a national export peaked 66 MB above the idle worker, 25 MB at 500 (docs/benchmarks.md).
``get_export_copy(queryset)``
    A ``core.exports_pg.CopyExport`` that has PostgreSQL write the CSV export itself, byte for
    byte the serializer's file (``interventions.exports_pg``); used on PostgreSQL when its columns
    are the serializer's, else the serializer writes the file. None by default.
``?async=1``
    With an export format: the export runs as a background job (``jobs``) and the answer is 202
    with the job's URLs; ``GET /api/v1/jobs/<id>/`` then gives its state and download URL.
``codebook_units``
    ``{"field.name": "unit"}`` for the codebook (``kotaku.codebook``) where neither the label
    ("Luas (Ha)") nor the name (``*_ha``, ``budget``, ``*_m``, ``*percent``) tells the unit.
``response_cache``
    JSON lists and details are served from the response cache (``core.response_cache``), keyed
    by the request, the user's roles, personal-data right and write scope, and emptied by every
    write. Set it to ``False`` when the rows or fields depend on *who* asks beyond that (the API
    tokens list shows each user their own), or add to the key with ``get_response_cache_vary()``.

Do not override ``list``: shape rows in ``get_queryset()`` (a selector) and filter with the
filter backends, so the JSON list and its exports stay the same rows.
"""

from functools import partial

from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer

from core import exports, exports_pg, response_cache


class ExportMixin:
    """Streams the filtered list as CSV or XLSX."""

    export_serializer_class = None
    export_basename = None
    export_chunk_size = 500
    export_renderer_classes = (exports.CSVRenderer, exports.XLSXRenderer)

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers += [renderer() for renderer in self.export_renderer_classes]
        return renderers

    def get_export_format(self) -> str | None:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer.format if isinstance(renderer, exports.ExportRenderer) else None

    def get_export_serializer(self):
        serializer_class = self.export_serializer_class or self.get_serializer_class()
        return serializer_class(context=self.get_serializer_context())

    def get_export_basename(self) -> str:
        return self.export_basename or getattr(self, "basename", None) or self.get_queryset().model._meta.model_name

    def get_export_copy(self, queryset):
        return None

    def list(self, request, *args, **kwargs):
        export_format = self.get_export_format()
        if export_format is None:
            return super().list(request, *args, **kwargs)
        if self.paginator is not None and hasattr(self.paginator, "check_query"):
            self.paginator.check_query(request)
        queryset = exports.in_stable_order(self.filter_queryset(self.get_queryset()))
        if request.query_params.get("async") == "1" and exports.start_async_export is not None:
            # The filters were checked above: a bad one answers 400 now, not a failed job later.
            return exports.start_async_export(self, request, export_format)
        serializer = self.get_export_serializer()
        columns = exports.columns_for(serializer)
        if export_format == "csv" and exports_pg.supported(queryset.db):
            copy = self.get_export_copy(queryset)
            names = [column.name for column in columns]
            if copy is not None and list(copy.column_names) == names:
                return exports_pg.copy_csv_response(copy, names, basename=self.get_export_basename())
        rows = exports.serialized_rows(queryset, serializer, chunk_size=self.export_chunk_size)
        respond = exports.xlsx_response if export_format == "xlsx" else exports.csv_response
        return respond(rows, columns, basename=self.get_export_basename())

    def handle_exception(self, exc):
        # An export that fails (401, 400 from a filter, ...) answers JSON, as documented.
        if isinstance(getattr(self.request, "accepted_renderer", None), exports.ExportRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class ResponseCacheMixin:
    """Serves JSON lists and details from ``core.response_cache`` (after authentication,
    permissions and throttling, which ``initial()`` has run by the time an action is called)."""

    response_cache = True

    def get_response_cache_vary(self) -> tuple:
        return ()

    def list(self, request, *args, **kwargs):
        return response_cache.cached(self, request, partial(super().list, request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return response_cache.cached(self, request, partial(super().retrieve, request, *args, **kwargs))


class BaseReadOnlyViewSet(ResponseCacheMixin, ExportMixin, viewsets.ReadOnlyModelViewSet):
    """List + retrieve. ``get_queryset()`` must call a selector that applies the user's scope."""


class BaseModelViewSet(ResponseCacheMixin, ExportMixin, viewsets.ModelViewSet):
    """List + retrieve + writes. Writes must go through services (see STYLE.md 11), e.g. by
    overriding ``create``/``update`` to validate an input serializer and call the service."""


class ComputedExportMixin:
    """For an API view whose answer is computed (a summary and its rows), not a queryset list:
    ``?format=csv|xlsx`` answers the rows as a file through ``export_response(rows)``, errors stay
    JSON. Set ``export_serializer_class`` (a flat row serializer) and ``export_basename``; the
    codebook lists its columns like those of a list's export."""

    export_serializer_class = None
    export_basename = None
    export_renderer_classes = (exports.CSVRenderer, exports.XLSXRenderer)

    def get_renderers(self):
        return [*super().get_renderers(), *(renderer() for renderer in self.export_renderer_classes)]

    def get_export_format(self) -> str | None:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer.format if isinstance(renderer, exports.ExportRenderer) else None

    def get_export_serializer(self):
        return self.export_serializer_class(context={"request": self.request, "view": self})

    def export_response(self, rows):
        serializer = self.get_export_serializer()
        columns = exports.columns_for(serializer)
        data = (serializer.to_representation(row) for row in rows)
        respond = exports.xlsx_response if self.get_export_format() == "xlsx" else exports.csv_response
        return respond(data, columns, basename=self.export_basename)

    def handle_exception(self, exc):
        if isinstance(getattr(self.request, "accepted_renderer", None), exports.ExportRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
