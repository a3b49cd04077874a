import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IntegerFilter
from core.verification_api import VerificationFilterMixin
from sites.models import Area, AreaRecord, Aspect, Assessment, Decree, RuleSet, SlumLevel, SlumLocation


def _area_by_code(code: str) -> Area | None:
    return Area.objects.filter(code=code).first()


class WithinFilterMixin:
    """``within=<area code>``: rows in that area's subtree (an indexed prefix match on ``path``)."""

    within_path_fields: tuple[str, ...] = ()

    def filter_within(self, queryset, name, value):
        area = _area_by_code(value)
        if area is None:
            return queryset.none()
        condition = Q()
        for field in self.within_path_fields:
            condition |= Q(**{f"{field}__startswith": area.path})
        return queryset.filter(condition)


class AreaFilter(WithinFilterMixin, django_filters.FilterSet):
    within_path_fields = ("path",)

    level = django_filters.ChoiceFilter(choices=Area.Level.choices, label=_("tingkat"))
    parent = IntegerFilter(field_name="parent_id", label=_("id induk"))
    code = django_filters.CharFilter(label=_("kode Kemendagri"))
    within = django_filters.CharFilter(method="filter_within", label=_("di dalam wilayah (kode), termasuk wilayah itu"))

    class Meta:
        model = Area
        fields = ["level", "parent", "code", "within"]


class DecreeFilter(WithinFilterMixin, django_filters.FilterSet):
    within_path_fields = ("area__path",)

    year = IntegerFilter(label=_("tahun"))
    issuer = django_filters.CharFilter(lookup_expr="icontains", label=_("penerbit"))
    within = django_filters.CharFilter(method="filter_within", label=_("wilayah SK di dalam wilayah (kode)"))

    class Meta:
        model = Decree
        fields = ["year", "issuer", "within"]


class SlumLocationFilter(WithinFilterMixin, django_filters.FilterSet):
    within_path_fields = ("area__path",)

    decree = IntegerFilter(field_name="decree_id", label=_("id SK"))
    area = IntegerFilter(field_name="area_id", label=_("id wilayah resmi"))
    within = django_filters.CharFilter(method="filter_within", label=_("di dalam wilayah (kode)"))
    is_priority = django_filters.BooleanFilter(label=_("lokasi prioritas"))
    typology = django_filters.ChoiceFilter(choices=SlumLocation.Typology.choices, label=_("tipologi"))
    latest_level = django_filters.ChoiceFilter(
        choices=SlumLevel.choices, field_name="latest_level", label=_("tingkat kekumuhan terakhir")
    )

    class Meta:
        model = SlumLocation
        fields = ["decree", "area", "within", "is_priority", "typology", "latest_level"]


class AreaRecordFilter(WithinFilterMixin, VerificationFilterMixin):
    within_path_fields = ("location__area__path",)

    location = IntegerFilter(field_name="location_id", label=_("id lokasi"))
    year = IntegerFilter(label=_("tahun"))
    year_from = IntegerFilter(field_name="year", lookup_expr="gte", label=_("tahun dari"))
    year_to = IntegerFilter(field_name="year", lookup_expr="lte", label=_("tahun sampai"))
    within = django_filters.CharFilter(method="filter_within", label=_("lokasi di dalam wilayah (kode)"))

    class Meta:
        model = AreaRecord
        fields = ["location", "year", "year_from", "year_to", "within"]


class AspectFilter(django_filters.FilterSet):
    number = IntegerFilter(label=_("nomor aspek"))
    rule_set = django_filters.CharFilter(
        method="filter_rule_set", label=_("kode aturan penilaian; kriteria hanya dari aturan itu")
    )

    class Meta:
        model = Aspect
        fields = ["number", "rule_set"]

    def filter_rule_set(self, queryset, name, value):
        return queryset.filter(criteria__rule_set__code=value).distinct()


class RuleSetFilter(django_filters.FilterSet):
    regulation = django_filters.ChoiceFilter(choices=RuleSet.Regulation.choices, label=_("versi regulasi"))
    is_default = django_filters.BooleanFilter(label=_("bawaan"))

    class Meta:
        model = RuleSet
        fields = ["regulation", "is_default"]


class AssessmentFilter(WithinFilterMixin, VerificationFilterMixin):
    within_path_fields = ("location__area__path", "area__path")

    location = IntegerFilter(field_name="location_id", label=_("id lokasi"))
    area = IntegerFilter(field_name="area_id", label=_("id RT"))
    whole_location = django_filters.BooleanFilter(
        field_name="area", lookup_expr="isnull", label=_("penilaian seluruh lokasi (bukan per RT)")
    )
    within = django_filters.CharFilter(method="filter_within", label=_("di dalam wilayah (kode)"))
    rule_set = django_filters.CharFilter(field_name="rule_set__code", label=_("kode aturan penilaian"))
    regulation_version = django_filters.ChoiceFilter(choices=RuleSet.Regulation.choices, label=_("versi regulasi"))
    source = django_filters.ChoiceFilter(choices=Assessment.Source.choices, label=_("jenis data"))
    level = django_filters.ChoiceFilter(choices=SlumLevel.choices, label=_("tingkat kekumuhan"))
    is_complete = django_filters.BooleanFilter(label=_("data lengkap"))
    year = IntegerFilter(label=_("tahun"))
    assessed_from = django_filters.DateFilter(field_name="assessed_on", lookup_expr="gte", label=_("tanggal dari"))
    assessed_to = django_filters.DateFilter(field_name="assessed_on", lookup_expr="lte", label=_("tanggal sampai"))

    class Meta:
        model = Assessment
        fields = [
            "location",
            "area",
            "whole_location",
            "within",
            "rule_set",
            "regulation_version",
            "source",
            "level",
            "is_complete",
            "year",
            "assessed_from",
            "assessed_to",
        ]
