from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Pekerjaan latar belakang")

    def ready(self):
        from core import exports
        from jobs import exports as job_exports

        # core sits below jobs, so the API's ``?async=1`` exports reach the queue through this hook.
        exports.start_async_export = job_exports.export_job_start
