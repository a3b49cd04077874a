from django.db import DatabaseError, connection, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.access import DashboardAccessMixin
from kotaku import dashboards, reports
from sites import official_areas
from sites.models import Decree


class HomeView(TemplateView):
    template_name = "kotaku/home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "summary": dashboards.home_summary()}


class AboutView(TemplateView):
    """What the app is and the credits its data needs (the ODbL area list)."""

    template_name = "kotaku/about.html"
    extra_context = {"area_package": official_areas.PACKAGE, "area_version": official_areas.PACKAGE_VERSION}


@never_cache
@require_safe
@transaction.non_atomic_requests
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class CityDashboardView(DashboardAccessMixin, TemplateView):
    template_name = "kotaku/city_dashboard.html"

    def get_context_data(self, **kwargs):
        decrees = list(dashboards.decree_choices())
        try:
            decree = dashboards.pick_decree(decrees, self.request.GET.get("decree"))
        except Decree.DoesNotExist as exc:
            raise Http404 from exc
        data = dashboards.city_dashboard(decree=decree) if decree else {}
        return {**super().get_context_data(**kwargs), "decrees": decrees, "decree": decree, **data}


class LocationDashboardView(DashboardAccessMixin, TemplateView):
    template_name = "kotaku/location_dashboard.html"

    def get_context_data(self, **kwargs):
        location = get_object_or_404(dashboards.location_queryset(), pk=self.kwargs["pk"])
        return {**super().get_context_data(**kwargs), **dashboards.location_dashboard(location=location)}


class ReportIndexView(DashboardAccessMixin, TemplateView):
    """The paper's three tables rebuilt from the data, and the list of every report."""

    template_name = "kotaku/report_index.html"

    def get_context_data(self, **kwargs):
        scope = reports.scope_from(self.request.GET)
        return {
            **super().get_context_data(**kwargs),
            "scope": scope,
            "tables": [reports.build(slug, scope) for slug in reports.PAPER_TABLES],
            "catalogue": reports.REPORTS,
        }


class ReportDetailView(DashboardAccessMixin, TemplateView):
    template_name = "kotaku/report_detail.html"

    def get_context_data(self, **kwargs):
        scope = reports.scope_from(self.request.GET)
        return {
            **super().get_context_data(**kwargs),
            "scope": scope,
            "report": reports.build(self.kwargs["slug"], scope),
            "catalogue": reports.REPORTS,
        }


class ReportDownloadView(DashboardAccessMixin, View):
    """The report as a streamed CSV or an XLSX file, with the rows and totals of the page."""

    formats = {"csv": reports.csv_response, "xlsx": reports.xlsx_response}

    def get(self, request, slug, fmt):
        report = reports.build(slug, reports.scope_from(request.GET))
        return self.formats[fmt](report)
