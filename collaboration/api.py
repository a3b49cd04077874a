"""API view sets for collaboration evidence and stakeholders.

Reads: every signed-in role; personal data (contact people, attendance by person, the assessor)
only in the output for roles allowed by ``core.roles.can_see_personal_data``, so researchers' JSON
and exports never carry it. Writes: input serializer → service; records outside the user's write
scope answer 404; a stale ``version`` answers 409.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from collaboration import filters, selectors, serializers, services
from core import roles
from core.api import error_responses
from core.concurrency import check_version
from core.verification_api import VerificationActionsMixin
from core.viewsets import BaseModelViewSet
from sites import scoping
from sites.api import ReferenceWriteMixin
from sites.services import reference

WRITE_ACTIONS = {"create", "update", "partial_update"}


def documented(output, input_serializer):
    """Schema for a write-through-services view set: input in, the output serializer back."""
    return extend_schema_view(
        list=extend_schema(responses={200: output(many=True), **error_responses(400)}),
        retrieve=extend_schema(responses={200: output, **error_responses(404)}),
        create=extend_schema(request=input_serializer, responses={201: output, **error_responses(400, 403)}),
        update=extend_schema(request=input_serializer, responses={200: output, **error_responses(400, 403, 404, 409)}),
        partial_update=extend_schema(
            request=input_serializer, responses={200: output, **error_responses(400, 403, 404, 409)}
        ),
    )


class ServiceWriteViewSet(BaseModelViewSet):
    """List, retrieve, create and update; no delete. Subclasses name their selector, serializers
    and the two services, and how the service names the record (``object_arg``)."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    output_serializer_class = None
    personal_serializer_class = None
    input_serializer_class = None
    create_service = None
    update_service = None
    object_arg = ""
    scope_path = "location__area__path"

    def list_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        queryset = self.list_queryset()
        if self.action in WRITE_ACTIONS:
            queryset = scoping.restrict_to_editable(queryset, self.request.user, self.scope_path)
        return queryset

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS:
            return self.input_serializer_class
        if self.personal_serializer_class and roles.can_see_personal_data(self.request.user):
            return self.personal_serializer_class
        return self.output_serializer_class

    def output(self, obj):
        fresh = self.list_queryset().get(pk=obj.pk)
        serializer_class = self.output_serializer_class
        if self.personal_serializer_class and roles.can_see_personal_data(self.request.user):
            serializer_class = self.personal_serializer_class
        return serializer_class(fresh, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.input_serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        changes, lists, _version = serializer.service_values()
        obj = type(self).create_service(actor=request.user, **changes, **lists)
        return Response(self.output(obj), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.input_serializer_class(
            instance, data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        changes, lists, version = serializer.service_values()
        if not changes and not any(value is not None for value in lists.values()):
            # Only ``version`` (and fields we do not know): nothing changes, so the version stays.
            check_version(instance, version)
            return Response(self.output(instance))
        obj = type(self).update_service(
            actor=request.user, expected_version=version, changes=changes, **{self.object_arg: instance}, **lists
        )
        return Response(self.output(obj))


class VerifiableEvidenceMixin(VerificationActionsMixin):
    """Evidence carries a verification state (``core.verification``); coordinators submit in scope."""

    def verification_editable_queryset(self):
        return scoping.restrict_to_editable(self.list_queryset(), self.request.user, self.scope_path)


@documented(serializers.MeetingSerializer, serializers.MeetingInputSerializer)
class MeetingViewSet(VerifiableEvidenceMixin, ServiceWriteViewSet):
    """Forum meetings (face-to-face dialogue) with attendance per stakeholder; attendance by person
    (``people``) only for officials and coordinators."""

    output_serializer_class = serializers.MeetingSerializer
    personal_serializer_class = serializers.MeetingPersonalSerializer
    input_serializer_class = serializers.MeetingInputSerializer
    create_service = staticmethod(services.meeting_create)
    update_service = staticmethod(services.meeting_update)
    object_arg = "meeting"
    filterset_class = filters.MeetingFilter
    search_fields = ["title", "agenda", "minutes", "decisions", "notes"]
    ordering_fields = ["year", "date", "id", "title"]

    def list_queryset(self):
        return selectors.meeting_list(user=self.request.user)


@documented(serializers.DataSharingSerializer, serializers.DataSharingInputSerializer)
class DataSharingViewSet(VerifiableEvidenceMixin, ServiceWriteViewSet):
    """Who shared what data with whom (trust building)."""

    output_serializer_class = serializers.DataSharingSerializer
    input_serializer_class = serializers.DataSharingInputSerializer
    create_service = staticmethod(services.data_sharing_create)
    update_service = staticmethod(services.data_sharing_update)
    object_arg = "record"
    filterset_class = filters.DataSharingFilter
    search_fields = ["title", "data_shared", "notes"]
    ordering_fields = ["year", "date", "id", "title"]

    def list_queryset(self):
        return selectors.data_sharing_list(user=self.request.user)


@documented(serializers.AgreementSerializer, serializers.AgreementInputSerializer)
class AgreementViewSet(VerifiableEvidenceMixin, ServiceWriteViewSet):
    """Nota kesepakatan / MoU with signatories and their timeline (commitment to process)."""

    output_serializer_class = serializers.AgreementSerializer
    input_serializer_class = serializers.AgreementInputSerializer
    create_service = staticmethod(services.agreement_create)
    update_service = staticmethod(services.agreement_update)
    object_arg = "agreement"
    filterset_class = filters.AgreementFilter
    search_fields = ["title", "number", "summary", "timeline_note", "notes"]
    ordering_fields = ["year", "date", "id", "title"]

    def list_queryset(self):
        return selectors.agreement_list(user=self.request.user)


@documented(serializers.MilestoneSerializer, serializers.MilestoneInputSerializer)
class MilestoneViewSet(ServiceWriteViewSet):
    """Steps of an agreement's timeline, with due and done dates (each fuzzy)."""

    output_serializer_class = serializers.MilestoneSerializer
    input_serializer_class = serializers.MilestoneInputSerializer
    create_service = staticmethod(services.milestone_create)
    update_service = staticmethod(services.milestone_update)
    object_arg = "milestone"
    scope_path = "agreement__location__area__path"
    filterset_class = filters.MilestoneFilter
    search_fields = ["title", "note"]
    ordering_fields = ["order", "id"]

    def list_queryset(self):
        return selectors.milestone_list(user=self.request.user)


@documented(serializers.SharedGoalSerializer, serializers.SharedGoalInputSerializer)
class SharedGoalViewSet(VerifiableEvidenceMixin, ServiceWriteViewSet):
    """Shared goals with their measurable target and progress from the location's area records."""

    output_serializer_class = serializers.SharedGoalSerializer
    input_serializer_class = serializers.SharedGoalInputSerializer
    create_service = staticmethod(services.shared_goal_create)
    update_service = staticmethod(services.shared_goal_update)
    object_arg = "goal"
    filterset_class = filters.SharedGoalFilter
    search_fields = ["title", "statement", "notes"]
    ordering_fields = ["year", "date", "id", "title"]

    def list_queryset(self):
        return selectors.shared_goal_list(user=self.request.user)


@documented(serializers.OutcomeSerializer, serializers.OutcomeInputSerializer)
class OutcomeViewSet(VerifiableEvidenceMixin, ServiceWriteViewSet):
    """Intermediate outcomes ("small wins") and the interventions behind them."""

    output_serializer_class = serializers.OutcomeSerializer
    input_serializer_class = serializers.OutcomeInputSerializer
    create_service = staticmethod(services.outcome_create)
    update_service = staticmethod(services.outcome_update)
    object_arg = "outcome"
    filterset_class = filters.OutcomeFilter
    search_fields = ["title", "description", "notes"]
    ordering_fields = ["year", "date", "id", "title"]

    def list_queryset(self):
        return selectors.outcome_list(user=self.request.user)


@documented(serializers.StageAssessmentSerializer, serializers.StageAssessmentInputSerializer)
class StageAssessmentViewSet(ServiceWriteViewSet):
    """Ratings of one stage for one location on a stated 3-level rubric; the assessor only for
    officials and coordinators."""

    output_serializer_class = serializers.StageAssessmentSerializer
    personal_serializer_class = serializers.StageAssessmentPersonalSerializer
    input_serializer_class = serializers.StageAssessmentInputSerializer
    create_service = staticmethod(services.stage_assessment_create)
    update_service = staticmethod(services.stage_assessment_update)
    object_arg = "assessment"
    filterset_class = filters.StageAssessmentFilter
    search_fields = ["evidence_note", "source"]
    ordering_fields = ["year", "date", "id", "stage"]

    def list_queryset(self):
        return selectors.stage_assessment_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(responses={200: serializers.StakeholderSerializer(many=True), **error_responses(400)}),
    retrieve=extend_schema(responses={200: serializers.StakeholderSerializer, **error_responses(404)}),
    create=extend_schema(
        request=serializers.StakeholderInputSerializer,
        responses={201: serializers.StakeholderSerializer, **error_responses(400, 403)},
        description="Catat pemangku kepentingan. Koordinator hanya dengan wilayah kerja (`area`, kode "
        "Kemendagri) di dalam wilayahnya.",
    ),
    partial_update=extend_schema(
        request=serializers.StakeholderInputSerializer,
        responses={200: serializers.StakeholderSerializer, **error_responses(400, 403, 404, 409)},
        description="Ubah sebagian dengan `version` yang dibaca (usang → 409); di luar wilayah → 404.",
    ),
)
class StakeholderViewSet(ReferenceWriteMixin, BaseModelViewSet):
    """Organisations and groups in the program (``sites.Stakeholder``). Contact people are nested
    only for officials and coordinators."""

    input_serializer_class = serializers.StakeholderInputSerializer
    filterset_class = filters.StakeholderFilter
    search_fields = ["name", "short_name", "description"]
    ordering_fields = ["name", "sector", "role", "id"]

    def get_read_queryset(self):
        return selectors.stakeholder_list(user=self.request.user)

    def get_editable_queryset(self):
        return selectors.stakeholder_editable(user=self.request.user)

    def get_serializer_class(self):
        if roles.can_see_personal_data(self.request.user):
            return serializers.StakeholderPersonalSerializer
        return serializers.StakeholderSerializer

    def perform_service_create(self, data):
        return reference.stakeholder_create(actor=self.request.user, **data)

    def perform_service_update(self, stakeholder, version, data):
        reference.stakeholder_update(
            actor=self.request.user, stakeholder=stakeholder, expected_version=version, data=data
        )
