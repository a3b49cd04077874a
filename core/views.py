"""Pages for officials to issue and revoke researchers' API tokens."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView

from core import selectors, services
from core.access import OfficialRequiredMixin
from core.forms import ApiTokenIssueForm


class ApiTokenListView(OfficialRequiredMixin, ListView):
    template_name = "core/apitoken_list.html"
    context_object_name = "tokens"
    paginate_by = 50

    def get_queryset(self):
        return selectors.api_token_list(user=self.request.user)


@method_decorator(never_cache, name="dispatch")
class ApiTokenCreateView(OfficialRequiredMixin, FormView):
    """Issues a token and shows its key on the answer page, once; it is stored only as a hash."""

    template_name = "core/apitoken_form.html"
    form_class = ApiTokenIssueForm

    def form_valid(self, form):
        token, key = services.api_token_issue(
            user=form.cleaned_data["user"], name=form.cleaned_data["name"], issued_by=self.request.user
        )
        return render(self.request, "core/apitoken_created.html", {"token": token, "key": key})


class ApiTokenRevokeView(OfficialRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(selectors.api_token_list(user=request.user), pk=pk)
        services.api_token_revoke(token=token, actor=request.user)
        messages.success(
            request, _("Token %(name)s (%(prefix)s…) dicabut.") % {"name": token.name, "prefix": token.prefix}
        )
        return redirect("core:apitoken-list")
