"""Settings, read from the environment (see README: DATABASE_URL, SECRET_KEY, WENMING_*)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent  # the wenming package
PROJECT_DIR = Path(environ.Env().str("WENMING_HOME", default=str(Path.cwd())))
VAR_DIR = PROJECT_DIR / "var"

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="wenming-insecure-development-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Field encryption of ID-card numbers (AES-GCM) and keyed hashing for uniqueness (HMAC-SHA256).
# Both keys must be set in production; rotating the encryption key needs a re-encryption run.
WENMING_FIELD_KEY = env.str("WENMING_FIELD_KEY", default="")
WENMING_HASH_KEY = env.str("WENMING_HASH_KEY", default="")
WENMING_STAR_THRESHOLDS = env.list("WENMING_STAR_THRESHOLDS", cast=int, default=[100, 300, 600, 1000, 1500])
# Love points (爱心积分) earned per approved hour.
WENMING_POINTS_PER_HOUR = env.int("WENMING_POINTS_PER_HOUR", default=10)

# Activities: check-in QR codes, hours and their sanity caps (DESIGN.md §4).
WENMING_QR_TOKEN_SECONDS = env.int("WENMING_QR_TOKEN_SECONDS", default=180)  # a shown code stays valid this long
WENMING_QR_ROTATE_SECONDS = env.int("WENMING_QR_ROTATE_SECONDS", default=60)  # the organizer's page refreshes it
WENMING_CHECKIN_OPENS_MINUTES = env.int("WENMING_CHECKIN_OPENS_MINUTES", default=60)  # before the start
WENMING_ATTENDANCE_OPEN_CAP_HOURS = env.int("WENMING_ATTENDANCE_OPEN_CAP_HOURS", default=2)  # after the end
WENMING_HOURS_ROUNDING_MINUTES = env.int("WENMING_HOURS_ROUNDING_MINUTES", default=15)
WENMING_HOURS_ROUNDING_MODE = env.str("WENMING_HOURS_ROUNDING_MODE", default="down")  # down | nearest | up
WENMING_DAILY_HOURS_CAP = env.int("WENMING_DAILY_HOURS_CAP", default=12)
WENMING_REMINDER_HOURS_BEFORE = env.int("WENMING_REMINDER_HOURS_BEFORE", default=24)
WENMING_SERIES_MAX_OCCURRENCES = env.int("WENMING_SERIES_MAX_OCCURRENCES", default=200)
# Outbound notification channels (SMS, WeChat… gateways plug in here); the default writes to the log.
WENMING_NOTIFICATION_CHANNELS = env.list(
    "WENMING_NOTIFICATION_CHANNELS", default=["wenming.notifications.channels.LogChannel"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "wenming.core",
    "wenming.regions",
    "wenming.accounts",
    "wenming.sites",
    "wenming.organizations",
    "wenming.volunteers",
    "wenming.teams",
    "wenming.projects",
    "wenming.activities",
    "wenming.ledger",
    "wenming.orders",
    "wenming.trainings",
    "wenming.notifications",
    "wenming.certificates",
    "wenming.points",
    "wenming.imports",
    "wenming.reports",
    "wenming.demo",
]

MIDDLEWARE = [
    # An API call runs the hooks of the middleware below, in order, without the nested chain and with
    # its URL resolved once per path (wenming.core.api_lane, ADR 0006); pages take the chain.
    "wenming.core.api_lane.ApiLaneMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wenming.core.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wenming.core.middleware.RejectNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "wenming.accounts.middleware.PrefetchingAuthenticationMiddleware",
    # Every answer: never framed (X_FRAME_OPTIONS). Messages, the content-security policy and htmx:
    # for pages only; an API call's answer gets fixed headers instead (wenming.core.middleware,
    # ADR 0006).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wenming.core.middleware.ApiHeadersMiddleware",
    "wenming.core.middleware.PageMessageMiddleware",
    "wenming.core.middleware.PageCSPMiddleware",
    "wenming.core.middleware.PageHtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wenming.config.urls"
WSGI_APPLICATION = "wenming.config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'wenming.sqlite3'}"),
}


def _tune_database(db: dict) -> dict:
    """SQLite queues writers (IMMEDIATE, handed on by a file lock) and uses WAL; both keep connections open.

    A new SQLite connection costs about a millisecond (Django registers its SQL functions and the
    PRAGMAs run): more than the whole anonymous request, so it is kept like PostgreSQL's.
    """
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["ENGINE"] = "wenming.core.db.sqlite3"  # Django's, with writers queued by a file lock
        db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
        db.setdefault("OPTIONS", {})
        db["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
        db["OPTIONS"].setdefault("timeout", 30)
        db["OPTIONS"].setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;",
        )
        if db.get("NAME") and db["NAME"] != ":memory:":
            Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    elif "postgresql" in db["ENGINE"]:
        if db["ENGINE"] == "django.db.backends.postgresql":
            db["ENGINE"] = "wenming.core.db.postgresql"  # Django's, health-checking only idle connections
        db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
        db["CONN_HEALTH_CHECKS"] = True
    db.setdefault("TEST", {})
    return db


DATABASES["default"] = _tune_database(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "wenming.accounts.backends.CachedUserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# MLPS 2.0 level 2: lockout after repeated failures, idle session timeout.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # core.middleware.IdleSessionMiddleware refreshes it once a minute
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request when it is missing
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
# Uploaded files (policy documents, order photos) are served only through views that check access.
MEDIA_ROOT = Path(env.str("WENMING_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
WENMING_UPLOAD_MAX_BYTES = env.int("WENMING_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Background tasks (reminders, notifications, closing forgotten attendances): the embedded database
# queue by default, worked by `wenming db_worker`; REDIS_URL moves the cache to Redis.
TASKS = {"default": {"BACKEND": env.str("WENMING_TASK_BACKEND", default="django_tasks_db.DatabaseBackend")}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env.str("REDIS_URL", default=""):
    CACHES = {"default": {"BACKEND": "wenming.core.cache.PooledClientRedisCache", "LOCATION": env.str("REDIS_URL")}}
    # Sessions read from the shared cache, written through to the database. Never with a
    # per-process cache: a logout in one worker would not reach another's copy.
    SESSION_ENGINE = "wenming.accounts.sessions"  # cached_db, the user read in the same round trip
# The logged-in user and their role assignments, read from the shared cache instead of two queries
# per request (wenming.accounts.backends; off without Redis, where the cache is per process).
WENMING_USER_CACHE_SECONDS = env.int(
    "WENMING_USER_CACHE_SECONDS", default=300 if env.str("REDIS_URL", default="") else 0
)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "wenming.core.logging.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own default handler would print every line a second time, unmasked.
        "django": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO"), "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
