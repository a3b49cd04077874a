from rest_framework.routers import SimpleRouter

from sites import api

router = SimpleRouter()
router.register("areas", api.AreaViewSet, basename="area")
router.register("decrees", api.DecreeViewSet, basename="decree")
router.register("locations", api.SlumLocationViewSet, basename="location")
router.register("area-records", api.AreaRecordViewSet, basename="area-record")
router.register("aspects", api.AspectViewSet, basename="aspect")
router.register("rule-sets", api.RuleSetViewSet, basename="rule-set")
router.register("assessments", api.AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
