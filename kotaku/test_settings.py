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
# Jobs run inline (at enqueue) unless a test switches to the database queue and runs a worker
# (tests/jobs/test_workers.py).
# A worker started by a test as a separate process is given TASKS_BACKEND (the database queue).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
if "IMPORTS_CHUNK_ROWS" in os.environ:
    IMPORTS_CHUNK_ROWS = int(os.environ["IMPORTS_CHUNK_ROWS"])
