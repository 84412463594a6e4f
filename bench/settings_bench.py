"""Settings of the HTTP load benchmark (bench/http_load.py): production-like, but a fast password hasher.

The base settings read everything else from the environment (DATABASE_URL above all). The MD5
hasher only speeds up logging in the bench's throwaway users; it is never used outside bench/.
"""

from wenming.config.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # bench users only: speed
LOGGING["root"]["level"] = "WARNING"  # type: ignore[index]  # noqa: F405
LOGGING["loggers"]["django"]["level"] = "WARNING"  # type: ignore[index]  # noqa: F405
ROOT_URLCONF = "bench.urls"  # the platform's URLs and an authenticated no-op (the ceiling of a write)
