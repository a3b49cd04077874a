"""API authentication: hashed tokens and the browser's session, with every refusal in the user's
language (DRF's token-header and CSRF messages are English and not in its Indonesian catalogue)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions

from core.models import ApiToken

TOKEN_HEADER_EMPTY = _("Header Authorization tidak sah: tulis `Token <kunci>`, kuncinya tidak ada.")
TOKEN_HEADER_SPACES = _("Header Authorization tidak sah: kunci token tidak boleh memuat spasi.")
TOKEN_HEADER_CHARACTERS = _("Header Authorization tidak sah: kunci token memuat karakter yang tidak sah.")
TOKEN_INVALID = _("Token tidak sah atau sudah dicabut.")
CSRF_FAILED = _(
    "Pemeriksaan CSRF gagal: token CSRF tidak ada atau tidak cocok. Muat ulang halaman lalu coba lagi, "
    "atau pakai header `Authorization: Token <kunci>` dari skrip."
)


class HashedTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>`` where only the key's SHA-256 hash is stored."""

    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) == 1:
            raise exceptions.AuthenticationFailed(TOKEN_HEADER_EMPTY)
        if len(parts) > 2:
            raise exceptions.AuthenticationFailed(TOKEN_HEADER_SPACES)
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(TOKEN_HEADER_CHARACTERS) from None
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key):
        token = ApiToken.objects.active().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication; a failed CSRF check says so in the user's language instead of
    DRF's "CSRF Failed: CSRF token missing." (Django's reasons are English-only log texts)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(CSRF_FAILED) from None


class KotakuSessionScheme(SessionScheme):
    """Documents ``SessionAuthentication`` as drf-spectacular documents DRF's (cookie auth)."""

    target_class = "core.authentication.SessionAuthentication"
