from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core import roles

ROLE_CHOICES = [
    (roles.COORDINATOR, roles.ROLE_GROUPS[roles.COORDINATOR]),
    (roles.RESEARCHER, roles.ROLE_GROUPS[roles.RESEARCHER]),
]


class AccountSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="first_name", read_only=True, label=_("nama"))
    role = serializers.SerializerMethodField(label=_("peran"))
    areas = serializers.SerializerMethodField(label=_("kode wilayah yang ditugaskan"))
    must_change_password = serializers.SerializerMethodField(label=_("wajib ganti kata sandi"))

    class Meta:
        model = get_user_model()
        fields = [
            "id",
            "username",
            "name",
            "role",
            "areas",
            "is_active",
            "must_change_password",
            "date_joined",
            "last_login",
        ]
        read_only_fields = fields

    def get_role(self, user) -> str:
        names = {group.name for group in user.groups.all()}
        return next((name for name, _label in ROLE_CHOICES if name in names), "")

    def get_areas(self, user) -> list[str]:
        return [assignment.area.code or assignment.area.path for assignment in user.area_assignments.all()]

    def get_must_change_password(self, user) -> bool:
        return hasattr(user, "one_time_password")


class AccountInputSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150, label=_("nama pengguna"))
    name = serializers.CharField(max_length=150, label=_("nama"))
    role = serializers.ChoiceField(choices=ROLE_CHOICES, label=_("peran"))
    areas = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        default=list,
        max_length=200,
        label=_("kode wilayah yang ditugaskan"),
    )
    password = serializers.CharField(
        max_length=128, write_only=True, label=_("kata sandi sekali pakai"), style={"input_type": "password"}
    )


class AccountUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False, label=_("nama"))
    role = serializers.ChoiceField(choices=ROLE_CHOICES, required=False, label=_("peran"))
    areas = serializers.ListField(child=serializers.CharField(max_length=20), required=False, max_length=200)
    is_active = serializers.BooleanField(required=False, label=_("aktif"))
    password = serializers.CharField(
        max_length=128, required=False, write_only=True, label=_("kata sandi sekali pakai")
    )
