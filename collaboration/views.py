from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from collaboration import forms, selectors, services
from collaboration.models import (
    Agreement,
    DataSharing,
    Meeting,
    Outcome,
    SharedGoal,
    StageAssessment,
)
from core import roles
from core.access import DashboardAccessMixin, WriterRequiredMixin, add_service_errors
from core.concurrency import Conflict
from sites import scoping
from sites.models import SlumLocation

# Read pages ----------------------------------------------------------------------------------


class LocationCollaborationListView(DashboardAccessMixin, TemplateView):
    template_name = "collaboration/location_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "locations": selectors.location_list()}


class LocationCollaborationDetailView(DashboardAccessMixin, TemplateView):
    template_name = "collaboration/location_detail.html"

    def get_context_data(self, **kwargs):
        location = get_object_or_404(SlumLocation.objects.select_related("area", "decree"), pk=self.kwargs["pk"])
        user = self.request.user
        data = selectors.location_collaboration(location=location, user=user)
        return {**super().get_context_data(**kwargs), **data, "can_edit": scoping.can_edit_area(user, location.area)}


class StakeholderListView(DashboardAccessMixin, TemplateView):
    template_name = "collaboration/stakeholder_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "stakeholders": selectors.stakeholder_list(user=user),
            "show_personal_data": roles.can_see_personal_data(user),
        }


class StakeholderDetailView(DashboardAccessMixin, TemplateView):
    template_name = "collaboration/stakeholder_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        stakeholder = get_object_or_404(selectors.stakeholder_list(user=user), pk=self.kwargs["pk"])
        return {
            **super().get_context_data(**kwargs),
            "stakeholder": stakeholder,
            "show_personal_data": roles.can_see_personal_data(user),
            "can_edit": roles.can_write(user) and scoping.can_edit_area(user, stakeholder.area),
        }


# Write pages ---------------------------------------------------------------------------------


class RecordFormView(WriterRequiredMixin, View):
    """Binds a form, calls one service, redirects; a rejected form re-renders with what was typed."""

    form_class = None
    template_name = "collaboration/record_form.html"
    title = ""

    def get_object(self):
        return None

    def get_parent(self):
        """The record a new one hangs under (an agreement, a stakeholder), scoped; else ``None``."""
        return None

    def setup_objects(self):
        self.parent = self.get_parent()
        self.object = self.get_object()

    def form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        return self.render(self.form_class(initial=self.get_initial(), **self.form_kwargs()))

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        form = self.form_class(request.POST, **self.form_kwargs())
        if self.is_valid(form):
            try:
                saved = self.save(form)
            except Conflict as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Tersimpan."))
                return redirect(self.success_url(saved))
        return self.render(form)

    def get_initial(self):
        return {}

    def is_valid(self, form) -> bool:
        return form.is_valid()

    def extra_service_kwargs(self) -> dict:
        return {}

    def render(self, form, **extra):
        context = {"form": form, "title": self.title, "object": self.object, "cancel_url": self.cancel_url()}
        return render(self.request, self.template_name, {**context, **extra})

    def cancel_url(self):
        return reverse("collaboration:location-list")

    def success_url(self, saved):
        return reverse("collaboration:location-detail", args=[saved.location_id]) + f"#stage-{saved.STAGE}"


class EvidenceCreateView(RecordFormView):
    create_service = None

    def get_initial(self):
        return {"location": self.request.GET.get("location")}

    def save(self, form):
        changes, lists = form.service_values()
        return self.create_service(actor=self.request.user, **changes, **lists, **self.extra_service_kwargs())


class EvidenceUpdateView(RecordFormView):
    model = None
    update_service = None
    object_arg = ""

    def get_object(self):
        return selectors.evidence_get_editable(self.model, self.request.user, self.kwargs["pk"])

    def save(self, form):
        changes, lists = form.service_values()
        return self.update_service(
            actor=self.request.user,
            expected_version=form.cleaned_data["version"],
            changes=changes,
            **{self.object_arg: self.object},
            **lists,
            **self.extra_service_kwargs(),
        )

    def cancel_url(self):
        return reverse("collaboration:location-detail", args=[self.object.location_id])


class MeetingFormMixin:
    """The meeting form plus its attendance rows (stakeholder, head count, women)."""

    form_class = forms.MeetingForm
    template_name = "collaboration/meeting_form.html"

    def setup_objects(self):
        super().setup_objects()
        if self.request.method == "POST":
            self.attendance = forms.AttendanceFormSet(self.request.POST, prefix="attendance")
        else:
            initial = forms.attendance_initial(self.object) if self.object else []
            self.attendance = forms.AttendanceFormSet(initial=initial, prefix="attendance")

    def is_valid(self, form) -> bool:
        form_valid = form.is_valid()
        return self.attendance.is_valid() and form_valid

    def extra_service_kwargs(self):
        return {"attendance": self.attendance.rows()}

    def render(self, form, **extra):
        return super().render(form, attendance=self.attendance, **extra)


class MeetingCreateView(MeetingFormMixin, EvidenceCreateView):
    title = _("Catat pertemuan")
    create_service = staticmethod(services.meeting_create)


class MeetingUpdateView(MeetingFormMixin, EvidenceUpdateView):
    title = _("Ubah pertemuan")
    model = Meeting
    update_service = staticmethod(services.meeting_update)
    object_arg = "meeting"


class DataSharingCreateView(EvidenceCreateView):
    title = _("Catat berbagi data")
    form_class = forms.DataSharingForm
    create_service = staticmethod(services.data_sharing_create)


class DataSharingUpdateView(EvidenceUpdateView):
    title = _("Ubah catatan berbagi data")
    form_class = forms.DataSharingForm
    model = DataSharing
    update_service = staticmethod(services.data_sharing_update)
    object_arg = "record"


class AgreementCreateView(EvidenceCreateView):
    title = _("Catat kesepakatan")
    form_class = forms.AgreementForm
    create_service = staticmethod(services.agreement_create)


class AgreementUpdateView(EvidenceUpdateView):
    title = _("Ubah kesepakatan")
    form_class = forms.AgreementForm
    model = Agreement
    update_service = staticmethod(services.agreement_update)
    object_arg = "agreement"


class SharedGoalCreateView(EvidenceCreateView):
    title = _("Catat tujuan bersama")
    form_class = forms.SharedGoalForm
    create_service = staticmethod(services.shared_goal_create)


class SharedGoalUpdateView(EvidenceUpdateView):
    title = _("Ubah tujuan bersama")
    form_class = forms.SharedGoalForm
    model = SharedGoal
    update_service = staticmethod(services.shared_goal_update)
    object_arg = "goal"


class OutcomeCreateView(EvidenceCreateView):
    title = _("Catat hasil antara")
    form_class = forms.OutcomeForm
    create_service = staticmethod(services.outcome_create)


class OutcomeUpdateView(EvidenceUpdateView):
    title = _("Ubah hasil antara")
    form_class = forms.OutcomeForm
    model = Outcome
    update_service = staticmethod(services.outcome_update)
    object_arg = "outcome"


class StageAssessmentCreateView(EvidenceCreateView):
    title = _("Nilai tahap kolaborasi")
    form_class = forms.StageAssessmentForm
    create_service = staticmethod(services.stage_assessment_create)

    def get_initial(self):
        return {**super().get_initial(), "stage": self.request.GET.get("stage")}

    def success_url(self, saved):
        return reverse("collaboration:location-detail", args=[saved.location_id]) + f"#stage-{saved.stage}"


class StageAssessmentUpdateView(EvidenceUpdateView):
    title = _("Ubah penilaian tahap")
    form_class = forms.StageAssessmentForm
    model = StageAssessment
    update_service = staticmethod(services.stage_assessment_update)
    object_arg = "assessment"
    success_url = StageAssessmentCreateView.success_url


class MilestoneCreateView(RecordFormView):
    title = _("Tambah tonggak")
    form_class = forms.MilestoneForm

    def get_parent(self):
        return selectors.agreement_get_editable(self.request.user, self.kwargs["pk"])

    def save(self, form):
        changes, _lists = form.service_values()
        return services.milestone_create(actor=self.request.user, agreement=self.parent, **changes)

    def cancel_url(self):
        return reverse("collaboration:location-detail", args=[self.parent.location_id])

    def success_url(self, saved):
        return reverse("collaboration:location-detail", args=[saved.agreement.location_id]) + "#stage-commitment"


class MilestoneUpdateView(RecordFormView):
    title = _("Ubah tonggak")
    form_class = forms.MilestoneForm

    def get_object(self):
        return selectors.milestone_get_editable(self.request.user, self.kwargs["pk"])

    def save(self, form):
        changes, _lists = form.service_values()
        return services.milestone_update(
            actor=self.request.user,
            milestone=self.object,
            expected_version=form.cleaned_data["version"],
            changes=changes,
        )

    success_url = MilestoneCreateView.success_url


class ContactPersonCreateView(RecordFormView):
    title = _("Tambah narahubung")
    form_class = forms.ContactPersonForm

    def get_parent(self):
        return selectors.stakeholder_get_editable(self.request.user, self.kwargs["pk"])

    def save(self, form):
        changes, _lists = form.service_values()
        return services.contact_person_create(actor=self.request.user, stakeholder=self.parent, **changes)

    def cancel_url(self):
        return reverse("collaboration:stakeholder-detail", args=[self.parent.pk])

    def success_url(self, saved):
        return reverse("collaboration:stakeholder-detail", args=[saved.stakeholder_id])


class ContactPersonUpdateView(RecordFormView):
    title = _("Ubah narahubung")
    form_class = forms.ContactPersonForm

    def get_object(self):
        return selectors.contact_person_get_editable(self.request.user, self.kwargs["pk"])

    def save(self, form):
        changes, _lists = form.service_values()
        return services.contact_person_update(
            actor=self.request.user, person=self.object, expected_version=form.cleaned_data["version"], changes=changes
        )

    success_url = ContactPersonCreateView.success_url
