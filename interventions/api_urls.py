from rest_framework.routers import SimpleRouter

from interventions import api

router = SimpleRouter()
router.register("interventions", api.InterventionViewSet, basename="interventions")
router.register("funding-sources", api.FundingSourceViewSet, basename="funding-sources")
router.register("intervention-kinds", api.InterventionKindViewSet, basename="intervention-kinds")
router.register("progress-updates", api.ProgressUpdateViewSet, basename="progress-updates")

urlpatterns = router.urls
