"""The full ID number: only for the volunteer or a county/township admin of their region, always audited."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import id_number_for
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.core.errors import PermissionDeniedError
from wenming.regions.roles import Role
from wenming.volunteers.services import volunteer_id_number_reveal


def test_county_admin_sees_the_full_number_and_an_audit_row_records_it(county):
    # given
    volunteer = county.volunteers["sibling"]
    admin = county.users[Role.COUNTY_ADMIN]
    # when
    id_number = volunteer_id_number_reveal(
        volunteer=volunteer, acting_user=admin, reason="办理意外保险", ip_address="10.0.0.8"
    )
    # then
    assert id_number == id_number_for("19800101", 2)
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.region, event.target_type, event.target_id) == (
        admin,
        AuditAction.ID_NUMBER_REVEALED,
        volunteer.region,
        "volunteers.volunteer",
        volunteer.pk,
    )
    assert (event.reason, event.ip_address) == ("办理意外保险", "10.0.0.8")


def test_volunteer_sees_own_number_without_a_reason_and_it_is_audited(county):
    volunteer = county.volunteers["own"]
    volunteer.refresh_from_db()  # the fixture links the login account after registration
    id_number = volunteer_id_number_reveal(volunteer=volunteer, acting_user=county.users[Role.VOLUNTEER], reason="")
    assert id_number == id_number_for("19800101", 1)
    assert AuditEvent.objects.get().reason == "本人查看"


@pytest.mark.parametrize("role", [Role.STATION_ADMIN, Role.TEAM_LEADER, Role.VIEWER, Role.RESIDENT])
def test_other_roles_are_refused_and_nothing_is_written(county, role):
    with pytest.raises(PermissionDeniedError):
        volunteer_id_number_reveal(volunteer=county.volunteers["own"], acting_user=county.users[role], reason="核对")
    assert AuditEvent.objects.count() == 0


def test_township_admin_is_refused_outside_the_township(county):
    # given: a volunteer registered at county level, above the township
    from tests.factories import volunteer_make

    above = volunteer_make(county.county, "赵县里", 9)
    # when / then
    with pytest.raises(PermissionDeniedError):
        volunteer_id_number_reveal(volunteer=above, acting_user=county.users[Role.TOWNSHIP_ADMIN], reason="核对")
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("reason", ["", " ", "核"])
def test_staff_must_give_a_reason(county, reason):
    with pytest.raises(ValidationError) as caught:
        volunteer_id_number_reveal(
            volunteer=county.volunteers["own"], acting_user=county.users[Role.COUNTY_ADMIN], reason=reason
        )
    assert caught.value.message_dict == {"reason": ["请填写查看完整身份证号的事由。"]}
    assert AuditEvent.objects.count() == 0
