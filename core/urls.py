from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("api-tokens/", views.ApiTokenListView.as_view(), name="apitoken-list"),
    path("api-tokens/create/", views.ApiTokenCreateView.as_view(), name="apitoken-create"),
    path("api-tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="apitoken-revoke"),
]
