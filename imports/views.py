"""Import pages: history, upload (always a dry run first), the run's report, commit, templates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView

from core import roles
from core.access import WriterRequiredMixin
from core.exports import XLSX_MEDIA_TYPE
from imports import selectors, services
from imports.forms import ImportUploadForm
from imports.reading import max_upload_bytes, too_large_message
from imports.uploads import SizeLimitedUploadHandler, upload_too_large
from imports.workbooks import KINDS, template_file

PAGE_SIZE = 50
# Measured with bench/import_50k.py (docs/imports.md): about 13 s of CPU per 1,000 interventions
# with a funding line each, for the dry run and again for the commit. Shown on the upload page.
SECONDS_PER_THOUSAND_RECORDS = 15
# About the default 30-second timeout of a web worker: larger files belong to import_xlsx.
LARGE_FILE_RECORDS = 2000


class ImportRunListView(WriterRequiredMixin, TemplateView):
    template_name = "imports/importrun_list.html"

    def get_context_data(self, **kwargs):
        runs = selectors.import_run_list(user=self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "page": Paginator(runs, PAGE_SIZE).get_page(self.request.GET.get("page")),
            "sees_all": roles.is_official(self.request.user),
        }


@method_decorator(csrf_exempt, name="dispatch")
class ImportRunCreateView(WriterRequiredMixin, View):
    """Upload a file for a dry run. The size limit is enforced while the upload streams in, so
    the CSRF check (which reads the body) runs after the limiting upload handler is in place."""

    template_name = "imports/importrun_form.html"

    def get(self, request):
        return self.render_form(ImportUploadForm())

    def post(self, request):
        request.upload_handlers.insert(0, SizeLimitedUploadHandler(request, max_upload_bytes()))
        return self.receive(request)

    @method_decorator(csrf_protect)
    def receive(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid() or upload_too_large(request):
            if upload_too_large(request):
                form.errors["file"] = form.error_class([too_large_message()])
            return self.render_form(form)
        run = services.import_upload(actor=request.user, upload=form.cleaned_data["file"])
        return redirect(run)

    def render_form(self, form):
        context = {
            "form": form,
            "kinds": KINDS,
            "max_megabytes": max_upload_bytes() // (1024 * 1024),
            "seconds_per_thousand": SECONDS_PER_THOUSAND_RECORDS,
            "large_file_records": LARGE_FILE_RECORDS,
        }
        return render(self.request, self.template_name, context)


class ImportRunDetailView(WriterRequiredMixin, View):
    template_name = "imports/importrun_detail.html"

    def get(self, request, pk):
        run = get_object_or_404(selectors.import_run_detail(user=request.user), pk=pk)
        context = {
            "run": run,
            "report": run.report,
            "can_commit": services.can_commit(run, request.user),
            "commits": list(run.commits.order_by("-started_at")),
        }
        return render(request, self.template_name, context)


class ImportRunCommitView(WriterRequiredMixin, View):
    def post(self, request, pk):
        run = get_object_or_404(selectors.import_run_detail(user=request.user), pk=pk)
        try:
            committed = services.import_run_commit(actor=request.user, run=run)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(run)
        if committed.status == committed.Status.VALID:
            messages.success(request, _("Impor diterapkan."))
        else:
            messages.error(request, _("Data berubah sejak uji coba; impor tidak diterapkan. Lihat kesalahannya."))
        return redirect(committed)


class TemplateDownloadView(WriterRequiredMixin, View):
    def get(self, request, kind):
        if kind not in KINDS:
            raise Http404
        filled = request.GET.get("kosong") != "1"
        handle = template_file(user=request.user, kind=kind, filled=filled)
        suffix = "" if filled else "-kosong"
        name = f"templat-{kind}{suffix}-{timezone.localdate():%Y%m%d}.xlsx"
        return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX_MEDIA_TYPE)
