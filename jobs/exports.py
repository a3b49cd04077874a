"""API list exports as background jobs: ``?format=xlsx&async=1`` on any list answers 202.

The worker replays the same GET (path and query, without ``async``) as the job's owner through
the same view, so the file has exactly the rows, scope and columns the synchronous export has.
"""

import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core import exports
from jobs import services
from jobs.models import Job
from jobs.registry import Outcome, register


def export_job_start(view, request, export_format: str) -> Response:
    query = request.query_params.copy()
    query.pop("async", None)
    query["format"] = export_format
    name = view.get_export_basename()
    job = services.job_start(
        owner=request.user,
        kind=Job.Kind.EXPORT,
        title=_("Ekspor %(name)s (%(format)s)") % {"name": name, "format": export_format.upper()},
        params={"path": request.path_info, "query": query.urlencode(), "format": export_format},
    )
    # The 202 answer is JSON, whatever file format was asked for.
    request.accepted_renderer = JSONRenderer()
    request.accepted_media_type = JSONRenderer.media_type
    api_url = request.build_absolute_uri(reverse("job-detail-api", args=[job.pk]))
    page_url = request.build_absolute_uri(job.get_absolute_url())
    return Response(
        {"id": job.pk, "state": job.state, "url": api_url, "page_url": page_url},
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": api_url},
    )


@register(Job.Kind.EXPORT)
def run_export(job: Job, reporter) -> Outcome:
    path, query = job.params["path"], job.params["query"]
    request = RequestFactory().get(f"{path}?{query}")
    request.user = job.owner
    match = resolve(path)

    def report(done, total):
        reporter.update(done, total, label=_("Baris ditulis"))

    token = exports.export_progress.set(report)
    try:
        response = match.func(request, *match.args, **match.kwargs)
    finally:
        exports.export_progress.reset(token)
    if response.status_code != 200 or not getattr(response, "streaming", False):
        if response.status_code in (401, 403, 404):
            raise PermissionDenied(_("Daftar ini tidak (lagi) dapat Anda ekspor."))
        raise ValueError(_("Ekspor gagal (HTTP %(status)s).") % {"status": response.status_code})
    token = exports.export_progress.set(report)
    try:
        return response_outcome(response, extension=job.params["format"])
    finally:
        exports.export_progress.reset(token)


def response_outcome(response, *, extension: str) -> Outcome:
    """Write a file response (streamed or not) to a temporary file, as a job's downloadable result."""
    target = Path(tempfile.mkstemp(suffix=f".{extension}")[1])
    try:
        with target.open("wb") as handle:
            for chunk in response.streaming_content if response.streaming else [response.content]:
                handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
    finally:
        # Not response.close(): it sends request_finished, whose close_old_connections would close
        # a database connection left inside a transaction (a job run by the immediate backend).
        stream = getattr(response, "file_to_stream", None)
        if stream is not None:
            stream.close()
    disposition = response.get("Content-Disposition", "")
    filename = disposition.split('filename="')[-1].rstrip('"') if 'filename="' in disposition else f"hasil.{extension}"
    return Outcome(
        message=_("Berkas siap diunduh."),
        file=target,
        download_name=filename,
        content_type=response["Content-Type"],
    )
