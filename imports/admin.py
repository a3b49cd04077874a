from django.contrib import admin

from imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The import history is a record of what happened: readable here, never edited."""

    list_display = ["started_at", "username", "original_name", "mode", "status", "created", "updated", "errors"]
    list_filter = ["mode", "status", "origin"]
    search_fields = ["username", "original_name", "sha256"]
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
