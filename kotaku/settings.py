"""Settings for the KOTAKU tracker.

One module for every environment: differences are environment variables (read from the process
environment or a `.env` file beside manage.py), never a production-only settings file. The secret
key has no production default; DEBUG is off unless asked for.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "sites",
    "interventions",
    "collaboration",
    "jobs",
    "imports",
    "kotaku",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.QueryLengthMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.response_cache.DataGenerationMiddleware",
    "core.security.RefusedAccessLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kotaku.urls"
WSGI_APPLICATION = "kotaku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kotaku.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue instead of
    # failing with "database is locked" when one upgrades a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://kotaku")}
# API lists and details are served from the cache for at most this long, and emptied by every write
# (core/response_cache.py). Every process must share the cache, so it is off with the per-process one.
_per_process_cache = CACHES["default"]["BACKEND"].endswith((".LocMemCache", ".DummyCache"))
API_RESPONSE_CACHE_SECONDS = env.int("API_RESPONSE_CACHE_SECONDS", default=0 if _per_process_cache else 300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_HOURS", default=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "core.security.axes_username"
AXES_RESET_ON_SUCCESS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Source strings are Indonesian, the product's first language; English comes from locale/en.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS += [
    (f"vendor/{name}", NODE_MODULES / name / sub)
    for name, sub in [
        ("bootstrap", "dist"),
        ("chart.js", "dist"),
        ("htmx.org", "dist"),
        ("leaflet", "dist"),
    ]
    if (NODE_MODULES / name / sub).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"
# Files no URL maps to (photos, waiting imports, job results and progress); MEDIA_ROOT/private by
# default. Web servers and workers must share it (docs/deployment.md).
PRIVATE_MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", default="") or None
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
UPLOAD_IMAGE_MAX_BYTES = env.int("UPLOAD_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
IMPORTS_MAX_UPLOAD_BYTES = env.int("IMPORTS_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)

# Background jobs (imports, exports, reports, backups): Django's Tasks framework (the django-tasks
# backport; ``django.tasks`` from Django 6) with the database queue of django-tasks-db, drained by
# ``manage.py db_worker`` (docs/deployment.md).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
JOBS_RETENTION_HOURS = env.float("JOBS_RETENTION_HOURS", default=72)
JOBS_HEARTBEAT_SECONDS = env.float("JOBS_HEARTBEAT_SECONDS", default=2)
JOBS_STALE_SECONDS = env.float("JOBS_STALE_SECONDS", default=30)

# Security: safe defaults whenever DEBUG is off, each overridable for a TLS-terminating proxy.
SECURE = not DEBUG
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=SECURE)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=SECURE)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=SECURE)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")
# Where the dashboard map opens when no boundary is recorded (Tanjungpinang), and its zoom.
MAP_DEFAULT_CENTER = (env.float("MAP_DEFAULT_LAT", default=0.918), env.float("MAP_DEFAULT_LNG", default=104.45))
MAP_DEFAULT_ZOOM = env.int("MAP_DEFAULT_ZOOM", default=12)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + ([MAP_TILE_URL.split("/{")[0]] if MAP_TILE_URL else []),
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

DASHBOARD_REQUIRES_LOGIN = env.bool("DASHBOARD_REQUIRES_LOGIN", default=False)
# The city whose current decree the dashboards and reports open on (Kemendagri code of the kota).
DASHBOARD_CITY_CODE = env("DASHBOARD_CITY_CODE", default="21.72")

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes a missing or revoked credential answer 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.HashedTokenAuthentication",
        "core.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.ReadAuthenticatedWriteScoped"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "core.filters.StrictFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.AutoSchema",
    # Counted in the default cache: set CACHE_URL to Redis when more than one process serves.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.UserRateThrottle",
        "core.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_THROTTLE_USER", default="5000/hour"),
        "anon": env("API_THROTTLE_ANON", default="300/hour"),
    },
    # Whose address a visitor's rate counts against: X-Forwarded-For is trusted only for the
    # proxies in front of us (0 = ignore it, so a client cannot dodge the limit by sending one).
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=1 if env.bool("DJANGO_BEHIND_PROXY", default=False) else 0),
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "KOTAKU Tracker API",
    "DESCRIPTION": "Data program Kota Tanpa Kumuh: lokasi kumuh, penilaian, intervensi, kolaborasi.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.require_version_on_edits",
    ],
    # Tags and operation ids from the resource (`interventions_list`), not from the version prefix.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # One schema name per choice set, so fields called `kind`, `level` or `status` in different models
    # do not collide (drf-spectacular warns, and the schema test fails on any warning).
    "ENUM_NAME_OVERRIDES": {
        "DataQualityFlagKindEnum": "core.models.DataQualityFlag.Kind",
        "AreaLevelEnum": "sites.models.Area.Level",
        "SlumLevelEnum": "sites.models.SlumLevel",
        "ConsiderationLevelEnum": "sites.models.ConsiderationLevel",
        "LegalityEnum": "sites.models.Legality",
        "RegulationEnum": "sites.models.RuleSet.Regulation",
        "FundingSourceLevelEnum": "interventions.models.FundingSource.Level",
        "InterventionStatusEnum": "interventions.models.Intervention.Status",
        "DatePrecisionEnum": "collaboration.fuzzydate.Precision",
        "DataSharingKindEnum": "collaboration.models.DataSharing.Kind",
        "AgreementKindEnum": "collaboration.models.Agreement.Kind",
        "MilestoneStatusEnum": "collaboration.models.Milestone.Status",
        "OutcomeKindEnum": "collaboration.models.Outcome.Kind",
        "OutcomeStatusEnum": "collaboration.models.Outcome.Status",
        "StakeholderRoleEnum": "sites.models.Stakeholder.Role",
        "AccountRoleEnum": "kotaku.accounts.serializers.ROLE_CHOICES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "kotaku.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
