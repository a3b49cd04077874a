import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collaboration.fuzzydate import Precision
from collaboration.models import (
    Agreement,
    DataSharing,
    Meeting,
    Milestone,
    Outcome,
    SharedGoal,
    Stage,
    StageAssessment,
)
from core.filters import IntegerFilter
from core.verification_api import VerificationFilterMixin
from sites.models import Area, Stakeholder


def _in_area(queryset, path_field: str, code: str):
    area = Area.objects.filter(code=code).only("path").first()
    if area is None:
        return queryset.none()
    return queryset.filter(**{f"{path_field}__startswith": area.path})


class EvidenceFilter(django_filters.FilterSet):
    """Filters every kind of evidence shares: location, area (Kemendagri code, subtree), year."""

    location = IntegerFilter(field_name="location_id", label=_("id lokasi"))
    area = django_filters.CharFilter(method="filter_area", label=_("kode wilayah (termasuk subwilayahnya)"))
    year = IntegerFilter(field_name="year", label=_("tahun"))
    year_min = IntegerFilter(field_name="year", lookup_expr="gte", label=_("tahun paling awal"))
    year_max = IntegerFilter(field_name="year", lookup_expr="lte", label=_("tahun paling akhir"))
    date_precision = django_filters.ChoiceFilter(choices=Precision.choices, label=_("ketepatan tanggal"))

    BASE = ["location", "area", "year", "year_min", "year_max", "date_precision"]

    def filter_area(self, queryset, name, value):
        return _in_area(queryset, "location__area__path", value)


class MeetingFilter(EvidenceFilter, VerificationFilterMixin):
    stakeholder = IntegerFilter(method="filter_stakeholder", label=_("id pemangku kepentingan yang hadir"))

    class Meta:
        model = Meeting
        fields = [*EvidenceFilter.BASE, "forum_type", "stakeholder"]

    def filter_stakeholder(self, queryset, name, value):
        return queryset.filter(attendance__stakeholder_id=value).distinct()


class DataSharingFilter(EvidenceFilter, VerificationFilterMixin):
    stakeholder = IntegerFilter(method="filter_stakeholder", label=_("id pemberi atau penerima"))

    class Meta:
        model = DataSharing
        fields = [*EvidenceFilter.BASE, "kind", "is_mutual", "stakeholder"]

    def filter_stakeholder(self, queryset, name, value):
        return queryset.filter(Q(from_stakeholder_id=value) | Q(to_stakeholders__id=value)).distinct()


class AgreementFilter(EvidenceFilter, VerificationFilterMixin):
    signatory = IntegerFilter(field_name="signatories__id", distinct=True, label=_("id penanda tangan"))

    class Meta:
        model = Agreement
        fields = [*EvidenceFilter.BASE, "kind", "signatory"]


class MilestoneFilter(django_filters.FilterSet):
    class Meta:
        model = Milestone
        fields = ["agreement", "status"]


class SharedGoalFilter(EvidenceFilter, VerificationFilterMixin):
    endorser = IntegerFilter(field_name="endorsers__id", distinct=True, label=_("id pendukung"))

    class Meta:
        model = SharedGoal
        fields = [*EvidenceFilter.BASE, "target_metric", "endorser"]


class OutcomeFilter(EvidenceFilter, VerificationFilterMixin):
    stakeholder = IntegerFilter(field_name="stakeholders__id", distinct=True, label=_("id pelaku"))
    intervention = IntegerFilter(field_name="interventions__id", distinct=True, label=_("id intervensi di baliknya"))

    class Meta:
        model = Outcome
        fields = [*EvidenceFilter.BASE, "kind", "status", "stakeholder", "intervention"]


class StageAssessmentFilter(EvidenceFilter):
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("tahap"))
    rank = IntegerFilter(field_name="level__rank", label=_("peringkat (1–3)"))

    class Meta:
        model = StageAssessment
        fields = [*EvidenceFilter.BASE, "stage", "rank"]


class StakeholderFilter(django_filters.FilterSet):
    area = django_filters.CharFilter(method="filter_area", label=_("kode wilayah kerja (termasuk subwilayahnya)"))

    class Meta:
        model = Stakeholder
        fields = ["sector", "role", "is_active", "area"]

    def filter_area(self, queryset, name, value):
        return _in_area(queryset, "area__path", value)
