from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kotaku import api_views, views
from kotaku.accounts import views as account_views

api_v1 = [
    path("", include("sites.api_urls")),
    path("", include("interventions.api_urls")),
    path("", include("collaboration.api_urls")),
    path("", include("kotaku.api_urls")),
    path("", include("jobs.api_urls")),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("dashboard/", views.CityDashboardView.as_view(), name="city-dashboard"),
    path("dashboard/locations/<int:pk>/", views.LocationDashboardView.as_view(), name="location-dashboard"),
    path("reports/", views.ReportIndexView.as_view(), name="reports"),
    path("reports/<slug:slug>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<slug:slug>.csv", views.ReportDownloadView.as_view(), {"fmt": "csv"}, name="report-csv"),
    path("reports/<slug:slug>.xlsx", views.ReportDownloadView.as_view(), {"fmt": "xlsx"}, name="report-xlsx"),
    path("verifikasi/", views.VerificationQueueView.as_view(), name="verification-queue"),
    path("verifikasi/jumlah/", views.verification_count, name="verification-count"),
    path(
        "verifikasi/<slug:kind>/<int:pk>/<slug:action>/",
        views.VerificationActionView.as_view(),
        name="verification-action",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-change/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("sites.urls")),
    path("", include("interventions.urls")),
    path("", include("collaboration.urls")),
    path("", include("imports.urls")),
    path("", include("jobs.urls")),
    path("", include("kotaku.audit.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", api_views.CachedSchemaView.as_view(), name="api-schema"),
    path("api/docs/", api_views.ApiDocsView.as_view(), name="api-docs"),
    path("api/codebook/", api_views.CodebookView.as_view(), name="api-codebook-page"),
    path("", include("core.urls")),
]

handler404 = "kotaku.errors.page_not_found"
handler500 = "kotaku.errors.server_error"
