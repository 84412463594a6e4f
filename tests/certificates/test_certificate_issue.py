"""Issuing certificates: approved hours only, reversals netted, refused without hours, numbered in sequence."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.certificates.builders import activity_make, credit_make, reversal_make
from tests.factories import id_number_for
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.accounts.services import role_assign, user_create
from wenming.certificates.models import Certificate, CertificateCounter, IdType
from wenming.certificates.services import certificate_issue
from wenming.core.errors import DomainError, PermissionDeniedError
from wenming.core.masking import mask_id_number
from wenming.ledger.models import EntryStatus
from wenming.regions.roles import Role


def test_issue_counts_approved_hours_only_and_nets_reversals(county):
    # given: approved 2.5 h and 3 h (1 h of it reversed), plus pending and rejected entries
    activity = activity_make(county, team=county.team)
    credit_make(county, activity=activity, hours="2.50")
    corrected = credit_make(county, activity=activity, hours="3.00", service_on=dt.date(2024, 1, 6))
    reversal_make(corrected, "1.00", service_on=dt.date(2024, 3, 1))
    credit_make(county, activity=activity, hours="4.00", status=EntryStatus.PENDING)
    credit_make(county, activity=activity, hours="5.00", status=EntryStatus.REJECTED)
    admin = county.users[Role.STATION_ADMIN]
    # when
    certificate = certificate_issue(
        volunteer=county.volunteers["own"], issuer_site=county.station, notes="用于评优", acting_user=admin
    )
    # then
    volunteer = county.volunteers["own"]
    assert certificate.hours == Decimal("4.50")
    assert certificate.period_from == dt.date(2024, 1, 5)
    assert certificate.period_to == dt.date(2024, 1, 6)
    assert certificate.service_content == "2024-01-05至2024-01-06 敬老院慰问演出（4.50小时）"
    assert certificate.volunteer_name == "张东兴"
    assert certificate.id_type == IdType.RESIDENT_ID
    assert certificate.id_number_masked == mask_id_number(id_number_for("19800101", 1))
    assert certificate.volunteer_number == volunteer.volunteer_number
    assert certificate.issuer_site == county.station
    assert certificate.issuer_name == "东兴村新时代文明实践站"
    assert certificate.region == county.village
    assert certificate.handler == admin
    assert certificate.handler_name == "站管理员"
    assert certificate.person_in_charge == "刘站长"
    assert certificate.issued_on == timezone.localdate()
    assert certificate.notes == "用于评优"
    assert certificate.activity is None
    assert re.fullmatch(rf"ZM230781-{timezone.localdate().year}-000001", certificate.serial_number)
    assert len(certificate.verification_token) == 43
    audit = AuditEvent.objects.get()
    assert (audit.actor, audit.action, audit.target_type, audit.target_id) == (
        admin,
        AuditAction.CERTIFICATE_ISSUED,
        "certificates.certificate",
        certificate.pk,
    )
    assert certificate.serial_number in audit.reason


def test_period_selects_entries_by_service_date(county):
    activity = activity_make(county)
    credit_make(county, activity=activity, hours="2.00", service_on=dt.date(2024, 1, 5))
    credit_make(county, activity=activity, hours="3.00", service_on=dt.date(2024, 2, 5))
    certificate = certificate_issue(
        volunteer=county.volunteers["own"],
        issuer_site=county.station,
        period_from=dt.date(2024, 2, 1),
        period_to=dt.date(2024, 2, 29),
        acting_user=county.users[Role.COUNTY_ADMIN],
    )
    assert certificate.hours == Decimal("3.00")
    assert (certificate.period_from, certificate.period_to) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_only_entries_of_the_issuer_subtree_count(county):
    # given: 2 h at the own station, 3 h at the sibling village's station
    credit_make(county, hours="2.00", site=county.station)
    credit_make(county, hours="3.00", site=county.sibling_station)
    admin = county.users[Role.TOWNSHIP_ADMIN]
    volunteer = county.volunteers["own"]
    # when
    by_station = certificate_issue(volunteer=volunteer, issuer_site=county.station, acting_user=admin)
    by_institute = certificate_issue(volunteer=volunteer, issuer_site=county.institute, acting_user=admin)
    # then
    assert by_station.hours == Decimal("2.00")
    assert by_institute.hours == Decimal("5.00")
    assert by_institute.region == county.township


def test_volunteer_requests_the_certificate_of_one_activity(county):
    # given
    activity = activity_make(county)
    credit_make(county, activity=activity, hours="2.50", approver=county.users[Role.TOWNSHIP_ADMIN])
    user = county.users[Role.VOLUNTEER]
    # when
    certificate = certificate_issue(volunteer=county.volunteers["own"], activity=activity, acting_user=user)
    # then: the organizer site issues it, the approver of the hours handles it
    assert certificate.issuer_site == county.station
    assert certificate.activity == activity
    assert certificate.hours == Decimal("2.50")
    assert certificate.handler == county.users[Role.TOWNSHIP_ADMIN]
    assert certificate.handler_name == "所管理员"
    assert certificate.issued_by == user
    assert certificate.service_content == "2024-01-05 敬老院慰问演出（2.50小时）"


def test_a_second_request_for_the_same_activity_is_refused(county):
    activity = activity_make(county)
    credit_make(county, activity=activity)
    user = county.users[Role.VOLUNTEER]
    certificate_issue(volunteer=county.volunteers["own"], activity=activity, acting_user=user)
    with pytest.raises(DomainError) as refusal:
        certificate_issue(volunteer=county.volunteers["own"], activity=activity, acting_user=user)
    assert refusal.value.code == "already_certified"
    assert Certificate.objects.count() == 1


def test_volunteer_cannot_request_a_period_certificate_or_one_for_someone_else(county):
    activity = activity_make(county)
    credit_make(county, activity=activity)
    credit_make(county, volunteer=county.volunteers["sibling"], activity=activity)
    user = county.users[Role.VOLUNTEER]
    with pytest.raises(PermissionDeniedError):
        certificate_issue(volunteer=county.volunteers["own"], issuer_site=county.station, acting_user=user)
    with pytest.raises(PermissionDeniedError):
        certificate_issue(volunteer=county.volunteers["sibling"], activity=activity, acting_user=user)
    assert Certificate.objects.count() == 0


def test_no_approved_hours_is_refused_and_nothing_is_written(county):
    # given: only a pending and a rejected entry
    activity = activity_make(county)
    credit_make(county, activity=activity, status=EntryStatus.PENDING)
    credit_make(county, activity=activity, status=EntryStatus.REJECTED)
    audits = AuditEvent.objects.count()
    # when
    with pytest.raises(DomainError) as refusal:
        certificate_issue(
            volunteer=county.volunteers["own"], issuer_site=county.station, acting_user=county.users[Role.COUNTY_ADMIN]
        )
    # then
    assert refusal.value.code == "no_approved_hours"
    assert str(refusal.value.message) == "所选范围内没有已审核的志愿服务时长，无法出具证明。"
    assert Certificate.objects.count() == 0
    assert AuditEvent.objects.count() == audits
    assert not CertificateCounter.objects.filter(last_number__gt=0).exists()


def test_fully_reversed_hours_are_no_hours(county):
    credit = credit_make(county, hours="2.00")
    reversal_make(credit, "2.00")
    with pytest.raises(DomainError):
        certificate_issue(
            volunteer=county.volunteers["own"], issuer_site=county.station, acting_user=county.users[Role.COUNTY_ADMIN]
        )
    assert Certificate.objects.count() == 0


def test_a_reversed_period_is_refused(county):
    credit_make(county)
    with pytest.raises(ValidationError) as refusal:
        certificate_issue(
            volunteer=county.volunteers["own"],
            issuer_site=county.station,
            period_from=dt.date(2024, 2, 1),
            period_to=dt.date(2024, 1, 1),
            acting_user=county.users[Role.COUNTY_ADMIN],
        )
    assert refusal.value.message_dict == {"period_to": ["截止日期不能早于起始日期。"]}
    assert Certificate.objects.count() == 0


def test_serial_numbers_are_unique_and_sequential(county):
    credit_make(county)
    admin = county.users[Role.COUNTY_ADMIN]
    year = timezone.localdate().year
    serials = [
        certificate_issue(
            volunteer=county.volunteers["own"], issuer_site=county.station, acting_user=admin
        ).serial_number
        for _ in range(3)
    ]
    assert serials == [f"ZM230781-{year}-00000{n}" for n in (1, 2, 3)]
    assert CertificateCounter.objects.get(county_code="230781", year=year).last_number == 3


def test_station_admin_of_a_sibling_village_cannot_issue_for_a_site_outside_their_scope(county):
    # given: hours at the own village's station, and the sibling village's station admin
    credit_make(county)
    sibling_admin = user_create(username="sibling_station_admin", password="unused-password-1", display_name="西林站")
    role_assign(user=sibling_admin, role=Role.STATION_ADMIN, site=county.sibling_station)
    # when
    with pytest.raises(PermissionDeniedError) as refusal:
        certificate_issue(volunteer=county.volunteers["own"], issuer_site=county.station, acting_user=sibling_admin)
    # then
    assert str(refusal.value.message) == "您无权以该阵地的名义出具志愿服务记录证明。"
    assert Certificate.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.VIEWER, Role.RESIDENT])
def test_non_admins_cannot_issue_in_a_site_name(county, role):
    credit_make(county)
    with pytest.raises(PermissionDeniedError):
        certificate_issue(
            volunteer=county.volunteers["own"], issuer_site=county.station, acting_user=county.users[role]
        )
    assert Certificate.objects.count() == 0
