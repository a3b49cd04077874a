from django.contrib.auth import views as auth_views

from core.middleware import PASSWORD_CHANGE_DUE
from kotaku.accounts import services


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, which also ends a one-time password."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        self.request.session.pop(PASSWORD_CHANGE_DUE, None)
        return response
