from django.urls import path
from rest_framework.routers import SimpleRouter

from kotaku import api_views
from kotaku.accounts.api import AccountViewSet

router = SimpleRouter()
router.register("api-tokens", api_views.ApiTokenViewSet, basename="api-token")
router.register("users", AccountViewSet, basename="user")
router.register("data-quality-flags", api_views.DataQualityFlagViewSet, basename="data-quality-flag")

urlpatterns = [
    path("me/", api_views.MeApi.as_view(), name="api-me"),
    path("codebook/", api_views.CodebookApi.as_view(), name="api-codebook"),
    *router.urls,
]
