from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Inti")

    def ready(self):
        from core import api_messages, filters, security  # noqa: F401 - security connects the security-log receivers

        api_messages.install()
        filters.install()
