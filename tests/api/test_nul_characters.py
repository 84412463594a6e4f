"""A NUL character anywhere in a query is bad input (400 with the error body), never a server error.

PostgreSQL refuses NUL in text, so these reached the database as 500s before (found by the fuzz test).
"""

import pytest

from tests.api.conftest import client_as
from wenming.regions.roles import Role

URLS = [
    ("/api/v1/volunteers?search=%00", "search"),
    ("/api/v1/volunteers?region_code=23%00", "region_code"),
    ("/api/v1/regions?parent_code=%00", "parent_code"),
    ("/api/v1/regions/%00", "path"),
    ("/api/v1/sites?region_code=%00", "region_code"),
    ("/api/v1/teams?category=%00", "category"),
]


@pytest.mark.parametrize(("url", "field"), URLS)
def test_nul_in_api_query_is_refused_with_the_error_body(api_county, url, field):
    response = client_as(api_county.users[Role.TOWNSHIP_ADMIN]).get(url)
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": "请求中含有不允许的空字符（NUL）。", "field": field}


def test_nul_in_api_query_is_refused_in_english(api_county):
    browser = client_as(api_county.users[Role.TOWNSHIP_ADMIN], HTTP_ACCEPT_LANGUAGE="en")
    response = browser.get("/api/v1/volunteers?search=%00")
    assert response.json()["message"] == "The request contains a forbidden NUL character."


def test_nul_in_page_query_is_a_bad_request(client, db):
    response = client.get("/accounts/login/?next=%00")
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_nul_in_a_json_body_is_refused_and_nothing_is_written(api_county):
    from wenming.accounts.models import AuditEvent

    volunteer_id = api_county.targets["volunteers"]["own"]
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(
        f"/api/v1/volunteers/{volunteer_id}/id-number",
        '{"reason": "核对\\u0000信息"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "body"
    assert AuditEvent.objects.count() == 0


def test_an_escaped_backslash_before_u0000_is_plain_text(api_county):
    volunteer_id = api_county.targets["volunteers"]["own"]
    response = client_as(api_county.users[Role.COUNTY_ADMIN]).post(
        f"/api/v1/volunteers/{volunteer_id}/id-number",
        '{"reason": "核对 \\\\u0000 字样"}',
        content_type="application/json",
    )
    assert response.status_code == 200
