"""Reading the inbox: each person sees and marks only their own messages."""

import pytest

from tests.notifications.helpers import notification_make
from wenming.core.errors import NotFoundError
from wenming.notifications.models import Notification
from wenming.notifications.selectors import notification_list, notification_unread_count
from wenming.notifications.services import notification_mark_read, notifications_mark_all_read
from wenming.regions.roles import Role


def test_the_list_holds_messages_to_the_account_and_to_its_volunteer_record_newest_first(county):
    # given
    user = county.users[Role.VOLUNTEER]
    older = notification_make(volunteer=county.volunteers["own"], title="旧", minutes_ago=30)
    newer = notification_make(user=user, title="新", minutes_ago=5)
    notification_make(user=county.users[Role.RESIDENT], title="别人的")
    notification_make(volunteer=county.volunteers["sibling"], title="别的志愿者的")
    # when
    titles = [n.title for n in notification_list(user=user)]
    # then
    assert titles == [newer.title, older.title]
    assert notification_unread_count(user=user) == 2


def test_mark_read_sets_the_time_once(county):
    # given
    user = county.users[Role.VOLUNTEER]
    notification = notification_make(volunteer=county.volunteers["own"])
    # when
    first = notification_mark_read(notification_id=notification.pk, acting_user=user)
    second = notification_mark_read(notification_id=notification.pk, acting_user=user)
    # then
    assert first.read_at is not None
    assert second.read_at == first.read_at
    assert notification_unread_count(user=user) == 0


def test_another_persons_message_is_not_found_and_stays_unread(county):
    # given
    notification = notification_make(user=county.users[Role.RESIDENT])
    # when
    with pytest.raises(NotFoundError) as refused:
        notification_mark_read(notification_id=notification.pk, acting_user=county.users[Role.COUNTY_ADMIN])
    # then
    assert refused.value.code == "not_found"
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_the_users_unread_messages(county):
    # given
    user = county.users[Role.VOLUNTEER]
    mine = [notification_make(user=user), notification_make(volunteer=county.volunteers["own"])]
    already_read = notification_mark_read(notification_id=notification_make(user=user).pk, acting_user=user)
    others = notification_make(user=county.users[Role.RESIDENT])
    # when
    marked = notifications_mark_all_read(acting_user=user)
    # then
    assert marked == 2
    assert all(Notification.objects.get(pk=n.pk).read_at is not None for n in mine)
    assert Notification.objects.get(pk=already_read.pk).read_at == already_read.read_at
    assert Notification.objects.get(pk=others.pk).read_at is None


def test_an_inactive_account_sees_nothing(county):
    user = county.users[Role.VOLUNTEER]
    notification_make(user=user)
    user.is_active = False
    assert list(notification_list(user=user)) == []
