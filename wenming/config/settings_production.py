"""Production settings: the base settings, with every secret required and HTTPS enforced.

Required environment: SECRET_KEY, WENMING_FIELD_KEY, WENMING_HASH_KEY, ALLOWED_HOSTS, DATABASE_URL.
Checked by `DJANGO_SETTINGS_MODULE=wenming.config.settings_production wenming check --deploy`.
"""

from django.core.exceptions import ImproperlyConfigured

from wenming.config.settings import *  # noqa: F403
from wenming.config.settings import _tune_database, env

MINIMUM_KEY_LENGTH = 32

DEBUG = False

# No defaults here: a production process that lacks one of these must not start.
SECRET_KEY = env.str("SECRET_KEY")
WENMING_FIELD_KEY = env.str("WENMING_FIELD_KEY")
WENMING_HASH_KEY = env.str("WENMING_HASH_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": _tune_database(env.db_url("DATABASE_URL"))}

for _name, _value in (("WENMING_FIELD_KEY", WENMING_FIELD_KEY), ("WENMING_HASH_KEY", WENMING_HASH_KEY)):
    if len(_value) < MINIMUM_KEY_LENGTH:
        raise ImproperlyConfigured(f"{_name} must be at least {MINIMUM_KEY_LENGTH} characters long.")
    if _value == SECRET_KEY:
        raise ImproperlyConfigured(f"{_name} must differ from SECRET_KEY.")
if WENMING_FIELD_KEY == WENMING_HASH_KEY:
    raise ImproperlyConfigured("WENMING_FIELD_KEY and WENMING_HASH_KEY must differ.")

# HTTPS everywhere; behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_ENABLED=1.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if env.bool("SECURE_PROXY_SSL_HEADER_ENABLED", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

# Static files come from `wenming collectstatic`, with hashed names; no finders at run time.
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
