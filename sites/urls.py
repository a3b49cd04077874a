from django.urls import path

from sites import views

app_name = "sites"

urlpatterns = [
    path("locations/", views.LocationListView.as_view(), name="location-list"),
    path("locations/<int:pk>/", views.LocationDetailView.as_view(), name="location-detail"),
    path(
        "locations/<int:pk>/area-records/create/",
        views.AreaRecordCreateView.as_view(),
        name="area-record-create",
    ),
    path(
        "locations/<int:pk>/assessments/create/",
        views.AssessmentCreateView.as_view(),
        name="assessment-create",
    ),
    path(
        "locations/<int:pk>/assessments/preview/",
        views.AssessmentPreviewView.as_view(),
        name="assessment-preview",
    ),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment-detail"),
    path("assessments/<int:pk>/update/", views.AssessmentUpdateView.as_view(), name="assessment-update"),
    path("areas/", views.KelurahanListView.as_view(), name="kelurahan-list"),
    path("areas/<int:pk>/rw-rt/", views.CommunityAreasView.as_view(), name="community-areas"),
    path("rule-sets/", views.RuleSetListView.as_view(), name="rule-set-list"),
]
