"""The admin's audited way to the full ID number; everyone else only ever sees it masked."""

from django.urls import reverse

from tests.factories import id_number_for
from wenming.accounts.models import AuditEvent
from wenming.regions.roles import Role
from wenming.volunteers.models import Volunteer


def reveal_url(volunteer: Volunteer) -> str:
    return reverse("admin:volunteers_volunteer_id_number", args=[volunteer.pk])


def change_url(volunteer: Volunteer) -> str:
    return reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])


def test_county_admin_sees_the_link_asks_why_and_sees_the_number_once(client, county):
    # given
    volunteer = county.volunteers["own"]
    full = id_number_for("19800101", 1)
    client.force_login(county.users[Role.COUNTY_ADMIN])
    # when
    change = client.get(change_url(volunteer)).content.decode()
    form = client.get(reveal_url(volunteer))
    shown = client.post(reveal_url(volunteer), {"reason": "办理意外保险"})
    # then
    assert reveal_url(volunteer) in change and full not in change
    assert form.status_code == 200 and full not in form.content.decode()
    assert AuditEvent.objects.count() == 1
    assert f'<strong id="full-id-number">{full}</strong>' in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]


def test_a_reason_is_required_and_nothing_is_shown_or_written_without_it(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    response = client.post(reveal_url(county.volunteers["own"]), {"reason": "核"})
    html = response.content.decode()
    assert "请填写查看完整身份证号的事由。" in html
    assert id_number_for("19800101", 1) not in html
    assert AuditEvent.objects.count() == 0


def test_station_admin_has_no_link_and_is_refused(client, county):
    # given
    volunteer = county.volunteers["own"]
    client.force_login(county.users[Role.STATION_ADMIN])
    # when
    change = client.get(change_url(volunteer)).content.decode()
    response = client.post(reveal_url(volunteer), {"reason": "核对信息"})
    # then
    assert reveal_url(volunteer) not in change
    assert volunteer.id_number_masked in change
    assert response.status_code == 403
    assert AuditEvent.objects.count() == 0


def test_volunteer_outside_the_scope_is_not_found(client, county):
    client.force_login(county.users[Role.STATION_ADMIN])
    response = client.post(reveal_url(county.volunteers["sibling"]), {"reason": "核对信息"})
    assert response.status_code == 404
    assert AuditEvent.objects.count() == 0


def test_audit_log_is_listed_for_the_county_admin_and_read_only(client, county):
    client.force_login(county.users[Role.COUNTY_ADMIN])
    client.post(reveal_url(county.volunteers["own"]), {"reason": "办理意外保险"})
    event = AuditEvent.objects.get()
    listing = client.get(reverse("admin:accounts_auditevent_changelist")).content.decode()
    assert "办理意外保险" in listing
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.count() == 1
