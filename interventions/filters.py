"""Filters for the intervention list page and API (one FilterSet for both)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import IntegerFilter
from core.verification_api import VerificationFilterMixin
from interventions.models import FundingSource, Intervention, InterventionKind, ProgressUpdate
from interventions.selectors import area_label, rt_rw_areas, rt_rw_choices
from sites.models import Area, Aspect, SlumLocation


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        kelurahan = obj.parent.parent if obj.level == Area.Level.RT else obj.parent
        return f"{kelurahan.name} · {area_label(obj)}" if kelurahan else area_label(obj)


class AreaChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


class InterventionFilter(VerificationFilterMixin):
    fiscal_year = IntegerFilter(label=_("Tahun anggaran"))
    funding_source = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelChoiceFilter(
            label=_("Sumber dana"),
            queryset=FundingSource.objects.all(),
            to_field_name="code",
            method="filter_funding_source",
        )
    )
    kind = django_filters.ModelChoiceFilter(
        label=_("Jenis kegiatan"), queryset=InterventionKind.objects.all(), to_field_name="code"
    )
    aspect = django_filters.ModelChoiceFilter(
        label=_("Aspek"), queryset=Aspect.objects.all(), to_field_name="number", field_name="kind__aspect"
    )
    location = django_filters.ModelChoiceFilter(
        label=_("Lokasi kumuh"), queryset=SlumLocation.objects.select_related("area")
    )
    rt_rw = extend_schema_field(OpenApiTypes.INT)(
        AreaChoiceFilter(label=_("RT/RW"), queryset=rt_rw_areas(), method="filter_subtree")
    )
    area = django_filters.CharFilter(
        label=_("Wilayah (kode Kemendagri atau jalur)"),
        method="filter_area_code",
        help_text=_("Misalnya 21.72.03.1005, atau jalur 21/72/03/1005/RW006/."),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Intervention.Status.choices)
    start_date_from = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("Mulai sejak"))
    start_date_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Mulai sampai"))
    end_date_from = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label=_("Selesai sejak"))
    end_date_to = django_filters.DateFilter(field_name="end_date", lookup_expr="lte", label=_("Selesai sampai"))

    class Meta:
        model = Intervention
        fields = [
            "fiscal_year",
            "funding_source",
            "kind",
            "aspect",
            "location",
            "rt_rw",
            "area",
            "status",
            "start_date_from",
            "start_date_to",
            "end_date_from",
            "end_date_to",
        ]

    def filter_funding_source(self, queryset, name, value):
        return queryset.funded_by(value) if value else queryset

    def filter_subtree(self, queryset, name, value):
        return queryset.in_area(value) if value else queryset

    def filter_area_code(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if "/" in value:
            return queryset.filter(area__path__startswith=value if value.endswith("/") else f"{value}/")
        area = Area.objects.filter(code=value).only("path").first()
        return queryset.in_area(area) if area else queryset.none()


class PageInterventionFilter(InterventionFilter):
    """The list page's form: the main filters only, and RT/RW choices narrowed to the chosen location."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("area", "start_date_from", "start_date_to", "end_date_from", "end_date_to"):
            self.filters.pop(name, None)

    @property
    def form(self):
        """The filter form, listing only the RT/RWs of the chosen location (choosing one reloads)."""
        if not hasattr(self, "_form"):
            form = super().form
            location_id = (self.data or {}).get("location")
            location = (
                SlumLocation.objects.select_related("area").filter(pk=location_id).first()
                if location_id and str(location_id).isdigit()
                else None
            )
            form.fields["rt_rw"].widget.choices = AreaChoiceField(
                queryset=rt_rw_choices(user=None, location=location)
            ).choices
            form.fields["rt_rw"].help_text = _("Pilih lokasi dahulu.")
            form.fields["location"].widget.attrs["data-autosubmit"] = ""
        return self._form


class ProgressUpdateFilter(VerificationFilterMixin):
    intervention = IntegerFilter(field_name="intervention_id")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ProgressUpdate
        fields = ["intervention", "date_from", "date_to"]


class FundingSourceFilter(django_filters.FilterSet):
    class Meta:
        model = FundingSource
        fields = ["level", "is_active"]


class InterventionKindFilter(django_filters.FilterSet):
    # A number no aspect has is an empty list, as the schema's integer promises, not a 400.
    aspect = IntegerFilter(field_name="aspect__number", label=_("nomor aspek"))

    class Meta:
        model = InterventionKind
        fields = ["aspect", "is_active"]
