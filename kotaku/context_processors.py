from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import roles

# (url name, label, who sees it). Each app adds its entry here when its pages land.
NAV_ITEMS = [
    ("home", _("Beranda"), "all"),
    ("city-dashboard", _("Dasbor"), "all"),
    ("reports", _("Laporan"), "all"),
    ("sites:location-list", _("Lokasi kumuh"), "signed_in"),
    ("sites:rule-set-list", _("Aturan penilaian"), "signed_in"),
    ("interventions:intervention-list", _("Intervensi"), "signed_in"),
    ("collaboration:location-list", _("Kolaborasi"), "all"),
    ("imports:importrun-list", _("Impor"), "writers"),
    ("jobs:job-list", _("Pekerjaan"), "signed_in"),
    ("sites:kelurahan-list", _("RW/RT"), "writers"),
    ("audit:entry-list", _("Riwayat perubahan"), "officials"),
    ("jobs:backup", _("Cadangan"), "officials"),
    ("api-docs", _("API"), "signed_in"),
]


def navigation(request):
    """Menu entries and permission flags for the base layout; templates never decide these."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    current = request.path
    items = []
    for name, label, audience in NAV_ITEMS:
        if audience == "signed_in" and not signed_in:
            continue
        if audience == "writers" and not roles.can_write(user):
            continue
        if audience == "officials" and not roles.is_official(user):
            continue
        url = reverse(name)
        active = current == url if url == "/" else current.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {
        "nav_items": items,
        "nav_can_write": bool(signed_in and roles.can_write(user)),
        "nav_is_official": bool(signed_in and roles.is_official(user)),
        "nav_verification_active": current.startswith(reverse("verification-queue")),
        "nav_role_label": roles.role_label(user) if signed_in else "",
        "dashboard_requires_login": settings.DASHBOARD_REQUIRES_LOGIN,
    }
