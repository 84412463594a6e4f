"""Revoking certificates: admins of the issuer's region, with a reason; the record stays, marked revoked."""

import pytest
from django.core.exceptions import ValidationError

from tests.certificates.builders import certificate_for_activity
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.certificates.models import Certificate
from wenming.certificates.services import certificate_issue, certificate_revoke
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.regions.roles import Role


def test_station_admin_revokes_with_a_reason_and_it_is_audited(county):
    # given
    certificate = certificate_for_activity(county)
    admin = county.users[Role.STATION_ADMIN]
    # when
    revoked = certificate_revoke(certificate_id=certificate.pk, reason="时长登记有误，重新开具", acting_user=admin)
    # then
    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.is_revoked
    assert stored.revoke_reason == "时长登记有误，重新开具"
    assert stored.revoked_by == admin
    assert revoked.revoked_at == stored.revoked_at
    audit = AuditEvent.objects.get(action=AuditAction.CERTIFICATE_REVOKED)
    assert (audit.actor, audit.target_id) == (admin, certificate.pk)
    assert audit.reason == f"撤销证明 {certificate.serial_number}：时长登记有误，重新开具"


def test_a_reason_is_required_and_nothing_changes_without_it(county):
    certificate = certificate_for_activity(county)
    with pytest.raises(ValidationError) as refusal:
        certificate_revoke(certificate_id=certificate.pk, reason="  ", acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.message_dict == {"reason": ["请填写撤销原因。"]}
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.CERTIFICATE_REVOKED).exists()


def test_a_revoked_certificate_cannot_be_revoked_again(county):
    certificate = certificate_for_activity(county)
    admin = county.users[Role.COUNTY_ADMIN]
    first = certificate_revoke(certificate_id=certificate.pk, reason="重复开具", acting_user=admin)
    with pytest.raises(DomainError) as refusal:
        certificate_revoke(certificate_id=certificate.pk, reason="再次撤销", acting_user=admin)
    assert refusal.value.code == "already_revoked"
    assert Certificate.objects.get(pk=certificate.pk).revoke_reason == first.revoke_reason == "重复开具"


def test_the_volunteer_and_the_team_leader_see_but_cannot_revoke(county):
    certificate = certificate_for_activity(county, team=county.team)
    for role in (Role.VOLUNTEER, Role.TEAM_LEADER):
        with pytest.raises(PermissionDeniedError):
            certificate_revoke(certificate_id=certificate.pk, reason="不想要了", acting_user=county.users[role])
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_an_admin_of_another_village_gets_not_found(county):
    certificate = certificate_for_activity(county, volunteer_key="sibling", site=county.sibling_station)
    with pytest.raises(NotFoundError):
        certificate_revoke(
            certificate_id=certificate.pk, reason="越权撤销", acting_user=county.users[Role.STATION_ADMIN]
        )
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_a_revoked_activity_certificate_can_be_issued_again(county):
    certificate = certificate_for_activity(county)
    certificate_revoke(certificate_id=certificate.pk, reason="重新开具", acting_user=county.users[Role.COUNTY_ADMIN])
    again = certificate_issue(
        volunteer=county.volunteers["own"], activity=certificate.activity, acting_user=county.users[Role.VOLUNTEER]
    )
    assert again.serial_number != certificate.serial_number
    assert again.hours == certificate.hours
