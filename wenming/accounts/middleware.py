"""Django's authentication middleware, handing the user read with the session to the backend."""

from typing import Any

from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from wenming.accounts.sessions import user_prefetched


def _user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        session = request.session
        session.get(SESSION_KEY)  # loads the session, and with it the prefetched user
        with user_prefetched(getattr(session, "prefetched_user", None)):
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class PrefetchingAuthenticationMiddleware(AuthenticationMiddleware):
    """`request.user` as Django sets it, looked up with the user entry the session store prefetched."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]
