"""Certificates are read in the admin, in the user's scope, and never added, changed or deleted there."""

from django.urls import reverse

from tests.api.conftest import client_as
from tests.certificates.builders import certificate_for_activity
from wenming.regions.roles import Role


def test_admin_lists_and_shows_certificates_read_only(county):
    certificate = certificate_for_activity(county)
    browser = client_as(county.users[Role.STATION_ADMIN])
    changelist = browser.get(reverse("admin:certificates_certificate_changelist"))
    change = browser.get(reverse("admin:certificates_certificate_change", args=[certificate.pk]))
    assert changelist.status_code == 200
    assert certificate.serial_number in changelist.content.decode()
    assert change.status_code == 200
    assert certificate.verification_token not in change.content.decode()
    assert browser.get(reverse("admin:certificates_certificate_add")).status_code == 403
    assert browser.post(reverse("admin:certificates_certificate_delete", args=[certificate.pk])).status_code == 403


def test_admin_of_another_village_does_not_find_it(county):
    certificate = certificate_for_activity(county, volunteer_key="sibling", site=county.sibling_station)
    browser = client_as(county.users[Role.STATION_ADMIN])
    response = browser.get(reverse("admin:certificates_certificate_change", args=[certificate.pk]))
    assert response.status_code == 302  # Django's admin redirects a missing object to the index
