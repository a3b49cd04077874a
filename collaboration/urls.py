from django.urls import path

from collaboration import views

app_name = "collaboration"

urlpatterns = [
    path("collaboration/", views.LocationCollaborationListView.as_view(), name="location-list"),
    path("collaboration/locations/<int:pk>/", views.LocationCollaborationDetailView.as_view(), name="location-detail"),
    path("collaboration/stakeholders/", views.StakeholderListView.as_view(), name="stakeholder-list"),
    path("collaboration/stakeholders/<int:pk>/", views.StakeholderDetailView.as_view(), name="stakeholder-detail"),
    path(
        "collaboration/stakeholders/<int:pk>/contacts/create/",
        views.ContactPersonCreateView.as_view(),
        name="contact-person-create",
    ),
    path(
        "collaboration/contacts/<int:pk>/update/", views.ContactPersonUpdateView.as_view(), name="contact-person-update"
    ),
    path("collaboration/meetings/create/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("collaboration/meetings/<int:pk>/update/", views.MeetingUpdateView.as_view(), name="meeting-update"),
    path("collaboration/data-sharing/create/", views.DataSharingCreateView.as_view(), name="data-sharing-create"),
    path(
        "collaboration/data-sharing/<int:pk>/update/", views.DataSharingUpdateView.as_view(), name="data-sharing-update"
    ),
    path("collaboration/agreements/create/", views.AgreementCreateView.as_view(), name="agreement-create"),
    path("collaboration/agreements/<int:pk>/update/", views.AgreementUpdateView.as_view(), name="agreement-update"),
    path(
        "collaboration/agreements/<int:pk>/milestones/create/",
        views.MilestoneCreateView.as_view(),
        name="milestone-create",
    ),
    path("collaboration/milestones/<int:pk>/update/", views.MilestoneUpdateView.as_view(), name="milestone-update"),
    path("collaboration/shared-goals/create/", views.SharedGoalCreateView.as_view(), name="shared-goal-create"),
    path(
        "collaboration/shared-goals/<int:pk>/update/", views.SharedGoalUpdateView.as_view(), name="shared-goal-update"
    ),
    path("collaboration/outcomes/create/", views.OutcomeCreateView.as_view(), name="outcome-create"),
    path("collaboration/outcomes/<int:pk>/update/", views.OutcomeUpdateView.as_view(), name="outcome-update"),
    path(
        "collaboration/stage-assessments/create/",
        views.StageAssessmentCreateView.as_view(),
        name="stage-assessment-create",
    ),
    path(
        "collaboration/stage-assessments/<int:pk>/update/",
        views.StageAssessmentUpdateView.as_view(),
        name="stage-assessment-update",
    ),
]
