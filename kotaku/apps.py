from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KotakuConfig(AppConfig):
    name = "kotaku"
    verbose_name = _("Dasbor dan laporan")
