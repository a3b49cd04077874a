from django.urls import path

from interventions import views

app_name = "interventions"

urlpatterns = [
    path("interventions/", views.InterventionListView.as_view(), name="intervention-list"),
    path("interventions/create/", views.InterventionCreateView.as_view(), name="intervention-create"),
    path("interventions/area-options/", views.InterventionAreaOptionsView.as_view(), name="intervention-area-options"),
    path("interventions/<int:pk>/", views.InterventionDetailView.as_view(), name="intervention-detail"),
    path("interventions/<int:pk>/update/", views.InterventionUpdateView.as_view(), name="intervention-update"),
    path("interventions/<int:pk>/delete/", views.InterventionDeleteView.as_view(), name="intervention-delete"),
    path(
        "interventions/<int:pk>/progress-updates/create/",
        views.ProgressUpdateCreateView.as_view(),
        name="progress-update-create",
    ),
    path("progress-updates/<int:pk>/photo/", views.ProgressUpdatePhotoView.as_view(), name="progress-update-photo"),
    path("funding-sources/", views.FundingSourceListView.as_view(), name="funding-source-list"),
    path("funding-sources/create/", views.FundingSourceCreateView.as_view(), name="funding-source-create"),
    path("funding-sources/<int:pk>/update/", views.FundingSourceUpdateView.as_view(), name="funding-source-update"),
    path("intervention-kinds/", views.InterventionKindListView.as_view(), name="intervention-kind-list"),
    path("intervention-kinds/create/", views.InterventionKindCreateView.as_view(), name="intervention-kind-create"),
    path(
        "intervention-kinds/<int:pk>/update/",
        views.InterventionKindUpdateView.as_view(),
        name="intervention-kind-update",
    ),
]
