"""The one place pages ask who may see or change them, and show a service's refusal on a form.

Every page of every app uses these mixins; none adds ``LoginRequiredMixin`` beside them:

- ``DashboardAccessMixin``: public and read-only, unless ``DASHBOARD_REQUIRES_LOGIN`` is set;
- ``WriterRequiredMixin``: officials and coordinators (``roles.can_write``);
- ``OfficialRequiredMixin``: officials only.

Visitors who are not signed in go to the login page; signed-in users without the role get 403.
Where inside their scope a coordinator may write is asked per object through the apps'
``<entity>_get_editable(user, pk)`` helpers (404 outside the scope).
"""

from django.conf import settings
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied, ValidationError

from core import roles


class DashboardAccessMixin(AccessMixin):
    """Dashboards and reports are public and read-only, unless DASHBOARD_REQUIRES_LOGIN is set."""

    def dispatch(self, request, *args, **kwargs):
        if settings.DASHBOARD_REQUIRES_LOGIN and not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class RoleRequiredMixin(AccessMixin):
    """Signed-in users whose role passes ``has_role``; visitors get the login page, others 403."""

    def has_role(self, user) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WriterRequiredMixin(RoleRequiredMixin):
    """Officials and coordinators; researchers get 403."""

    def has_role(self, user) -> bool:
        return roles.can_write(user)


class OfficialRequiredMixin(RoleRequiredMixin):
    """Officials only."""

    def has_role(self, user) -> bool:
        return roles.is_official(user)


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names, else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
