"""Job pages: the list of one's jobs, a job's page with its progress (polled by htmx), cancel,
retry, the result download, and the officials' backup page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.access import OfficialRequiredMixin
from jobs import selectors, services
from jobs.models import Job

PAGE_SIZE = 50


def job_context(job: Job, user) -> dict:
    """What the progress fragment (``jobs/job_detail.html#progress``) needs, also on other pages."""
    return {
        "job": job,
        "status": selectors.job_status(job),
        "can_cancel": services.can_cancel(job, user),
        "can_retry": services.can_retry(job, user),
        "has_file": job.state == Job.State.DONE and bool(job.result_name),
    }


class JobAccessMixin(LoginRequiredMixin):
    def get_job(self, pk) -> Job:
        try:
            return selectors.job_get(user=self.request.user, pk=pk)
        except Job.DoesNotExist:
            raise Http404 from None

    def job_context(self, job: Job) -> dict:
        return job_context(job, self.request.user)


class JobListView(LoginRequiredMixin, TemplateView):
    template_name = "jobs/job_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.job_list(user=self.request.user), PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = [(job, selectors.job_status(job)) for job in page]
        return {**super().get_context_data(**kwargs), "page": page, "rows": rows}


class JobDetailView(JobAccessMixin, View):
    template_name = "jobs/job_detail.html"

    def get(self, request, pk):
        return render(request, self.template_name, self.job_context(self.get_job(pk)))


class JobProgressView(JobAccessMixin, View):
    """The progress fragment the job page polls; once an import is done it sends the browser on to
    the import's report."""

    def get(self, request, pk):
        job = self.get_job(pk)
        context = self.job_context(job)
        if request.headers.get("HX-Request") and job.state == Job.State.DONE and job.result_url:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = job.result_url
            return response
        return render(request, "jobs/job_detail.html#progress", context)


class JobCancelView(JobAccessMixin, View):
    def post(self, request, pk):
        job = self.get_job(pk)
        try:
            services.job_cancel(actor=request.user, job=job)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(job)


class JobRetryView(JobAccessMixin, View):
    def post(self, request, pk):
        job = self.get_job(pk)
        try:
            services.job_retry(actor=request.user, job=job)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(job)


class JobDownloadView(JobAccessMixin, View):
    """The job's file, for its owner and officials only (the selector scopes the job)."""

    def get(self, request, pk):
        job = self.get_job(pk)
        path = selectors.job_result_path(job)
        if path is None:
            raise Http404
        return FileResponse(
            path.open("rb"), as_attachment=True, filename=job.download_name, content_type=job.content_type
        )


class BackupView(OfficialRequiredMixin, View):
    """Officials start ``backup_db`` from here; the file is downloaded from the job's page."""

    template_name = "jobs/backup.html"

    def get(self, request):
        jobs = selectors.job_list(user=request.user).filter(kind=Job.Kind.BACKUP)[:10]
        return render(request, self.template_name, {"rows": [(job, selectors.job_status(job)) for job in jobs]})

    def post(self, request):
        job = services.job_start(owner=request.user, kind=Job.Kind.BACKUP, title=_("Cadangan basis data"), params={})
        return redirect(job)
