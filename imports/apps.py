from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Impor spreadsheet")

    def ready(self):
        from imports import jobs  # noqa: F401 - registers the import job handler
