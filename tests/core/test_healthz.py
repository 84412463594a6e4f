"""The health check answers "ok" as plain text through the whole middleware stack, without a query."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_a_query(client, django_assert_num_queries):
    # when
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    # then
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert reverse("healthz") == "/healthz"


def test_healthz_answers_head(client):
    response = client.head(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b""


def test_healthz_refuses_post(client):
    response = client.post(reverse("healthz"))
    assert response.status_code == 405
