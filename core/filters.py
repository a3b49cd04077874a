import django_filters
from django.utils.translation import gettext_lazy as _

from core.models import ApiToken, DataQualityFlag


class DataQualityFlagFilter(django_filters.FilterSet):
    record_type = django_filters.CharFilter(
        method="filter_record_type", label=_("jenis rekaman (`app.model`, mis. `sites.slumlocation`)")
    )

    class Meta:
        model = DataQualityFlag
        fields = ["kind", "resolved", "code", "record_type"]

    def filter_record_type(self, queryset, name, value):
        app_label, _dot, model = value.lower().partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)


class ApiTokenFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(field_name="revoked_at", lookup_expr="isnull", label=_("masih aktif"))

    class Meta:
        model = ApiToken
        fields = ["active"]
