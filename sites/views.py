"""Pages of the sites app: slum locations, their area history and assessments, the rule sets."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from core import roles
from core.access import WriterRequiredMixin, add_service_errors
from core.concurrency import Conflict
from sites import scoping, selectors, services
from sites.forms import AreaRecordForm, AssessmentForm, CommunityAreasForm
from sites.models import RuleSet
from sites.services import reference

PAGE_SIZE = 50


class LocationListView(LoginRequiredMixin, TemplateView):
    template_name = "sites/slumlocation_list.html"

    def get_context_data(self, **kwargs):
        # PostgreSQL refuses a NUL character in a query parameter; no name contains one.
        query = self.request.GET.get("q", "").replace("\x00", "").strip()
        rows = selectors.location_list()
        if query:
            rows = selectors.location_search(rows, query)
        return {
            **super().get_context_data(**kwargs),
            "query": query,
            "page": Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page")),
            "totals": selectors.location_totals(rows),
        }


class LocationDetailView(LoginRequiredMixin, DetailView):
    template_name = "sites/slumlocation_detail.html"
    context_object_name = "location"

    def get_queryset(self):
        return selectors.location_detail()

    def get_context_data(self, **kwargs):
        location = self.object
        user = self.request.user
        latest = selectors.latest_assessment(location)
        return {
            **super().get_context_data(**kwargs),
            "rt_groups": selectors.rt_groups(location),
            "latest": latest,
            "latest_groups": selectors.assessment_groups(latest) if latest else [],
            "assessments": selectors.location_assessments(location),
            "can_add_record": scoping.can_edit_area(user, location.area),
            "can_assess": roles.can_write(user) and selectors.can_assess(user, location),
        }


class AreaRecordCreateView(WriterRequiredMixin, View):
    template_name = "sites/arearecord_form.html"

    def dispatch(self, request, *args, **kwargs):
        if roles.can_write(request.user):
            self.location = selectors.location_get_editable(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self._render(AreaRecordForm())

    def post(self, request, pk):
        form = AreaRecordForm(request.POST)
        if form.is_valid():
            try:
                services.area_record_create(actor=request.user, location=self.location, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Catatan luas kumuh disimpan."))
                return redirect("sites:location-detail", pk=self.location.pk)
        return self._render(form)

    def _render(self, form):
        return render(self.request, self.template_name, {"form": form, "location": self.location})


class AssessmentFormMixin(WriterRequiredMixin):
    """Binds the assessment form for ``self.location`` under the chosen rule set; a "Pratinjau"
    submit (or the htmx preview) re-renders with the computed scores and saves nothing."""

    template_name = "sites/assessment_form.html"

    def chosen_rule_set(self, code: str | None) -> RuleSet:
        if code and "\x00" not in code:  # PostgreSQL refuses NUL; the form then names the bad value
            rule_set = selectors.rule_sets().filter(code=code).first()
            if rule_set is not None:
                return rule_set
        rule_set = selectors.rule_set_default()
        if rule_set is None:
            raise Http404
        return rule_set

    def build_form(self, data=None, initial=None, rule_set_code=None):
        user = self.request.user
        return AssessmentForm(
            data,
            initial=initial,
            rule_set=self.chosen_rule_set(rule_set_code),
            rts=selectors.assessable_rts(user, self.location),
            allow_whole_location=scoping.can_edit_area(user, self.location.area),
        )

    def preview(self, form):
        """The evaluation of a bound form, with its problems shown on the form's fields."""
        if not form.is_valid():
            return None
        evaluation = services.assessment_evaluate(**form.evaluation_input())
        if not evaluation.ok:
            form.apply_errors(services.InvalidAssessment(evaluation.errors))
        return evaluation

    def render_form(self, form, evaluation=None, **extra):
        context = {
            "form": form,
            "location": self.location,
            "evaluation": evaluation,
            "groups": form.aspect_groups(evaluation.result if evaluation else None),
            "rule_sets": selectors.rule_sets(),
            **extra,
        }
        return render(self.request, self.template_name, context)


class AssessmentCreateView(AssessmentFormMixin, View):
    def dispatch(self, request, *args, **kwargs):
        # The role is checked (403, in WriterRequiredMixin) before the record is looked up (404).
        if roles.can_write(request.user):
            self.location = get_object_or_404(selectors.location_list(), pk=kwargs["pk"])
            if not selectors.can_assess(request.user, self.location):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render_form(self.build_form(rule_set_code=request.GET.get("rule_set")))

    def post(self, request, pk):
        form = self.build_form(request.POST, rule_set_code=request.POST.get("rule_set"))
        if "preview" in request.POST:
            return self.render_form(form, self.preview(form))
        if form.is_valid():
            try:
                assessment = services.assessment_create(
                    actor=request.user, location=self.location, **form.service_input()
                )
            except ValidationError as exc:
                form.apply_errors(exc)
            else:
                messages.success(request, _("Penilaian disimpan; skor dihitung sistem."))
                return redirect("sites:assessment-detail", pk=assessment.pk)
        return self.render_form(form)


class AssessmentPreviewView(AssessmentFormMixin, View):
    """htmx: the scores panel for the form's current input (nothing is saved)."""

    def dispatch(self, request, *args, **kwargs):
        # The role is checked (403, in WriterRequiredMixin) before the record is looked up (404).
        if roles.can_write(request.user):
            self.location = get_object_or_404(selectors.location_list(), pk=kwargs["pk"])
            if not selectors.can_assess(request.user, self.location):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        form = self.build_form(request.POST, rule_set_code=request.POST.get("rule_set"))
        evaluation = self.preview(form)
        context = {"form": form, "evaluation": evaluation, "location": self.location}
        return render(request, "sites/assessment_form.html#preview", context)


class AssessmentUpdateView(AssessmentFormMixin, View):
    def dispatch(self, request, *args, **kwargs):
        # The role is checked (403, in WriterRequiredMixin) before the record is looked up (404).
        if roles.can_write(request.user):
            self.assessment = selectors.assessment_get_editable(request.user, kwargs["pk"])
            self.location = self.assessment.location
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        form = self.build_form(
            initial=AssessmentForm.initial_from(self.assessment), rule_set_code=self.assessment.rule_set.code
        )
        return self.render_form(form, assessment=self.assessment)

    def post(self, request, pk):
        form = self.build_form(request.POST, rule_set_code=request.POST.get("rule_set"))
        if "preview" in request.POST:
            return self.render_form(form, self.preview(form), assessment=self.assessment)
        if form.is_valid():
            try:
                services.assessment_update(
                    actor=request.user,
                    assessment=self.assessment,
                    expected_version=form.cleaned_data.get("version") or 0,
                    **form.service_input(),
                )
            except Conflict as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                form.apply_errors(exc)
            else:
                messages.success(request, _("Penilaian diperbarui; skor dihitung ulang."))
                return redirect("sites:assessment-detail", pk=self.assessment.pk)
        return self.render_form(form, assessment=self.assessment)


class AssessmentDetailView(LoginRequiredMixin, DetailView):
    template_name = "sites/assessment_detail.html"
    context_object_name = "assessment"

    def get_queryset(self):
        return selectors.assessment_list()

    def get_context_data(self, **kwargs):
        assessment = self.object
        return {
            **super().get_context_data(**kwargs),
            "groups": selectors.assessment_groups(assessment),
            "can_edit": selectors.can_edit_assessment(self.request.user, assessment),
        }


class RuleSetListView(LoginRequiredMixin, TemplateView):
    template_name = "sites/ruleset_list.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "rule_sets": selectors.rule_set_overview(),
            "can_edit_rules": roles.is_official(self.request.user),
        }


class KelurahanListView(WriterRequiredMixin, TemplateView):
    """Where a coordinator (their kelurahan) or an official (any, by name or code) adds RW and RT."""

    template_name = "sites/kelurahan_list.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").replace("\x00", "").strip()[:120]
        rows = selectors.kelurahan_for_setup(self.request.user, query)
        return {
            **super().get_context_data(**kwargs),
            "query": query,
            "page": Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page")),
        }


class CommunityAreasView(WriterRequiredMixin, View):
    """A kelurahan's RW and RT, with the bulk form that adds them."""

    template_name = "sites/community_areas.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and roles.can_write(request.user):
            self.kelurahan = selectors.kelurahan_get_editable(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self._render(CommunityAreasForm())

    def post(self, request, pk):
        form = CommunityAreasForm(request.POST)
        if form.is_valid():
            rws, rts = form.ranges()
            try:
                created_rw, created_rt = reference.community_areas_bulk_create(
                    actor=request.user, kelurahan=self.kelurahan, rw_numbers=rws, rt_numbers=rts
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Ditambahkan %(rw)s RW dan %(rt)s RT; yang sudah ada tidak diubah.")
                    % {"rw": created_rw, "rt": created_rt},
                )
                return redirect("sites:community-areas", pk=self.kelurahan.pk)
        return self._render(form)

    def _render(self, form):
        context = {"form": form, "kelurahan": self.kelurahan, "tree": selectors.community_tree(self.kelurahan)}
        return render(self.request, self.template_name, context)
