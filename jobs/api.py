from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorSerializer
from jobs import selectors
from jobs.models import Job


class JobOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Nomor pekerjaan.")
    kind = serializers.CharField(help_text="import, export, report atau backup.")
    title = serializers.CharField()
    state = serializers.CharField(help_text="queued, running, done, failed atau cancelled.")
    message = serializers.CharField()
    done = serializers.IntegerField(help_text="Baris yang sudah dikerjakan pada langkah ini.")
    total = serializers.IntegerField(help_text="Jumlah baris langkah ini (0 bila belum diketahui).")
    percent = serializers.IntegerField(allow_null=True, help_text="Persen seluruh pekerjaan.")
    elapsed_seconds = serializers.IntegerField()
    eta_seconds = serializers.IntegerField(allow_null=True, help_text="Perkiraan detik tersisa.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    page_url = serializers.CharField(help_text="Halaman pekerjaan.")
    download_url = serializers.CharField(allow_null=True, help_text="Unduhan hasil, bila selesai dengan berkas.")


def _visible_job(request, pk) -> Job:
    try:
        return selectors.job_get(user=request.user, pk=pk)
    except Job.DoesNotExist:
        raise NotFound from None


class JobDetailApi(APIView):
    """A background job's state and progress; its owner and officials may read it."""

    @extend_schema(
        responses={
            200: JobOutputSerializer,
            401: OpenApiResponse(ErrorSerializer, description="Tidak masuk."),
            404: OpenApiResponse(ErrorSerializer, description="Tidak ada, atau bukan pekerjaan Anda."),
        }
    )
    def get(self, request, pk: int):
        job = _visible_job(request, pk)
        status = selectors.job_status(job)
        has_file = job.state == Job.State.DONE and bool(job.result_name)
        data = {
            "id": job.pk,
            "kind": job.kind,
            "title": job.title,
            "state": status.state,
            "message": status.message,
            "done": status.done,
            "total": status.total,
            "percent": status.percent,
            "elapsed_seconds": status.elapsed_seconds,
            "eta_seconds": status.eta_seconds,
            "created_at": job.created_at,
            "finished_at": job.finished_at,
            "page_url": request.build_absolute_uri(job.get_absolute_url()),
            "download_url": request.build_absolute_uri(reverse("job-download-api", args=[job.pk]))
            if has_file
            else None,
        }
        return Response(JobOutputSerializer(data).data)


class JobDownloadApi(APIView):
    """A finished job's file (an export, a report, a backup), for its owner and officials."""

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="Berkas hasil."),
            401: OpenApiResponse(ErrorSerializer, description="Tidak masuk."),
            404: OpenApiResponse(
                ErrorSerializer,
                description="Tidak ada, bukan pekerjaan Anda, belum selesai, atau berkasnya sudah dihapus.",
            ),
        }
    )
    def get(self, request, pk: int):
        job = _visible_job(request, pk)
        path = selectors.job_result_path(job)
        if path is None:
            raise NotFound
        return FileResponse(
            path.open("rb"), as_attachment=True, filename=job.download_name, content_type=job.content_type
        )
