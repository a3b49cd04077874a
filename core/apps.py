from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Inti")

    def ready(self):
        from core import api_messages, filters, security  # noqa: F401 - security connects the security-log receivers

        api_messages.install()
        filters.install()
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(security.update_last_login_without_history, dispatch_uid="update_last_login")
