"""The bench server's URLs: the platform's, plus a session-authenticated no-op POST.

The no-op shows the ceiling of any authenticated write on this stack (session, user, CSRF,
django-ninja, JSON in and out, nothing else): sign-up and check-in can be no faster than it. It is
under /api/ like them, so it takes the same middleware path (wenming.core.middleware.api_call).
"""

from typing import Any

from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

from wenming.config.urls import urlpatterns as platform_urlpatterns

bench_api = NinjaAPI(urls_namespace="bench", auth=django_auth, docs_url=None, openapi_url=None)


@bench_api.post("/noop")
def noop_api(request: HttpRequest) -> dict[str, Any]:
    return {"ok": True}


urlpatterns = [path("api/bench/", bench_api.urls), *platform_urlpatterns]
