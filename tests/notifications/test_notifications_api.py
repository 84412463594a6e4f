"""The inbox API: the caller's own messages only; another's answers 404 like a missing one."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import client_as
from tests.notifications.helpers import notification_make
from wenming.notifications.models import Notification
from wenming.regions.roles import Role

API = "/api/v1/notifications"


def test_list_is_paginated_newest_first_and_filters_unread(county):
    # given
    user = county.users[Role.VOLUNTEER]
    old = notification_make(volunteer=county.volunteers["own"], title="旧", minutes_ago=60)
    new = notification_make(user=user, title="新", minutes_ago=1)
    Notification.objects.filter(pk=old.pk).update(read_at=new.created_at)
    notification_make(user=county.users[Role.RESIDENT], title="别人的")
    client = client_as(user)
    # when
    everything = client.get(API).json()
    unread = client.get(f"{API}?unread=true").json()
    # then
    assert everything["count"] == 2
    assert [item["title"] for item in everything["items"]] == ["新", "旧"]
    assert everything["items"][0] | {"created_at": None} == {
        "id": new.pk,
        "kind": "general",
        "kind_display": "通知",
        "title": "新",
        "body": "正文",
        "url": "",
        "related_label": "",
        "created_at": None,
        "read_at": None,
        "is_read": False,
    }
    assert [item["id"] for item in unread["items"]] == [new.pk]


def test_list_query_count_does_not_grow_with_messages(county, django_assert_num_queries):
    # given
    user = county.users[Role.VOLUNTEER]
    client = client_as(user)
    notification_make(user=user)
    with CaptureQueriesContext(connection) as one:
        client.get(API)
    for number in range(10):
        notification_make(user=user, title=f"第{number}条")
    # when / then: session, user, count, page (the warm session is not saved again)
    with django_assert_num_queries(4):
        response = client.get(API)
    assert response.json()["count"] == 11
    assert len(one.captured_queries) == 7


def test_mark_read_answers_the_message(county):
    # given
    user = county.users[Role.VOLUNTEER]
    notification = notification_make(volunteer=county.volunteers["own"])
    # when
    response = client_as(user).post(f"{API}/{notification.pk}/read")
    # then
    assert response.status_code == 200
    body = response.json()
    notification.refresh_from_db()
    assert (body["id"], body["is_read"]) == (notification.pk, True)
    assert notification.read_at is not None


def test_another_users_message_is_404_not_found_and_stays_unread(county):
    # given
    notification = notification_make(user=county.users[Role.RESIDENT])
    # when
    response = client_as(county.users[Role.COUNTY_ADMIN]).post(f"{API}/{notification.pk}/read")
    # then
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "消息不存在。", "field": "id"}
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_answers_how_many_were_marked(county):
    # given
    user = county.users[Role.VOLUNTEER]
    notification_make(user=user)
    notification_make(volunteer=county.volunteers["own"])
    other = notification_make(user=county.users[Role.RESIDENT])
    # when
    response = client_as(user).post(f"{API}/read-all")
    # then
    assert response.status_code == 200
    assert response.json() == {"marked_read": 2}
    assert client_as(user).post(f"{API}/read-all").json() == {"marked_read": 0}
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_read_needs_the_csrf_token_of_the_session(county):
    notification = notification_make(user=county.users[Role.VOLUNTEER])
    client = client_as(county.users[Role.VOLUNTEER], enforce_csrf_checks=True)
    response = client.post(f"{API}/{notification.pk}/read")
    assert response.status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None
