"""Who sees which certificate: admins by the issuer's region, volunteers their own, leaders their team's."""

from decimal import Decimal

import pytest

from tests.certificates.builders import activity_make, certificate_for_activity, credit_make
from wenming.certificates.models import Certificate
from wenming.certificates.selectors import activities_awaiting_certificate, certificate_list, certificate_verify
from wenming.regions.roles import Role


@pytest.fixture
def certificates(county):
    return {
        "own_team": certificate_for_activity(county, team=county.team),
        "sibling": certificate_for_activity(county, volunteer_key="sibling", site=county.sibling_station),
        "township": certificate_for_activity(county, volunteer_key="township", site=county.institute),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.COUNTY_ADMIN, {"own_team", "sibling", "township"}),
        (Role.TOWNSHIP_ADMIN, {"own_team", "sibling", "township"}),
        (Role.STATION_ADMIN, {"own_team"}),
        (Role.TEAM_LEADER, {"own_team"}),
        (Role.VOLUNTEER, {"own_team"}),
        (Role.RESIDENT, set()),
        (Role.VIEWER, set()),
    ],
)
def test_certificate_list_is_scoped(county, certificates, role, expected):
    seen = set(certificate_list(user=county.users[role]).values_list("pk", flat=True))
    assert seen == {certificates[key].pk for key in expected}


def test_team_leader_does_not_see_certificates_of_other_activities(county):
    certificate_for_activity(county)  # the own village, but no team
    assert list(certificate_list(user=county.users[Role.TEAM_LEADER])) == []


def test_verify_finds_by_token_only(county):
    certificate = certificate_for_activity(county)
    assert certificate_verify(token=certificate.verification_token) == certificate
    assert certificate_verify(token=certificate.verification_token[:-1]) is None
    assert certificate_verify(token="") is None
    assert certificate_verify(token=certificate.serial_number) is None


def test_activities_awaiting_certificate_leaves_out_certified_and_unapproved_ones(county):
    volunteer = county.volunteers["own"]
    certified = certificate_for_activity(county).activity
    waiting = activity_make(county, title="植树", day=8)
    credit_make(county, activity=waiting, hours="1.50")
    pending_only = activity_make(county, title="清扫", day=9)
    credit_make(county, activity=pending_only, status="pending")
    awaiting = activities_awaiting_certificate(volunteer=volunteer)
    assert [(item["activity"], item["hours"]) for item in awaiting] == [(waiting, Decimal("1.50"))]
    assert certified not in [item["activity"] for item in awaiting]
    assert Certificate.objects.count() == 1
