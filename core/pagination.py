from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page numbers with a total count, for the small reference tables."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class LargeTableCursorPagination(CursorPagination):
    """Cursor pages for tables that grow to national scale (no COUNT, stable under inserts)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
