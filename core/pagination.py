from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

PAGE_SIZE_INVALID = _("Ukuran halaman harus bilangan bulat dari 1 sampai %(max)s.")


class StrictPageSizeMixin:
    """``?page_size=`` must be a whole number from 1 up (more than ``max_page_size`` is capped, as
    documented); DRF would silently fall back to the default page for ``abc``, ``0`` or ``-5``."""

    page_size_query_description = _("Jumlah baris per halaman, 1 sampai 500 (lebih dari 500 dibatasi 500).")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError({self.page_size_query_param: [PAGE_SIZE_INVALID % {"max": self.max_page_size}]})
        return min(int(raw), self.max_page_size)

    def check_query(self, request) -> None:
        """What a page would check, for an export (which is never paginated): a ``page_size`` or
        ``page`` the list would refuse is refused there too, not silently ignored."""
        self.get_page_size(request)
        page_param = getattr(self, "page_query_param", None)
        raw = request.query_params.get(page_param) if page_param else None
        last = getattr(self, "last_page_strings", ())
        if raw is not None and raw not in last and not (raw.isascii() and raw.isdigit()):
            raise ValidationError({page_param: [self.invalid_page_message]})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {**parameter["schema"], "type": "integer", "minimum": 1}
        return parameters


class StandardPagination(StrictPageSizeMixin, PageNumberPagination):
    """Page numbers with a total count, for the small reference tables."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = _("Halaman ini tidak ada: nomor halaman harus bilangan bulat di dalam daftar.")


class LargeTableCursorPagination(StrictPageSizeMixin, CursorPagination):
    """Cursor pages for tables that grow to national scale (no COUNT, stable under inserts)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
    invalid_cursor_message = _("Kursor halaman tidak sah; pakai alamat `next`/`previous` dari jawaban.")
