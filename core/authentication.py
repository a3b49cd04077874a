from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from core.models import ApiToken


class HashedTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>`` where only the key's SHA-256 hash is stored."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = ApiToken.objects.active().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Token tidak sah atau sudah dicabut."))
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
