from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import DataQualityFlagInline
from sites.models import (
    Area,
    AreaAssignment,
    AreaRecord,
    Aspect,
    Assessment,
    AssessmentAspect,
    ConsiderationAnswer,
    ConsiderationClass,
    ConsiderationFactor,
    ConsiderationOption,
    Criterion,
    Decree,
    HandlingPattern,
    LegalityAnswer,
    LegalityItem,
    LevelThreshold,
    Measurement,
    RuleSet,
    ScoreBand,
    SlumLocation,
    Stakeholder,
)


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


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "code", "aspect", "name", "unit", "denominator", "note"]


class ScoreBandInline(admin.TabularInline):
    model = ScoreBand
    extra = 0


class LevelThresholdInline(admin.TabularInline):
    model = LevelThreshold
    extra = 0


class ConsiderationClassInline(admin.TabularInline):
    model = ConsiderationClass
    extra = 0


class LegalityItemInline(admin.TabularInline):
    model = LegalityItem
    extra = 0


class HandlingPatternInline(admin.TabularInline):
    model = HandlingPattern
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    """Bands, thresholds and the rest are rows an official can inspect and correct here."""

    list_display = ["code", "name", "regulation", "percent_places", "is_default"]
    inlines = [
        ScoreBandInline,
        LevelThresholdInline,
        CriterionInline,
        ConsiderationClassInline,
        LegalityItemInline,
        HandlingPatternInline,
    ]


@admin.register(Aspect)
class AspectAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rule_set", "aspect", "unit", "denominator"]
    list_filter = ["rule_set", "aspect"]
    search_fields = ["code", "name"]


class ConsiderationOptionInline(admin.TabularInline):
    model = ConsiderationOption
    extra = 0


@admin.register(ConsiderationFactor)
class ConsiderationFactorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rule_set"]
    list_filter = ["rule_set"]
    inlines = [ConsiderationOptionInline]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MeasurementInline(ReadOnlyInline):
    model = Measurement
    fields = ["criterion", "volume", "denominator", "given_percent", "used_denominator", "percent", "score", "note"]
    readonly_fields = fields


class AssessmentAspectInline(ReadOnlyInline):
    model = AssessmentAspect
    fields = ["aspect", "criteria", "measured", "score", "average_percent"]
    readonly_fields = fields


class ConsiderationAnswerInline(ReadOnlyInline):
    model = ConsiderationAnswer
    fields = ["factor", "option"]
    readonly_fields = fields


class LegalityAnswerInline(ReadOnlyInline):
    model = LegalityAnswer
    fields = ["item", "is_positive"]
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    """Read-only: assessments are entered on the pages or through the API, where the service
    computes their scores; nothing here may type a score in."""

    list_display = ["location", "area", "assessed_on", "year", "source", "rule_set", "total_score", "level"]
    list_filter = ["rule_set", "source", "level", "is_complete"]
    search_fields = ["location__name", "notes"]
    inlines = [MeasurementInline, AssessmentAspectInline, ConsiderationAnswerInline, LegalityAnswerInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
