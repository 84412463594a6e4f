"""Request hygiene shared by pages and the API, and the middleware only pages need."""

import re
import time
from collections.abc import Callable
from typing import Any

from csp.middleware import CSPMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxMiddleware

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
        return self.lane_before(request) or self.get_response(request)

    def lane_before(self, request: HttpRequest) -> HttpResponse | None:
        """The refusal of a request holding NUL, or None (also run by the API lane, core.api_lane)."""
        field = self._offending_field(request)
        if field is None:
            return None
        message = _("请求中含有不允许的空字符（NUL）。")
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "invalid", "message": message, "field": field}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _offending_field(request: HttpRequest) -> str | None:
        if NUL in request.path:
            return "path"
        if request.META.get("QUERY_STRING"):  # an empty one holds nothing: no need to parse it
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
        return self.lane_after(request, self.get_response(request))  # type: ignore[return-value]

    def lane_after(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """Mark the session seen (also run by the API lane, core.api_lane)."""
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.get("_auth_user_id"):
            now = int(time.time())
            if now - int(session.get("seen_at", 0)) >= self.refresh_seconds:
                session["seen_at"] = now  # marks the session modified: SessionMiddleware saves it
        return response


# -- the middleware only pages need ----------------------------------------------------------------
# An API call (a JSON operation of /api/... or /open311/...) needs the session, the user, CSRF, the
# locale and the request hygiene, but not the messages framework, htmx's request details or a
# content-security policy built for documents from the settings on every answer. Skipping them
# costs nothing in safety (its answers get fixed headers below) and spares every API call about a
# fifth of a millisecond (ADR 0006). Each is the library's middleware, run as before for pages.
API_PATH_PREFIXES = ("/api/", "/open311/")
# JSON is never a document: nothing in it may load or be framed.
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"


def api_call(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PATH_PREFIXES)


class PagesOnly:
    """Mixin for a middleware that pages need and API calls do not: those go straight on."""

    get_response: Callable[[HttpRequest], Any]

    def __call__(self, request: HttpRequest) -> Any:
        if api_call(request):
            return self.get_response(request)
        return super().__call__(request)  # type: ignore[misc]


class PageMessageMiddleware(PagesOnly, MessageMiddleware):
    """django.contrib.messages, for pages."""


class PageCSPMiddleware(PagesOnly, CSPMiddleware):
    """django-csp's policy with its per-request nonce, for pages (API answers: ApiHeadersMiddleware)."""


class PageHtmxMiddleware(PagesOnly, HtmxMiddleware):
    """django-htmx's request.htmx, for pages."""


class ApiHeadersMiddleware:
    """The headers of an API call's answer, in place of the page middleware it skips (Django's
    X-Frame-Options middleware runs for every answer, API or page): JSON gets a fixed policy that
    allows nothing, anything else an API path answers (the interactive docs page, an HTML error
    page) django-csp's page policy, without a nonce."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.page_policy = CSPMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.lane_after(request, self.get_response(request))

    def lane_after(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """The API answer's headers (also run by the API lane, core.api_lane)."""
        if not api_call(request):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            response.headers.setdefault("Content-Security-Policy", API_CONTENT_SECURITY_POLICY)
            return response
        return self.page_policy.process_response(request, response)
