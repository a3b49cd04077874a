from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page numbers with a total count, for the small reference tables."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = _("Halaman ini tidak ada: nomor halaman harus bilangan bulat di dalam daftar.")


class LargeTableCursorPagination(CursorPagination):
    """Cursor pages for tables that grow to national scale (no COUNT, stable under inserts)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
    invalid_cursor_message = _("Kursor halaman tidak sah; pakai alamat `next`/`previous` dari jawaban.")
