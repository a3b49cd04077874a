from django.urls import path
from rest_framework.routers import SimpleRouter

from kotaku import api_views, outcomes_api
from kotaku.accounts.api import AccountViewSet

router = SimpleRouter()
router.register("api-tokens", api_views.ApiTokenViewSet, basename="api-token")
router.register("users", AccountViewSet, basename="user")
router.register("data-quality-flags", api_views.DataQualityFlagViewSet, basename="data-quality-flag")

urlpatterns = [
    path("", api_views.ApiRootApi.as_view(), name="api-root"),
    path("me/", api_views.MeApi.as_view(), name="api-me"),
    path("codebook/", api_views.CodebookApi.as_view(), name="api-codebook"),
    path("indicator-changes/", outcomes_api.IndicatorChangeApi.as_view(), name="api-indicator-changes"),
    path("slum-reduction/", outcomes_api.SlumReductionApi.as_view(), name="api-slum-reduction"),
    *router.urls,
]
