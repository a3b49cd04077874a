from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from collaboration.models import (
    Agreement,
    Attendance,
    ContactPerson,
    DataSharing,
    Meeting,
    Milestone,
    Outcome,
    Rubric,
    RubricLevel,
    SharedGoal,
    StageAssessment,
)
from core.admin import DataQualityFlagInline

EVIDENCE_LIST = ["title", "location", "date_precision", "date", "year"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["stakeholder"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = [
        "order",
        "title",
        "status",
        "due_precision",
        "due_date",
        "due_year",
        "done_precision",
        "done_date",
        "done_year",
    ]


class RubricLevelInline(admin.TabularInline):
    model = RubricLevel
    extra = 0


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "stakeholder", "position", "gender"]
    list_filter = ["gender"]
    search_fields = ["name", "stakeholder__name"]
    autocomplete_fields = ["stakeholder"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = [*EVIDENCE_LIST, "forum_type"]
    list_filter = ["forum_type", "date_precision"]
    search_fields = ["title", "agenda", "minutes"]
    filter_horizontal = ["people"]
    inlines = [AttendanceInline, DataQualityFlagInline]


@admin.register(DataSharing)
class DataSharingAdmin(SimpleHistoryAdmin):
    list_display = [*EVIDENCE_LIST, "kind", "is_mutual"]
    list_filter = ["kind", "is_mutual"]
    search_fields = ["title", "data_shared"]
    filter_horizontal = ["to_stakeholders"]
    inlines = [DataQualityFlagInline]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = [*EVIDENCE_LIST, "kind", "number"]
    list_filter = ["kind"]
    search_fields = ["title", "number", "summary"]
    filter_horizontal = ["signatories"]
    inlines = [MilestoneInline, DataQualityFlagInline]


@admin.register(SharedGoal)
class SharedGoalAdmin(SimpleHistoryAdmin):
    list_display = [*EVIDENCE_LIST, "target_metric", "target_value"]
    search_fields = ["title", "statement"]
    filter_horizontal = ["endorsers"]
    inlines = [DataQualityFlagInline]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = [*EVIDENCE_LIST, "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "description"]
    filter_horizontal = ["stakeholders"]
    inlines = [DataQualityFlagInline]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_default"]
    inlines = [RubricLevelInline]


@admin.register(StageAssessment)
class StageAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["location", "stage", "level", "date_precision", "date", "year"]
    list_filter = ["stage"]
    raw_id_fields = ["assessor_user"]
    inlines = [DataQualityFlagInline]
