"""Test settings: the base settings with a fast password hasher and no lockout noise."""

from wenming.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only: speed
AXES_ENABLED = True
LOGGING["root"]["level"] = "WARNING"  # type: ignore[index]  # noqa: F405
