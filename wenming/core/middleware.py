"""Request hygiene shared by pages and the API."""

import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"
JSON_ESCAPE_OF_U0000 = re.compile(rb"(\\+)u0000", re.IGNORECASE)


def json_has_nul(body: bytes) -> bool:
    """Whether a JSON text holds a NUL escape: an odd run of backslashes before u0000."""
    return any(len(match.group(1)) % 2 == 1 for match in JSON_ESCAPE_OF_U0000.finditer(body))


class RejectNulCharactersMiddleware:
    """A NUL character in the path, a query value or a JSON body is refused as bad input (400).

    PostgreSQL cannot store or compare text containing NUL, so without this a crafted query
    string would reach the database and fail there as a server error. Forms already refuse NUL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = self._offending_field(request)
        if field is None:
            return self.get_response(request)
        message = _("请求中含有不允许的空字符（NUL）。")
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "invalid", "message": message, "field": field}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _offending_field(request: HttpRequest) -> str | None:
        if NUL in request.path:
            return "path"
        for name, values in request.GET.lists():
            if NUL in name or any(NUL in value for value in values):
                return name.replace(NUL, "")
        # A JSON body spells NUL as an escape (a raw NUL byte is invalid JSON and refused by the parser).
        if request.content_type == "application/json" and json_has_nul(request.body):
            return "body"
        return None


class IdleSessionMiddleware:
    """The idle timeout (MLPS 2.0 level 2) without a session write on every request.

    A session expires SESSION_COOKIE_AGE after it was last saved; marking it seen at most once per
    SESSION_REFRESH_SECONDS keeps an active user logged in while sparing the database a write per
    request (a user idle for the whole age is logged out up to that many seconds earlier).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.refresh_seconds = int(getattr(settings, "SESSION_REFRESH_SECONDS", 60))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.get("_auth_user_id"):
            now = int(time.time())
            if now - int(session.get("seen_at", 0)) >= self.refresh_seconds:
                session["seen_at"] = now  # marks the session modified: SessionMiddleware saves it
        return response
