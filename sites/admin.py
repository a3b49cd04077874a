from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import DataQualityFlagInline
from sites.models import Area, AreaAssignment, AreaRecord, Aspect, Criterion, Decree, RuleSet, SlumLocation, Stakeholder


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "code", "path"]
    list_filter = ["level"]
    search_fields = ["name", "code", "path"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]
    inlines = [DataQualityFlagInline]

    def save_model(self, request, obj, form, change):
        obj.build_path()
        super().save_model(request, obj, form, change)


@admin.register(AreaAssignment)
class AreaAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "area"]
    raw_id_fields = ["area"]
    search_fields = ["user__username", "area__name"]


@admin.register(Decree)
class DecreeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "stated_total_ha"]
    inlines = [DataQualityFlagInline]


class AreaRecordInline(admin.TabularInline):
    model = AreaRecord
    extra = 0


@admin.register(SlumLocation)
class SlumLocationAdmin(admin.ModelAdmin):
    list_display = ["number", "display_name", "printed_kecamatan", "printed_kelurahan", "decreed_area_ha", "area"]
    list_filter = ["decree", "is_priority"]
    search_fields = ["name", "printed_kecamatan", "printed_kelurahan", "area__name"]
    raw_id_fields = ["area"]
    filter_horizontal = ["covered_areas"]
    inlines = [AreaRecordInline, DataQualityFlagInline]


@admin.register(AreaRecord)
class AreaRecordAdmin(SimpleHistoryAdmin):
    list_display = ["location", "year", "area_ha", "source"]


@admin.register(Stakeholder)
class StakeholderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "sector", "role", "area", "is_active"]
    list_filter = ["sector", "role", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regulation", "is_default"]


@admin.register(Aspect)
class AspectAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rule_set", "aspect", "unit", "denominator"]
    list_filter = ["rule_set", "aspect"]
