from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import DataQualityFlagInline
from interventions.models import FundingLine, FundingSource, Intervention, InterventionKind, ProgressUpdate, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "symbol", "name", "order"]


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "is_active", "order"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name"]


@admin.register(InterventionKind)
class InterventionKindAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "aspect", "default_unit", "is_active"]
    list_filter = ["aspect", "is_active"]
    search_fields = ["code", "name"]
    filter_horizontal = ["units", "criteria"]


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


@admin.register(Intervention)
class InterventionAdmin(SimpleHistoryAdmin):
    """Read-mostly: edits belong on the pages, which check the version and the user's area."""

    list_display = ["title", "fiscal_year", "location", "area", "kind", "volume", "unit", "status"]
    list_filter = ["fiscal_year", "status", "kind__aspect", "kind"]
    search_fields = ["title", "reference", "source_document"]
    raw_id_fields = ["location", "area", "implementer", "coordinator"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [FundingLineInline, DataQualityFlagInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["intervention", "date", "percent", "created_by"]
    raw_id_fields = ["intervention"]
    readonly_fields = ["photo", "photo_content_type", "created_by"]

    def has_change_permission(self, request, obj=None):
        return False
