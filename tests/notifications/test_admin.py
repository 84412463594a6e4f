"""The admin shows messages and deliveries to superusers only, read-only, with addresses masked."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.api.conftest import client_as
from tests.notifications.channels import LOG
from wenming.notifications.models import NotificationDelivery
from wenming.notifications.services import notification_send
from wenming.regions.roles import Role


def test_superuser_reads_deliveries_with_the_phone_masked(county, channels):
    # given
    channels(LOG)
    (notification,) = notification_send(recipients=[county.volunteers["own"]], kind="general", title="通知", body="")
    delivery = NotificationDelivery.objects.get()
    root = get_user_model().objects.create_superuser(username="root", password="unused-Password-1")
    client = client_as(root)
    # when
    pages = [
        client.get(reverse("admin:notifications_notificationdelivery_changelist")),
        client.get(reverse("admin:notifications_notificationdelivery_change", args=[delivery.pk])),
        client.get(reverse("admin:notifications_notification_changelist")),
        client.get(reverse("admin:notifications_notification_change", args=[notification.pk])),
    ]
    # then
    for page in pages:
        assert page.status_code == 200
        assert "13812340001" not in page.content.decode()
    assert "138****0001" in pages[0].content.decode()
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403


def test_region_admins_do_not_read_other_peoples_messages(county):
    client = client_as(county.users[Role.COUNTY_ADMIN])
    assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 403
    assert client.get(reverse("admin:notifications_notificationdelivery_changelist")).status_code == 403
