import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError as ApiValidationError

from core.limits import BIG_INTEGER_MAX, BIG_INTEGER_MIN
from core.models import ApiToken, DataQualityFlag


@extend_schema_field({"type": "integer", "format": "int64"})
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a year) for an integer column.

    django-filter's ``NumberFilter`` reads a decimal: ``1.5`` would match id 1 and ``-1e10000000``
    would keep a worker busy turning it into an integer. Here those, and anything past 64 bits
    (which the SQLite driver cannot even send), are a 400 with the field's message.
    """

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", BIG_INTEGER_MIN)
        kwargs.setdefault("max_value", BIG_INTEGER_MAX)
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None


class StrictBooleanSelect(forms.NullBooleanSelect):
    """Passes the raw value on: Django's ``NullBooleanSelect`` turns anything it does not know
    (``?active=xyz``) into "no filter", which answered the whole list instead of an error."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictNullBooleanField(forms.NullBooleanField):
    """``true``/``false`` (also ``True``/``False``/``1``/``0``), empty for "either"; anything else is
    a field error (400 from the API)."""

    widget = StrictBooleanSelect
    default_error_messages = {"invalid": _("Harus berupa true atau false.")}
    TRUE = frozenset({"true", "True", "1"})
    FALSE = frozenset({"false", "False", "0"})
    EITHER = frozenset({"", "unknown"})

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        if value in self.EITHER:
            return None
        raise ValidationError(self.error_messages["invalid"], code="invalid")


FILTER_EMPTY = _("Nilai saringan tidak boleh kosong; hapus parameter ini untuk tidak menyaring.")


class StrictFilterBackend(DjangoFilterBackend):
    """The API's filters: an empty value (``?status=``, ``?location=``) is a 400, not "no filter"
    (which the HTML filter forms, sending every field, still mean by it)."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            empty = sorted(
                name
                for name in filterset.filters
                if name in request.query_params and not any(request.query_params.getlist(name))
            )
            if empty:
                raise ApiValidationError({name: [FILTER_EMPTY] for name in empty})
        return filterset


def install() -> None:
    """Every ``BooleanFilter`` (declared or generated from a model's ``BooleanField``) refuses values
    that are not booleans."""
    django_filters.BooleanFilter.field_class = StrictNullBooleanField


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
