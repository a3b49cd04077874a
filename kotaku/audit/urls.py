from django.urls import path

from kotaku.audit import views

app_name = "audit"

urlpatterns = [
    path("audit-log/", views.AuditLogView.as_view(), name="entry-list"),
    path("audit-log/<str:kind>/<str:pk>/", views.ObjectHistoryView.as_view(), name="object-history"),
]
