"""Gunicorn's settings for Wenming, read from the working directory: `gunicorn wenming.config.wsgi:application`.

Command-line options (--workers, --bind, ...) override these. See ADR 0006 for the measurements.
"""

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Once the application is loaded in a worker: what it loaded (Django, the URL patterns, the
    models, the translations) lives as long as the worker, so the cycle collector stops scanning it
    on every full collection. Objects made while answering requests are collected as before."""
    gc.collect()
    gc.freeze()
