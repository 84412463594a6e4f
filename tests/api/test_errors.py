"""One error body, {"code", "message", "field"}, in the request's language."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from tests.api.conftest import client_as
from wenming.config.api import domain_error_handler, not_found_handler, validation_error_handler
from wenming.core.errors import PermissionDeniedError
from wenming.regions.roles import Role


def test_not_found_in_english_when_asked_in_english(api_county):
    client = client_as(api_county.users[Role.STATION_ADMIN], HTTP_ACCEPT_LANGUAGE="en")
    response = client.get(f"/api/v1/volunteers/{api_county.targets['volunteers']['sibling']}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "The volunteer does not exist.", "field": "id"}


def test_anonymous_in_english(client, db):
    response = client.get("/api/v1/regions", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"code": "not_authenticated", "message": "Please log in first.", "field": None}


def test_django_validation_error_names_the_first_field_and_lists_all(rf: RequestFactory):
    error = ValidationError({"phone": ["手机号格式不正确。"], "name": ["请填写姓名。"]})
    response = validation_error_handler(rf.get("/api/v1/volunteers"), error)
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "code": "invalid",
        "message": "手机号格式不正确。",
        "field": "phone",
        "errors": {"phone": ["手机号格式不正确。"], "name": ["请填写姓名。"]},
    }


def test_domain_error_keeps_its_status_and_code(rf: RequestFactory):
    response = domain_error_handler(rf.get("/"), PermissionDeniedError("不可操作。", field="status"))
    assert response.status_code == 403
    assert json.loads(response.content) == {"code": "permission_denied", "message": "不可操作。", "field": "status"}


def test_http404_gets_the_same_body(rf: RequestFactory):
    with translation.override("zh-hans"):
        response = not_found_handler(rf.get("/"), Http404())
    assert response.status_code == 404
    assert json.loads(response.content) == {"code": "not_found", "message": "记录不存在。", "field": None}


@pytest.mark.parametrize("query", ["page=999999999999999999", "page=0", "page_size=100000", "page_size=0"])
def test_out_of_range_paging_is_bad_input_not_a_server_error(api_county, query):
    response = client_as(api_county.users[Role.TOWNSHIP_ADMIN]).get(f"/api/v1/volunteers?{query}")
    assert response.status_code == 422
    assert response.json()["field"] == query.split("=")[0]
