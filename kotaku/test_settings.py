"""Settings for the test suite: the real settings with DEBUG off, plus test-only speed-ups.

HTTPS-only behaviour is switched off because the test client and the browser tests' live server
speak plain HTTP; ``check --deploy`` in CI covers the production values.
"""

import os

os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("DJANGO_CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")

from kotaku.settings import *  # noqa: E402,F403
from kotaku.settings import BASE_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "artifacts" / "test-media"
STATIC_ROOT = BASE_DIR / "artifacts" / "test-static"
os.makedirs(STATIC_ROOT, exist_ok=True)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
# Off, so no test depends on another's cached response; tests/api/test_response_cache.py turns it on.
API_RESPONSE_CACHE_SECONDS = 0
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "100000/hour", "anon": "100000/hour"}}  # noqa: F405
AXES_ENABLED = True
