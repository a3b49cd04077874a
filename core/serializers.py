"""Output serializers for the core records, reusable by every app.

``DataQualityFlagSerializer`` is the shape of the ``flags`` list on every API record
(``flags = DataQualityFlagSerializer(many=True, read_only=True)`` with ``prefetch_related("flags")``).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.models import ApiToken, DataQualityFlag


class DataQualityFlagSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, label=_("jenis (label)"))

    class Meta:
        model = DataQualityFlag
        fields = [
            "code",
            "kind",
            "kind_label",
            "field",
            "message",
            "recorded_value",
            "other_value",
            "source",
            "other_source",
            "resolved",
        ]
        read_only_fields = fields


class DataQualityFlagListSerializer(DataQualityFlagSerializer):
    """A flag on its own, with the record it is attached to."""

    record_type = serializers.SerializerMethodField(
        label=_("jenis rekaman"),
        help_text=_("`app.model` dari rekaman yang diberi catatan, mis. `sites.slumlocation`."),
    )
    record_id = serializers.IntegerField(source="object_id", read_only=True, label=_("id rekaman"))

    class Meta(DataQualityFlagSerializer.Meta):
        fields = ["id", "record_type", "record_id", *DataQualityFlagSerializer.Meta.fields, "created_at"]
        read_only_fields = fields

    def get_record_type(self, flag) -> str:
        return f"{flag.content_type.app_label}.{flag.content_type.model}"


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token's metadata; the key itself is never stored, so never shown."""

    user = serializers.CharField(source="user.username", read_only=True, label=_("pemilik"))
    created_by = serializers.CharField(
        source="created_by.username", read_only=True, allow_null=True, label=_("diterbitkan oleh")
    )
    is_active = serializers.BooleanField(read_only=True, label=_("aktif"))

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "user", "created_by", "created_at", "last_used_at", "revoked_at", "is_active"]
        read_only_fields = fields
