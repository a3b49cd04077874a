from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.ImportRunListView.as_view(), name="importrun-list"),
    path("imports/new/", views.ImportRunCreateView.as_view(), name="importrun-create"),
    path("imports/<int:pk>/", views.ImportRunDetailView.as_view(), name="importrun-detail"),
    path("imports/<int:pk>/commit/", views.ImportRunCommitView.as_view(), name="importrun-commit"),
    path("imports/templates/<slug:kind>/", views.TemplateDownloadView.as_view(), name="template-download"),
]
