"""Test settings: the base settings with a fast password hasher and quieter logs."""

from wenming.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only: speed
LOGGING["root"]["level"] = "WARNING"  # type: ignore[index]  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # run where enqueued
# Every test client loads the middleware anew: without autorefresh, WhiteNoise would list every static
# file through the finders each time (about 50 ms per client). Files are looked up when asked for.
WHITENOISE_AUTOREFRESH = True
