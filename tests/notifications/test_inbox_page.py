"""The inbox page: the user's messages, newest first, marked read with HTMX or a plain form."""

from django.urls import reverse

from tests.api.conftest import client_as
from tests.notifications.helpers import notification_make
from wenming.notifications.models import Notification
from wenming.regions.roles import Role

INBOX = "/inbox/"


def test_inbox_lists_the_volunteers_messages_newest_first_with_unread_marked(county):
    # given
    user = county.users[Role.VOLUNTEER]
    read = notification_make(volunteer=county.volunteers["own"], title="报名成功：植树", minutes_ago=60)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    unread = notification_make(user=user, title="活动提醒：明天宣讲", minutes_ago=5)
    Notification.objects.filter(pk=unread.pk).update(url="/activities/7/")
    notification_make(user=county.users[Role.RESIDENT], title="别人的消息")
    # when
    response = client_as(user).get(INBOX)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("notifications:inbox") == INBOX
    assert "我的消息" in html
    assert "未读消息 1 条" in html
    assert html.index("活动提醒：明天宣讲") < html.index("报名成功：植树")
    assert f'class="inbox-row card unread" id="notification-{unread.pk}"' in html
    assert f'class="inbox-row card" id="notification-{read.pk}"' in html
    assert '<a href="/activities/7/">活动提醒：明天宣讲</a>' in html
    assert f'hx-post="/inbox/{unread.pk}/read/"' in html
    assert f"/inbox/{read.pk}/read/" not in html
    assert "别人的消息" not in html
    assert "<script>" not in html  # CSP: no inline script


def test_inbox_is_empty_for_a_user_without_messages(county):
    response = client_as(county.users[Role.VIEWER]).get(INBOX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "暂无消息。" in html
    assert "没有未读消息。" in html


def test_anonymous_is_sent_to_the_login_page(client, db):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_inbox_pages_twenty_at_a_time(county):
    # given
    user = county.users[Role.VOLUNTEER]
    for number in range(25):
        notification_make(user=user, title=f"第{number:02d}条", minutes_ago=100 - number)
    client = client_as(user)
    # when
    first, second = client.get(INBOX), client.get(f"{INBOX}?page=2")
    # then
    assert first.content.decode().count('class="inbox-row') == 20
    assert second.content.decode().count('class="inbox-row') == 5
    assert "第 2 / 2 页" in second.content.decode()
    assert "第00条" in second.content.decode()


def test_inbox_queries_do_not_grow_with_messages(county, django_assert_max_num_queries):
    # given
    user = county.users[Role.VOLUNTEER]
    client = client_as(user)
    notification_make(user=user)
    client.get(INBOX)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(INBOX)
    for number in range(15):
        notification_make(user=user, title=f"第{number}条")
    # when / then
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(INBOX)


def test_htmx_mark_read_swaps_in_the_read_row_and_updates_the_counts(county):
    # given
    user = county.users[Role.VOLUNTEER]
    notification = notification_make(volunteer=county.volunteers["own"], title="候补转正")
    notification_make(user=user, title="另一条")
    # when
    response = client_as(user).post(f"/inbox/{notification.pk}/read/", {"page": "1"}, HTTP_HX_REQUEST="true")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="inbox-row card" id="notification-{notification.pk}">')
    assert "候补转正" in html
    assert '<div class="inbox-toolbar" id="inbox-toolbar" hx-swap-oob="true">' in html
    assert "未读消息 1 条" in html
    assert 'id="inbox-badge" href="/inbox/" hx-swap-oob="true">消息 <span class="badge"' in html
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_plain_mark_read_redirects_back_to_the_page(county):
    user = county.users[Role.VOLUNTEER]
    notification = notification_make(user=user)
    response = client_as(user).post(f"/inbox/{notification.pk}/read/", {"page": "3"})
    assert response.status_code == 302
    assert response["Location"] == "/inbox/?page=3"


def test_marking_another_persons_message_is_404_and_changes_nothing(county):
    notification = notification_make(volunteer=county.volunteers["own"])
    response = client_as(county.users[Role.STATION_ADMIN]).post(f"/inbox/{notification.pk}/read/")
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_refuses_get(county):
    user = county.users[Role.VOLUNTEER]
    notification = notification_make(user=user)
    assert client_as(user).get(f"/inbox/{notification.pk}/read/").status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_htmx_read_all_swaps_the_inbox_and_the_badge(county):
    # given
    user = county.users[Role.VOLUNTEER]
    notification_make(user=user, title="一")
    notification_make(volunteer=county.volunteers["own"], title="二")
    other = notification_make(user=county.users[Role.RESIDENT])
    # when
    response = client_as(user).post("/inbox/read-all/", HTTP_HX_REQUEST="true")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有未读消息。" in html
    assert html.count('class="inbox-row card"') == 2
    assert 'id="inbox-badge" href="/inbox/" hx-swap-oob="true">消息</a>' in html
    assert Notification.objects.filter(read_at__isnull=True).get() == other


def test_the_badge_tag_shows_the_unread_count(county, rf):
    from django.template import Context, Template

    user = county.users[Role.VOLUNTEER]
    notification_make(user=user)
    notification_make(volunteer=county.volunteers["own"])
    request = rf.get("/")
    request.user = user
    html = Template("{% load notifications %}{% notifications_badge %}").render(Context({"request": request}))
    assert html == (
        '<a class="inbox-badge" id="inbox-badge" href="/inbox/">消息 <span class="badge" title="2 条未读">2</span></a>'
    )


def test_the_badge_tag_shows_nothing_to_anonymous(db, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    request = rf.get("/")
    request.user = AnonymousUser()
    assert Template("{% load notifications %}{% notifications_badge %}").render(Context({"request": request})) == ""


def test_the_inbox_reads_in_english(county):
    user = county.users[Role.VOLUNTEER]
    notification_make(user=user)
    response = client_as(user, HTTP_ACCEPT_LANGUAGE="en").get(INBOX)
    assert response.status_code == 200
