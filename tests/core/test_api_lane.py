"""The API lane (core.api_lane): an API call gets the answer Django's middleware chain would give."""

import json
import logging

import pytest
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.test import Client, override_settings

from wenming.core import api_lane
from wenming.core.api_lane import LANE, ApiLaneMiddleware, LaneUnsupported, Stage, lane_stages
from wenming.regions.roles import Role

EXPECTED_STATUSES = [200, 200, 404, 404, 400, 400, 400, 400]
WITHOUT_LANE = [path for path in settings.MIDDLEWARE if path != LANE]
COMPARED_COOKIE_FIELDS = ("path", "samesite", "httponly", "secure", "max-age")


def test_the_projects_middleware_runs_in_the_lane_in_order():
    # then: every middleware an API call needs, in MIDDLEWARE's order; the page-only ones and WhiteNoise not
    assert [stage.name for stage in lane_stages(list(settings.MIDDLEWARE))] == [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "wenming.core.middleware.IdleSessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "wenming.core.middleware.RejectNulCharactersMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "wenming.accounts.middleware.PrefetchingAuthenticationMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "wenming.core.middleware.ApiHeadersMiddleware",
        "axes.middleware.AxesMiddleware",
    ]


class UnknownMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


def test_a_middleware_the_lane_does_not_know_switches_it_off(caplog):
    # then: never skipped silently: every request takes Django's chain
    with pytest.raises(LaneUnsupported, match="UnknownMiddleware"):
        lane_stages([LANE, "tests.core.test_api_lane.UnknownMiddleware"])
    with (
        override_settings(MIDDLEWARE=[LANE, "tests.core.test_api_lane.UnknownMiddleware"]),
        caplog.at_level(logging.WARNING, logger="wenming.core.api_lane"),
    ):
        lane = ApiLaneMiddleware(lambda request: HttpResponse("chain"))
    assert lane.stages is None
    assert "API lane off" in caplog.text


def test_atomic_requests_switch_the_lane_off():
    from unittest import mock

    with (
        mock.patch.dict(settings.DATABASES["default"], {"ATOMIC_REQUESTS": True}),
        pytest.raises(LaneUnsupported, match="ATOMIC_REQUESTS"),
    ):
        lane_stages(list(settings.MIDDLEWARE))


# -- Django's order, short-circuits and exceptions, on stages that record what runs ---------------


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def stage(self, name: str, *, answer_before: bool = False, fail_before: bool = False, fail_after: bool = False):
        def before(request):
            self.calls.append(f"{name}.before")
            if fail_before:
                raise RuntimeError(name)
            return HttpResponse(f"answered by {name}") if answer_before else None

        def after(request, response):
            self.calls.append(f"{name}.after")
            if fail_after:
                raise RuntimeError(name)
            response[f"X-{name}"] = "1"
            return response

        return Stage(name, before=before, after=after)


def run(rf, stages, view=None):
    from django.urls import ResolverMatch

    match = ResolverMatch(view or (lambda request: JsonResponse({"ok": True})), (), {}, url_name="probe")
    lane = ApiLaneMiddleware.__new__(ApiLaneMiddleware)
    return lane._run(rf.post("/api/v1/probe"), match, stages)


def test_the_hooks_run_in_django_order(rf):
    recorder = Recorder()
    response = run(rf, [recorder.stage("a"), recorder.stage("b")])
    assert recorder.calls == ["a.before", "b.before", "b.after", "a.after"]
    assert response.status_code == 200 and response["X-a"] == response["X-b"] == "1"


def test_a_request_hooks_answer_goes_back_through_its_own_and_outer_response_hooks(rf):
    recorder = Recorder()
    response = run(rf, [recorder.stage("a"), recorder.stage("b", answer_before=True), recorder.stage("c")])
    assert recorder.calls == ["a.before", "b.before", "b.after", "a.after"]
    assert response.content == b"answered by b"


def test_an_exception_becomes_djangos_answer_and_the_outer_hooks_still_run(rf, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    recorder = Recorder()
    response = run(rf, [recorder.stage("a"), recorder.stage("b", fail_before=True), recorder.stage("c")])
    assert recorder.calls == ["a.before", "b.before", "a.after"]
    assert response.status_code == 500

    recorder = Recorder()
    response = run(rf, [recorder.stage("a"), recorder.stage("b", fail_after=True)])
    assert recorder.calls == ["a.before", "b.before", "b.after", "a.after"]
    assert response.status_code == 500 and response["X-a"] == "1"

    def broken(request):
        raise RuntimeError("view")

    recorder = Recorder()
    response = run(rf, [recorder.stage("a")], view=broken)
    assert (response.status_code, recorder.calls) == (500, ["a.before", "a.after"])
    assert run(rf, [], view=lambda request: None).status_code == 500  # a view that answers nothing


# -- the same answers with and without the lane, on the real stack ---------------------------------


def answer(client, method, path, **extra):
    response = getattr(client, method)(path, **extra)
    own_session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    cookies = {  # each client has its own session: whether the cookie is that session's is compared
        name: (
            "this session" if own_session is not None and morsel.value == own_session.value else morsel.value,
            *(morsel[field] for field in COMPARED_COOKIE_FIELDS),
        )
        for name, morsel in response.cookies.items()
    }
    headers = {name: value for name, value in response.headers.items() if name != "Set-Cookie"}
    return response.status_code, response.content, headers, cookies


def both(county, role, requests, *, enforce_csrf=False, **client_options):
    """Each request's answer through the lane and through the chain alone, for the same user."""
    answers = []
    for middleware in (settings.MIDDLEWARE, WITHOUT_LANE):
        with override_settings(MIDDLEWARE=middleware):
            client = Client(enforce_csrf_checks=enforce_csrf, **client_options)
            if role is not None:
                client.force_login(county.users[role])
            answers.append([answer(client, *request[:2], **request[2]) for request in requests])
    return answers


@pytest.mark.django_db
def test_api_answers_are_the_same_through_the_lane(county):
    forged = json.dumps({"token": "forged", "idempotency_key": "k1"})
    requests = [
        ("get", "/api/v1/regions", {}),
        ("get", "/api/v1/activities", {"HTTP_ACCEPT_LANGUAGE": "en"}),
        ("get", "/api/v1/activities/999999999", {}),  # the API's own 404
        ("get", "/api/v1/no-such-thing", {}),  # not a URL: Django's 404, by the chain
        ("post", "/api/v1/attendances/check-in", {"data": forged, "content_type": "application/json"}),
        ("post", "/api/v1/attendances/check-in", {"data": "{", "content_type": "application/json"}),
        ("post", "/api/v1/attendances/check-in", {"data": '{"token": "x\\u0000"}', "content_type": "application/json"}),
        ("get", "/api/v1/regions?q=%00", {}),
    ]
    through_lane, through_chain = both(county, Role.VOLUNTEER, requests)
    for request, lane, chain in zip(requests, through_lane, through_chain, strict=True):
        assert lane == chain, request
    assert [status for status, *_ in through_lane] == EXPECTED_STATUSES


@pytest.mark.django_db
def test_refusals_before_the_view_are_the_same_through_the_lane(county):
    body = {"data": "{}", "content_type": "application/json"}
    # anonymous, and a logged-in call without its CSRF token
    anonymous = both(county, None, [("post", "/api/v1/activities/1/signups", body)])
    assert anonymous[0] == anonymous[1] and anonymous[0][0][0] == 401
    no_token = both(county, Role.VOLUNTEER, [("post", "/api/v1/activities/1/signups", body)], enforce_csrf=True)
    assert no_token[0] == no_token[1] and no_token[0][0][0] == 403


@pytest.mark.django_db
def test_the_lane_keeps_the_resolution_per_path(county):
    api_lane._resolved.cache_clear()
    client = Client()
    client.force_login(county.users[Role.VOLUNTEER])
    for _ in range(3):
        assert client.get("/api/v1/regions").status_code == 200
    info = api_lane._resolved.cache_info()
    assert (info.misses, info.hits) == (1, 2)
