"""The audit log for officials: every recorded change of every tracked model, and one record's history."""

from django.http import Http404
from django.views.generic import TemplateView

from core.access import OfficialRequiredMixin
from kotaku.audit import selectors
from kotaku.audit.forms import AuditFilterForm


class AuditLogView(OfficialRequiredMixin, TemplateView):
    template_name = "kotaku/audit_log.html"

    def get_context_data(self, **kwargs):
        form = AuditFilterForm(self.request.GET or None)
        form.is_valid()  # an invalid field is reported and left out; the others still filter
        filters = form.filters()
        page, entries = selectors.audit_page(filters=filters, page_number=self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "filter_form": form, "page": page, "entries": entries}


class ObjectHistoryView(OfficialRequiredMixin, TemplateView):
    template_name = "kotaku/audit_object.html"

    def get_context_data(self, **kwargs):
        history = selectors.object_history(
            key=self.kwargs["kind"], pk=self.kwargs["pk"], page_number=self.request.GET.get("page")
        )
        if history is None:
            raise Http404
        return {**super().get_context_data(**kwargs), **history}
