"""Error answers in the interface language: JSON under /api/ (scripts read JSON, always), the
site's pages elsewhere.

DRF answers its own errors as JSON; these handlers catch what never reached a view set: an address
under /api/ that no route matches (404) and a failure outside DRF (500). The 500 page is plain
HTML with no template inheritance, so rendering it cannot fail the way the request just did.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": _("Alamat API ini tidak ada. Lihat /api/docs/.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Terjadi kesalahan di server; tidak ada yang disimpan. Coba lagi nanti.")}, status=500
        )
    return defaults.server_error(request)
