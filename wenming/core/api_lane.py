"""The API's lane: an API call runs the same middleware hooks, in the same order, without the chain.

Django hands a request down a chain of nested middleware, each wrapped to turn an exception into an
answer, then resolves the URL by trying the patterns in turn (the API has close to two hundred).
For a page that costs little next to its template; for a sign-up or a check-in it was a fifth of
the application's time (ADR 0006). This middleware, first in MIDDLEWARE, takes an API call (a path
under `core.middleware.API_PATH_PREFIXES` that resolves) and runs the rest of MIDDLEWARE itself, as
a flat list of stages: each middleware's request hook in order, the view hooks, the view, then the
response hooks in reverse order, with Django's short-circuits (a request hook's answer goes back
through that middleware's and the outer ones' response hooks) and its exception handling (an
exception becomes the answer Django gives, `response_for_exception`, and the outer response hooks
still run). The URL is resolved by Django's own resolver, and the result kept per path.

What it runs is read from MIDDLEWARE when the process starts, never a list of its own:
- a `MiddlewareMixin` middleware: its process_request, process_view and process_response;
- one of ours that declares `lane_before` and/or `lane_after` (the same code its __call__ runs);
- a page-only middleware (`PagesOnly`): nothing, as for every API call;
- WhiteNoise: nothing, since it only answers the static files' URLs, never an API path;
- django-axes: its lockout answer after the view, as its __call__ gives it.
Anything else (a middleware it does not know, process_exception or process_template_response,
ATOMIC_REQUESTS) switches the lane off for the process, with a warning: every request then takes
Django's chain, so a middleware added later is never skipped silently. Pages never take the lane.
"""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import Resolver404, ResolverMatch, get_resolver
from django.utils.deprecation import MiddlewareMixin
from django.utils.module_loading import import_string

from wenming.core.middleware import API_PATH_PREFIXES, PagesOnly, api_call

logger = logging.getLogger(__name__)
LANE = "wenming.core.api_lane.ApiLaneMiddleware"
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
AXES = "axes.middleware.AxesMiddleware"
RESOLVED_PATHS = 4096  # per process: path -> Django's ResolverMatch (or None: not a URL of the site)

Before = Callable[[HttpRequest], HttpResponseBase | None]
ViewHook = Callable[[HttpRequest, Callable[..., Any], tuple[Any, ...], dict[str, Any]], HttpResponseBase | None]
After = Callable[[HttpRequest, HttpResponseBase], HttpResponseBase]


@dataclass(frozen=True)
class Stage:
    """What one middleware does for an API call."""

    name: str
    before: Before | None = None
    view: ViewHook | None = None
    after: After | None = None


class LaneUnsupported(Exception):
    """MIDDLEWARE holds something the lane cannot run exactly as Django would."""


def _never_called(request: HttpRequest) -> HttpResponseBase:
    raise AssertionError("the API lane calls a middleware's hooks, never its get_response")


def _axes_after(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """django-axes' AxesMiddleware.__call__ after the view: the lockout answer, if the request was locked out."""
    from axes.helpers import get_lockout_response

    if getattr(settings, "AXES_ENABLED", True) and getattr(request, "axes_locked_out", None):
        return get_lockout_response(request, response, getattr(request, "axes_credentials", None))  # type: ignore[no-any-return]
    return response


def _stage(path: str) -> Stage | None:
    """The stage of the middleware at `path` (None: it does nothing for an API call)."""
    if path == WHITENOISE:
        if str(settings.STATIC_URL or "/").startswith(API_PATH_PREFIXES) or getattr(settings, "WHITENOISE_ROOT", None):
            raise LaneUnsupported("WhiteNoise may answer an API path")
        return None
    if path == AXES:
        return Stage(path, after=_axes_after)
    middleware = import_string(path)
    if isinstance(middleware, type) and issubclass(middleware, PagesOnly):
        return None
    for hook in ("process_exception", "process_template_response"):
        if hasattr(middleware, hook):
            raise LaneUnsupported(f"{path} has {hook}")
    if hasattr(middleware, "lane_before") or hasattr(middleware, "lane_after"):
        instance = middleware(_never_called)
        return Stage(path, before=getattr(instance, "lane_before", None), after=getattr(instance, "lane_after", None))
    if isinstance(middleware, type) and issubclass(middleware, MiddlewareMixin):
        if middleware.__call__ is not MiddlewareMixin.__call__:
            raise LaneUnsupported(f"{path} has its own __call__")
        instance = middleware(_never_called)
        return Stage(
            path,
            before=getattr(instance, "process_request", None),
            view=getattr(instance, "process_view", None),
            after=getattr(instance, "process_response", None),
        )
    raise LaneUnsupported(f"{path} is not a middleware the API lane knows")


def lane_stages(middleware: list[str]) -> list[Stage]:
    """The stages of the middleware after the lane's own entry, in MIDDLEWARE's order."""
    if any(database.get("ATOMIC_REQUESTS") for database in settings.DATABASES.values()):
        raise LaneUnsupported("ATOMIC_REQUESTS wraps views in a transaction")
    following = middleware[middleware.index(LANE) + 1 :] if LANE in middleware else middleware
    return [stage for path in following if (stage := _stage(path)) is not None]


@functools.lru_cache(maxsize=RESOLVED_PATHS)
def _resolved(urlconf: str, path: str) -> ResolverMatch | None:
    try:
        return get_resolver(urlconf).resolve(path)
    except Resolver404:
        return None


class ApiLaneMiddleware:
    """First in MIDDLEWARE: an API call through the lane (see the module), anything else down the chain."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        try:
            self.stages: list[Stage] | None = lane_stages(list(settings.MIDDLEWARE))
        except LaneUnsupported as reason:
            logger.warning("API lane off, every request takes Django's middleware chain: %s", reason)
            self.stages = None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.stages is None or not api_call(request):
            return self.get_response(request)
        match = _resolved(settings.ROOT_URLCONF, request.path_info)
        if match is None:  # not a URL of the site: Django's 404, by the chain
            return self.get_response(request)
        return self._run(request, match, self.stages)

    def _run(self, request: HttpRequest, match: ResolverMatch, stages: list[Stage]) -> HttpResponseBase:
        entered = len(stages)
        response: HttpResponseBase | None = None
        for index, stage in enumerate(stages):
            if stage.before is None:
                continue
            try:
                response = stage.before(request)
            except Exception as error:  # Django's chain answers it the same way
                response, entered = response_for_exception(request, error), index
                break
            if response is not None:  # the middleware answered: its own response hook runs too
                entered = index + 1
                break
        if response is None:
            response = self._view(request, match, stages)
        for stage in reversed(stages[:entered]):
            if stage.after is None:
                continue
            try:
                response = stage.after(request, response)
            except Exception as error:
                response = response_for_exception(request, error)
        return response

    @staticmethod
    def _view(request: HttpRequest, match: ResolverMatch, stages: list[Stage]) -> HttpResponseBase:
        """Django's BaseHandler._get_response, for a URL already resolved."""
        request.resolver_match = match
        try:
            for stage in stages:
                if stage.view is not None:
                    answer = stage.view(request, match.func, match.args, match.kwargs)
                    if answer is not None:
                        return answer
            response = match.func(request, *match.args, **match.kwargs)
            if response is None:
                raise ValueError(
                    f"The view {match._func_path} didn't return an HttpResponse object. It returned None instead."
                )
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        except Exception as error:
            return response_for_exception(request, error)
        return response  # type: ignore[no-any-return]
