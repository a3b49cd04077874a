from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The apps whose rows the API shows: a write to any of their models empties the API response cache.
PROJECT_APPS = ("core", "sites", "interventions", "collaboration", "imports", "kotaku")


class KotakuConfig(AppConfig):
    name = "kotaku"
    verbose_name = _("Dasbor dan laporan")

    def ready(self):
        from core import response_cache
        from kotaku import jobs  # noqa: F401 - registers the report and backup job handlers
        from sites import scoping

        response_cache.connect(app_labels=PROJECT_APPS, audience=[scoping.editable_paths])
