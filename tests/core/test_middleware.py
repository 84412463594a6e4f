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
