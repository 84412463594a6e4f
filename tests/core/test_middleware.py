"""NUL characters never reach the database: the middleware tells NUL escapes in JSON from escaped backslashes."""

import pytest

from wenming.core.middleware import json_has_nul


@pytest.mark.parametrize(
    ("body", "has_nul"),
    [
        (rb'{"a": "x\u0000"}', True),
        (rb'{"a": "x\\u0000"}', False),
        (rb'{"a": "x\\\u0000"}', True),
        (rb'{"a": "x\U0000"}', True),
        (rb'{"a": "u0000"}', False),
    ],
)
def test_json_nul_escapes_are_told_from_escaped_backslashes(body, has_nul):
    assert json_has_nul(body) is has_nul


def test_idle_session_is_saved_at_most_once_a_minute(client, county, settings, django_assert_num_queries):
    from unittest import mock

    from django.contrib.sessions.models import Session

    from wenming.regions.roles import Role

    settings.SESSION_REFRESH_SECONDS = 60
    client.force_login(county.users[Role.VOLUNTEER])
    with mock.patch("wenming.core.middleware.time.time", return_value=1_000_000):
        client.get("/healthz")  # first request: marks the session seen, which saves it
    expiry = Session.objects.get().expire_date
    with mock.patch("wenming.core.middleware.time.time", return_value=1_000_030):
        client.get("/healthz")
    assert Session.objects.get().expire_date == expiry  # within the minute: no write
    with mock.patch("wenming.core.middleware.time.time", return_value=1_000_061):
        client.get("/healthz")
    assert Session.objects.get().expire_date > expiry  # a minute on: the idle timeout starts again


def test_anonymous_requests_write_no_session(client, db):
    from django.contrib.sessions.models import Session

    client.get("/healthz")
    assert Session.objects.count() == 0


def test_pages_get_the_settings_policy_and_frame_options(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_api_answers_skip_the_page_middleware_and_get_fixed_headers(client, county):
    from wenming.core.middleware import API_CONTENT_SECURITY_POLICY
    from wenming.regions.roles import Role

    for path in ("/api/v1/regions", "/open311/v2/services.json"):
        anonymous = client.get(path)
        assert anonymous["Content-Type"].startswith("application/json"), path
        assert anonymous["Content-Security-Policy"] == API_CONTENT_SECURITY_POLICY
        assert anonymous["X-Frame-Options"] == "DENY"
    client.force_login(county.users[Role.COUNTY_ADMIN])
    response = client.get("/api/v1/regions")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert not hasattr(response.wsgi_request, "htmx")  # the page middleware did not run
    assert not hasattr(response.wsgi_request, "_messages")


def test_html_under_an_api_path_gets_the_page_policy(client, db):
    response = client.get("/api/v1/no-such-operation")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
