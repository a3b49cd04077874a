from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from core.limits import QUERY_VALUE_MAX_LENGTH


class ChosenLanguageMiddleware:
    """Activate the language the user chose (the language cookie), else Bahasa Indonesia.

    Replaces Django's LocaleMiddleware on purpose: the browser's Accept-Language is ignored, so the
    interface is Indonesian by default even on an English-language browser, and English only when
    asked for with the language switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class QueryLengthMiddleware:
    """Answer 400 for a query-string value longer than ``QUERY_VALUE_MAX_LENGTH``, on every list,
    page and API endpoint alike, before any view builds a query from it: JSON field errors under
    ``/api/``, the 400 page elsewhere, in the user's language.

    ``cursor`` (the API's own opaque page token, which DRF checks) and ``next`` (the login
    redirect, checked by Django) are left alone.
    """

    EXEMPT = frozenset({"cursor", "next"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        too_long = sorted(
            name
            for name, values in request.GET.lists()
            if name not in self.EXEMPT
            and (len(name) > QUERY_VALUE_MAX_LENGTH or any(len(value) > QUERY_VALUE_MAX_LENGTH for value in values))
        )
        if too_long:
            message = query_too_long_message()
            if request.path.startswith("/api/"):
                return JsonResponse({name[:QUERY_VALUE_MAX_LENGTH]: [message] for name in too_long}, status=400)
            return render(request, "400.html", {"reason": message}, status=400)
        return self.get_response(request)


def query_too_long_message() -> str:
    return _("Nilai pencarian atau saringan terlalu panjang: paling banyak %(limit)s karakter.") % {
        "limit": QUERY_VALUE_MAX_LENGTH
    }


PASSWORD_CHANGE_DUE = "kotaku_password_change_due"  # noqa: S105 - a session key, not a secret


class PasswordChangeRequiredMiddleware:
    """An account whose password an official set (``core.OneTimePassword``) may do nothing but
    change it: pages redirect to the password form, the API answers 403. The flag is put in the
    session at sign-in (``core.security``), so no request pays a query for it."""

    ALLOWED_URL_NAMES = {"password_change", "password_change_done", "logout", "set_language", "healthz"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or not session.get(PASSWORD_CHANGE_DUE):
            return self.get_response(request)
        match = getattr(request, "resolver_match", None) or _resolve(request.path_info)
        if (match and match.url_name in self.ALLOWED_URL_NAMES) or request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        message = translation.gettext("Ganti dulu kata sandi sekali pakai Anda.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        messages.warning(request, message)
        return redirect("password_change")


def _resolve(path):
    try:
        return resolve(path)
    except Resolver404:
        return None
