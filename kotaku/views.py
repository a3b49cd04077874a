from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core import roles, verification
from core.access import DashboardAccessMixin, OfficialRequiredMixin, WriterRequiredMixin
from core.concurrency import Conflict
from jobs.models import Job
from jobs.services import job_start
from kotaku import dashboards, reports
from kotaku import verification as kotaku_verification
from kotaku.forms import VerificationActionForm
from sites import official_areas
from sites.models import Decree, SlumLocation


class HomeView(TemplateView):
    template_name = "kotaku/home.html"

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), "summary": dashboards.home_summary()}
        user = self.request.user
        if roles.is_coordinator(user) and not roles.is_official(user):
            context["my_items"] = kotaku_verification.review_queue(
                user=user, states=kotaku_verification.COORDINATOR_STATES, scope_user=user
            )
        return context


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


class CountingMixin:
    """Figures count verified records; officials and coordinators may switch a page to include
    submitted ones (``?include=submitted``), and the page then says so in a banner, with counts."""

    def include_submitted(self) -> bool:
        return self.request.GET.get("include") == "submitted" and roles.can_write(self.request.user)

    def get(self, request, *args, **kwargs):
        with verification.including_submitted(self.include_submitted()):
            response = super().get(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def counting_context(self, locations) -> dict:
        params = self.request.GET.copy()
        include = self.include_submitted()
        if include:
            params.pop("include", None)
        else:
            params["include"] = "submitted"
        return {
            "counting": {
                "include_submitted": include,
                "can_switch": roles.can_write(self.request.user),
                "switch_query": params.urlencode(),
                "pending": kotaku_verification.pending_counts(locations),
            }
        }


@require_safe
@cache_control(public=True, max_age=86400)
@transaction.non_atomic_requests
def favicon(request):
    """``/favicon.ico``: browsers ask for it on every site whatever the page links (the pages link
    ``favicon.svg``); without it every visit logs a failed request."""
    return FileResponse(open(finders.find("favicon.ico"), "rb"), content_type="image/x-icon")


class CityDashboardView(CountingMixin, DashboardAccessMixin, TemplateView):
    template_name = "kotaku/city_dashboard.html"

    def get_context_data(self, **kwargs):
        decrees = list(dashboards.decree_choices())
        try:
            decree = dashboards.pick_decree(decrees, self.request.GET.get("decree"))
        except Decree.DoesNotExist as exc:
            raise Http404 from exc
        data = dashboards.city_dashboard(decree=decree) if decree else {}
        counting = self.counting_context(SlumLocation.objects.filter(decree=decree)) if decree else {}
        return {**super().get_context_data(**kwargs), "decrees": decrees, "decree": decree, **data, **counting}


class LocationDashboardView(CountingMixin, DashboardAccessMixin, TemplateView):
    template_name = "kotaku/location_dashboard.html"

    def get_context_data(self, **kwargs):
        location = get_object_or_404(dashboards.location_queryset(), pk=self.kwargs["pk"])
        return {
            **super().get_context_data(**kwargs),
            **dashboards.location_dashboard(location=location, params=self.request.GET),
            **self.counting_context(SlumLocation.objects.filter(pk=location.pk)),
        }


class ReportIndexView(CountingMixin, DashboardAccessMixin, TemplateView):
    """The paper's three tables rebuilt from the data, and the list of every report."""

    template_name = "kotaku/report_index.html"

    def get_context_data(self, **kwargs):
        scope = reports.scope_from(self.request.GET)
        return {
            **super().get_context_data(**kwargs),
            "scope": scope,
            "tables": [reports.build(slug, scope) for slug in reports.PAPER_TABLES],
            "catalogue": reports.REPORTS,
            **self.counting_context(reports.scope_locations(scope)),
        }


class ReportDetailView(CountingMixin, DashboardAccessMixin, TemplateView):
    template_name = "kotaku/report_detail.html"

    def get_context_data(self, **kwargs):
        scope = reports.scope_from(self.request.GET)
        report = reports.build(self.kwargs["slug"], scope, sort=self.request.GET.get("sort"))
        return {
            **super().get_context_data(**kwargs),
            "scope": scope,
            "report": report,
            "headers": reports.sort_headers(report, scope) if report.sortable else None,
            "catalogue": reports.REPORTS,
            **self.counting_context(reports.scope_locations(scope)),
        }


class ReportDownloadView(CountingMixin, DashboardAccessMixin, View):
    """The report as a streamed CSV or an XLSX file, with the rows and totals of the page."""

    formats = {"csv": reports.csv_response, "xlsx": reports.xlsx_response}

    def get(self, request, slug, fmt):
        report = reports.build(slug, reports.scope_from(request.GET), sort=request.GET.get("sort"))
        if request.GET.get("async") == "1" and request.user.is_authenticated:
            query = request.GET.copy()
            query.pop("async")
            job = job_start(
                owner=request.user,
                kind=Job.Kind.REPORT,
                title=_("Laporan %(title)s (%(format)s)") % {"title": report.title, "format": fmt.upper()},
                params={"slug": slug, "format": fmt, "query": query.urlencode()},
            )
            return redirect(job)
        return self.formats[fmt](report)


# --- verification ---------------------------------------------------------------------------------


class VerificationQueueView(OfficialRequiredMixin, View):
    """``/verifikasi/``: what waits for verification, grouped by kelurahan and kind, oldest first;
    verify or return one item or a selection, after a confirmation step."""

    template_name = "kotaku/verification_queue.html"
    confirm_template_name = "kotaku/verification_confirm.html"

    def get(self, request):
        groups = kotaku_verification.review_queue(user=request.user)
        return render(request, self.template_name, {"groups": groups, "form": VerificationActionForm()})

    def post(self, request):
        form = VerificationActionForm(request.POST)
        tokens = request.POST.getlist("items")
        if not form.is_valid() or not tokens:
            if not tokens:
                form.add_error(None, _("Pilih setidaknya satu data."))
            groups = kotaku_verification.review_queue(user=request.user)
            return render(request, self.template_name, {"groups": groups, "form": form}, status=400)
        action, note = form.cleaned_data["action"], form.cleaned_data["note"]
        if not form.cleaned_data["confirm"]:
            items = kotaku_verification.resolve(user=request.user, action=action, tokens=tokens)
            context = {"form": form, "items": items, "tokens": tokens, "action": action, "note": note}
            return render(request, self.confirm_template_name, context)
        try:
            done = kotaku_verification.verification_apply(user=request.user, action=action, tokens=tokens, note=note)
        except (ValidationError, Conflict) as exc:
            messages.error(request, " ".join(_error_messages(exc)))
            return redirect("verification-queue")
        messages.success(
            request,
            _("%(count)s data %(action)s.") % {"count": done, "action": verification.action_label(action)},
        )
        return redirect("verification-queue")


class VerificationActionView(WriterRequiredMixin, View):
    """One transition from a record's own page: ``POST /verifikasi/<kind>/<pk>/<action>/`` with
    ``version`` and ``note``; back to ``next`` (a local URL) with a message."""

    def post(self, request, kind, pk, action):
        if action not in verification.ACTIONS or kind not in kotaku_verification.BY_KEY:
            raise Http404
        version = request.POST.get("version", "")
        token = f"{kind}:{pk}:{version if version.isdigit() else 'x'}"
        note = request.POST.get("note", "")[:2000]
        try:
            kotaku_verification.verification_apply(user=request.user, action=action, tokens=[token], note=note)
        except (ValidationError, Conflict) as exc:
            messages.error(request, " ".join(_error_messages(exc)))
        else:
            messages.success(request, _("Data %(action)s.") % {"action": verification.action_label(action)})
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("home")
        return redirect(target)


@require_safe
@login_required
def verification_count(request):
    """The navbar's pending count for officials, fetched by static JS so pages stay flat."""
    if not roles.is_official(request.user):
        raise PermissionDenied
    return JsonResponse({"pending": kotaku_verification.pending_total()})


def _error_messages(exc) -> list[str]:
    if isinstance(exc, Conflict):
        return [str(exc.message)]
    return [str(message) for message in exc.messages]
