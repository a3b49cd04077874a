from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from core.models import ApiToken, DataQualityFlag


class DataQualityFlagInline(GenericTabularInline):
    model = DataQualityFlag
    ct_field = "content_type"
    ct_fk_field = "object_id"
    extra = 0
    fields = ["code", "kind", "field", "message", "recorded_value", "other_value", "source", "other_source", "resolved"]


@admin.register(DataQualityFlag)
class DataQualityFlagAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "content_type", "object_id", "message", "resolved"]
    list_filter = ["kind", "resolved", "content_type"]
    search_fields = ["code", "message", "source"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        from core.services import api_token_issue

        token, raw = api_token_issue(user=obj.user, name=obj.name, issued_by=request.user)
        obj.pk = token.pk
        messages.warning(request, _("Token baru (hanya ditampilkan sekali): %(key)s") % {"key": raw})

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request, queryset):
        for token in queryset.active():
            token.revoke()
