"""API throttles: per signed-in user, per IP for visitors, counted in the default cache.

Kept out of ``core.api`` because DRF imports throttle classes while defining ``APIView``.
Production sets ``CACHE_URL=rediscache://...`` so every gunicorn worker and server shares the
counts; the in-process default counts per process only.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _LiveRatesMixin:
    """Read the rate from the current settings on every request.

    DRF's throttles copy ``DEFAULT_THROTTLE_RATES`` once at import, so a changed setting (an
    environment-specific value, ``override_settings`` in a test) would be ignored.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserRateThrottle(_LiveRatesMixin, throttling.UserRateThrottle):
    """Per signed-in user (per IP for visitors); counted in the default cache (Redis in production)."""


class AnonRateThrottle(_LiveRatesMixin, throttling.AnonRateThrottle):
    """Per IP for visitors; counted in the default cache."""
