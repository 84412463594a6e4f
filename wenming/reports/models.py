from django.db import models  # noqa: F401  (reports only reads other apps)
