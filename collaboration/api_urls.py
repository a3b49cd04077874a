from rest_framework.routers import SimpleRouter

from collaboration import api

router = SimpleRouter()
router.register("stakeholders", api.StakeholderViewSet, basename="stakeholder")
router.register("meetings", api.MeetingViewSet, basename="meeting")
router.register("data-sharing", api.DataSharingViewSet, basename="data-sharing")
router.register("agreements", api.AgreementViewSet, basename="agreement")
router.register("milestones", api.MilestoneViewSet, basename="milestone")
router.register("shared-goals", api.SharedGoalViewSet, basename="shared-goal")
router.register("outcomes", api.OutcomeViewSet, basename="outcome")
router.register("stage-assessments", api.StageAssessmentViewSet, basename="stage-assessment")

urlpatterns = router.urls
