"""Security log: sign-ins, failed sign-ins and refused requests go to the ``kotaku.security`` logger."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from core.middleware import PASSWORD_CHANGE_DUE
from core.models import OneTimePassword

logger = logging.getLogger("kotaku.security")

# Longer than any username (150 characters): a typed "username" is shortened to this in the log.
TYPED_NAME_MAX = 160
# ``axes.models.AccessBase.username`` is a ``CharField(max_length=255)``.
AXES_USERNAME_MAX = 255


def typed_name(value) -> str:
    """A username as typed into the sign-in form, safe to log: a megabyte of text or a line break
    (which could forge a log line) must not reach the log as it is."""
    text = str(value)
    shown = "".join(char if char.isprintable() else "?" for char in text[:TYPED_NAME_MAX])
    return shown + ("…" if len(text) > TYPED_NAME_MAX else "")


def client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "-") if request is not None else "-"


def axes_username(request, credentials) -> str | None:
    """The username django-axes records for a sign-in (``AXES_USERNAME_CALLABLE``): as typed, cut
    to what its column holds. A longer one names no account, and PostgreSQL would refuse the row
    (a server error instead of "wrong username or password")."""
    source = credentials or getattr(request, "data", request.POST)
    name = source.get("username")
    return name[:AXES_USERNAME_MAX] if isinstance(name, str) else name


def update_last_login_without_history(sender, user, **kwargs):
    """Django's ``update_last_login``, minus an account-history row for every sign-in (the security
    log has those); replaces it in ``CoreConfig.ready``."""
    user.last_login = timezone.now()
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving


@receiver(user_logged_in)
def flag_password_change_due(sender, request, user, **kwargs):
    """A one-time password must be changed first (``core.middleware.PasswordChangeRequiredMiddleware``)."""
    if request is not None and hasattr(request, "session") and OneTimePassword.objects.filter(user=user).exists():
        request.session[PASSWORD_CHANGE_DUE] = True


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    logger.info("login user=%s ip=%s", user.get_username(), client_ip(request))


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    logger.info("logout user=%s ip=%s", user.get_username() if user else "-", client_ip(request))


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Only the username is logged: never the password or other credential fields.
    logger.warning("login-failed user=%s ip=%s", typed_name(credentials.get("username", "-")), client_ip(request))


class RefusedAccessLogMiddleware:
    """Logs every request answered 401, 403 or 429 (refused access) with who asked for what."""

    REFUSED = {401, 403, 429}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in self.REFUSED:
            user = getattr(request, "user", None)
            name = user.get_username() if user is not None and user.is_authenticated else "-"
            logger.warning(
                "refused status=%s method=%s path=%s user=%s ip=%s",
                response.status_code,
                request.method,
                request.path,
                name,
                client_ip(request),
            )
        return response
