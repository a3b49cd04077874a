from django.urls import path

from jobs import api

urlpatterns = [
    path("jobs/<int:pk>/", api.JobDetailApi.as_view(), name="job-detail-api"),
    path("jobs/<int:pk>/download/", api.JobDownloadApi.as_view(), name="job-download-api"),
]
