from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core import roles
from core.access import OfficialRequiredMixin, WriterRequiredMixin, add_service_errors
from core.concurrency import Conflict
from interventions import selectors, services
from interventions.filters import AreaChoiceField, PageInterventionFilter
from interventions.forms import (
    FundingLineFormSet,
    FundingSourceForm,
    InterventionForm,
    InterventionKindForm,
    ProgressUpdateForm,
    funding_line_inputs,
)
from interventions.models import Intervention, ProgressUpdate
from sites import scoping

PAGE_SIZE = 50


class InterventionListView(LoginRequiredMixin, TemplateView):
    template_name = "interventions/intervention_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filterset = PageInterventionFilter(self.request.GET or None, queryset=selectors.intervention_list(user=user))
        rows = filterset.qs
        return {
            **super().get_context_data(**kwargs),
            "filter_form": filterset.form,
            "page": Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page")),
            "totals": selectors.intervention_totals(rows),
            "can_create": roles.can_write(user),
        }


class InterventionDetailView(LoginRequiredMixin, DetailView):
    template_name = "interventions/intervention_detail.html"
    context_object_name = "intervention"

    def get_queryset(self):
        return selectors.intervention_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        intervention = self.object
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "history": selectors.intervention_history(
                intervention=intervention, include_users=roles.can_see_personal_data(user)
            ),
            "show_people": roles.can_see_personal_data(user),
            "area_label": selectors.area_label(intervention.area),
            "can_edit": roles.can_write(user) and scoping.can_edit_area(user, intervention.area),
        }


class InterventionFormMixin:
    template_name = "interventions/intervention_form.html"

    def render_form(self, form, formset, intervention=None):
        return render(
            self.request, self.template_name, {"form": form, "formset": formset, "intervention": intervention}
        )


class InterventionCreateView(WriterRequiredMixin, InterventionFormMixin, View):
    def get(self, request):
        form = InterventionForm(user=request.user)
        return self.render_form(form, FundingLineFormSet(instance=Intervention(), prefix="lines"))

    def post(self, request):
        form = InterventionForm(request.POST, user=request.user)
        formset = FundingLineFormSet(request.POST, instance=Intervention(), prefix="lines")
        if form.is_valid() and formset.is_valid():
            try:
                intervention = services.intervention_create(
                    actor=request.user, funding_lines=funding_line_inputs(formset), **form.service_data()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Kegiatan tersimpan."))
                return redirect(intervention)
        return self.render_form(form, formset)


class InterventionAreaOptionsView(WriterRequiredMixin, View):
    """The RT/RW options of the chosen location (htmx swaps them into the form's RT/RW select)."""

    def get(self, request):
        location = selectors.writable_locations(user=request.user).filter(pk=_int(request.GET.get("location"))).first()
        areas = selectors.rt_rw_choices(user=request.user, location=location)
        if location is None and request.GET.get("location"):
            areas = areas.none()
        return render(request, "interventions/_area_options.html", {"options": AreaChoiceField(queryset=areas).choices})


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


class InterventionUpdateView(WriterRequiredMixin, InterventionFormMixin, View):
    def get_object(self, pk):
        return selectors.intervention_get_editable(self.request.user, pk)

    def get(self, request, pk):
        intervention = self.get_object(pk)
        form = InterventionForm(instance=intervention, user=request.user)
        formset = FundingLineFormSet(instance=intervention, prefix="lines")
        return self.render_form(form, formset, intervention)

    def post(self, request, pk):
        intervention = self.get_object(pk)
        form = InterventionForm(request.POST, instance=intervention, user=request.user)
        formset = FundingLineFormSet(request.POST, instance=intervention, prefix="lines")
        if form.is_valid() and formset.is_valid():
            try:
                services.intervention_update(
                    intervention=intervention,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    data=form.service_data(),
                    funding_lines=funding_line_inputs(formset),
                )
            except Conflict as conflict:
                form.add_error(None, conflict.message)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Perubahan tersimpan."))
                return redirect(intervention)
        return self.render_form(form, formset, intervention)


class InterventionDeleteView(WriterRequiredMixin, View):
    template_name = "interventions/intervention_confirm_delete.html"

    def get_object(self, pk):
        return selectors.intervention_get_editable(self.request.user, pk)

    def get(self, request, pk):
        return render(request, self.template_name, {"intervention": self.get_object(pk)})

    def post(self, request, pk):
        intervention = self.get_object(pk)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            services.intervention_delete(intervention=intervention, actor=request.user, expected_version=version)
        except Conflict as conflict:
            messages.error(request, conflict.message)
            return redirect(intervention)
        messages.success(request, _("Kegiatan dihapus."))
        return redirect("interventions:intervention-list")


class ProgressUpdateCreateView(WriterRequiredMixin, View):
    template_name = "interventions/progressupdate_form.html"

    def get_intervention(self, pk):
        return selectors.intervention_get_editable(self.request.user, pk)

    def get(self, request, pk):
        intervention = self.get_intervention(pk)
        return self.render_form(ProgressUpdateForm(), intervention)

    def post(self, request, pk):
        intervention = self.get_intervention(pk)
        form = ProgressUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.progress_update_add(intervention=intervention, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Laporan kemajuan tersimpan."))
                return redirect(intervention)
        return self.render_form(form, intervention)

    def render_form(self, form, intervention):
        context = {"form": form, "intervention": intervention}
        return render(self.request, self.template_name, context)


class ProgressUpdatePhotoView(LoginRequiredMixin, View):
    """Streams a progress photo as a download to signed-in users; photos have no public URL."""

    def get(self, request, pk):
        update = get_object_or_404(ProgressUpdate.objects.exclude(photo=""), pk=pk)
        return photo_response(update)


def photo_response(update: ProgressUpdate) -> FileResponse:
    try:
        handle = update.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=PurePosixPath(update.photo.name).name,
        content_type=update.photo_content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


class FundingSourceListView(LoginRequiredMixin, ListView):
    template_name = "interventions/fundingsource_list.html"
    context_object_name = "sources"

    def get_queryset(self):
        return selectors.funding_source_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_manage": roles.is_official(self.request.user)}


class ReferenceFormView(OfficialRequiredMixin, View):
    """Create or edit one reference row through its service; subclasses name the pieces."""

    template_name = "interventions/reference_form.html"
    form_class = None
    list_url = ""
    title = ""

    def get_object(self, pk):
        return None

    def get(self, request, pk=None):
        return self.render_form(self.form_class(instance=self.get_object(pk)))

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        form = self.form_class(request.POST, instance=obj)
        if form.is_valid():
            try:
                self.save(obj, form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Data rujukan tersimpan."))
                return redirect(self.list_url)
        return self.render_form(form)

    def render_form(self, form):
        context = {"form": form, "title": self.title, "list_url": reverse(self.list_url)}
        return render(self.request, self.template_name, context)


class FundingSourceCreateView(ReferenceFormView):
    form_class = FundingSourceForm
    list_url = "interventions:funding-source-list"
    title = _("Tambah sumber dana")

    def save(self, obj, form):
        services.funding_source_create(actor=self.request.user, **form.cleaned_data)


class FundingSourceUpdateView(ReferenceFormView):
    form_class = FundingSourceForm
    list_url = "interventions:funding-source-list"
    title = _("Ubah sumber dana")

    def get_object(self, pk):
        return get_object_or_404(selectors.funding_source_list(user=self.request.user), pk=pk)

    def save(self, obj, form):
        services.funding_source_update(source=obj, actor=self.request.user, data=form.cleaned_data)


class InterventionKindListView(LoginRequiredMixin, ListView):
    template_name = "interventions/interventionkind_list.html"
    context_object_name = "kinds"

    def get_queryset(self):
        return selectors.intervention_kind_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_manage": roles.is_official(self.request.user)}


class InterventionKindCreateView(ReferenceFormView):
    form_class = InterventionKindForm
    list_url = "interventions:intervention-kind-list"
    title = _("Tambah jenis kegiatan")

    def save(self, obj, form):
        services.intervention_kind_create(actor=self.request.user, **form.cleaned_data)


class InterventionKindUpdateView(ReferenceFormView):
    form_class = InterventionKindForm
    list_url = "interventions:intervention-kind-list"
    title = _("Ubah jenis kegiatan")

    def get_object(self, pk):
        return get_object_or_404(selectors.intervention_kind_list(user=self.request.user), pk=pk)

    def save(self, obj, form):
        services.intervention_kind_update(kind=obj, actor=self.request.user, data=form.cleaned_data)
