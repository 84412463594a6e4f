"""Approval and rejection by admins of the region, staff entry, edits, and duplicate answers to staff."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import id_number_for
from tests.volunteers.builders import self_registered, tags_and_skills
from wenming.accounts.models import RoleAssignment
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.notifications.models import Notification
from wenming.regions.roles import Role
from wenming.volunteers.models import RegistrationChannel, Volunteer, VolunteerStatus
from wenming.volunteers.services import (
    volunteer_approve,
    volunteer_reject,
    volunteer_staff_register,
    volunteer_update,
)


def _state(volunteer: Volunteer) -> tuple:
    stored = Volunteer.objects.get(pk=volunteer.pk)
    return stored.status, stored.reviewed_at, stored.reviewed_by_id, stored.review_note


def test_station_admin_approves_a_pending_registration(county):
    # given
    volunteer = self_registered(county)
    admin = county.users[Role.STATION_ADMIN]
    # when
    approved = volunteer_approve(volunteer_id=volunteer.pk, acting_user=admin, note="信息核实无误")
    # then
    stored = Volunteer.objects.get(pk=approved.pk)
    assert stored.status == VolunteerStatus.ACTIVE
    assert stored.reviewed_by_id == admin.pk
    assert stored.reviewed_at is not None
    assert stored.review_note == "信息核实无误"
    role = RoleAssignment.objects.get(user=volunteer.user)
    assert (role.role, role.region_id, role.is_active) == (Role.VOLUNTEER, county.village.pk, True)
    message = Notification.objects.get(recipient_user=volunteer.user)
    assert message.title == "志愿者注册已通过审核"
    assert message.body == f"您的志愿者编号是 {volunteer.volunteer_number}，欢迎参加志愿服务活动。"


def test_rejection_needs_a_reason_and_notifies(county):
    volunteer = self_registered(county)
    admin = county.users[Role.TOWNSHIP_ADMIN]
    before = _state(volunteer)
    with pytest.raises(ValidationError) as caught:
        volunteer_reject(volunteer_id=volunteer.pk, acting_user=admin, note=" ")
    assert caught.value.message_dict == {"note": ["请填写不通过的原因。"]}
    assert _state(volunteer) == before
    volunteer_reject(volunteer_id=volunteer.pk, acting_user=admin, note="身份信息与本人不符")
    stored = Volunteer.objects.get(pk=volunteer.pk)
    assert (stored.status, stored.review_note, stored.reviewed_by_id) == (
        VolunteerStatus.REJECTED,
        "身份信息与本人不符",
        admin.pk,
    )
    assert not RoleAssignment.objects.filter(user=volunteer.user).exists()
    assert Notification.objects.get(recipient_user=volunteer.user).body == "原因：身份信息与本人不符"


def test_sibling_station_admin_cannot_see_and_team_leader_may_not_approve(county):
    volunteer = self_registered(county, region=county.sibling_village)
    before = _state(volunteer)
    with pytest.raises(NotFoundError):
        volunteer_approve(volunteer_id=volunteer.pk, acting_user=county.users[Role.STATION_ADMIN])
    assert _state(volunteer) == before
    own = self_registered(county, name="赵东", id_number=id_number_for("19910101", 22), phone="13912340022")
    # the team leader does not see a non-member; the volunteer role sees only itself
    with pytest.raises(NotFoundError):
        volunteer_approve(volunteer_id=own.pk, acting_user=county.users[Role.TEAM_LEADER])
    assert Volunteer.objects.get(pk=own.pk).status == VolunteerStatus.PENDING


def test_team_leader_who_sees_a_member_may_not_change_it(county):
    member = county.volunteers["own"]
    with pytest.raises(PermissionDeniedError):
        volunteer_update(volunteer_id=member.pk, acting_user=county.users[Role.TEAM_LEADER], status="suspended")
    assert Volunteer.objects.get(pk=member.pk).status == VolunteerStatus.ACTIVE


def test_approving_twice_is_refused(county):
    volunteer = self_registered(county)
    admin = county.users[Role.COUNTY_ADMIN]
    volunteer_approve(volunteer_id=volunteer.pk, acting_user=admin)
    with pytest.raises(DomainError) as caught:
        volunteer_approve(volunteer_id=volunteer.pk, acting_user=admin)
    assert caught.value.code == "not_pending"
    assert RoleAssignment.objects.filter(user=volunteer.user).count() == 1
    assert Notification.objects.filter(recipient_user=volunteer.user).count() == 1


def test_staff_entry_is_active_at_once_with_tags_and_skills(county):
    found = tags_and_skills()
    admin = county.users[Role.STATION_ADMIN]
    volunteer = volunteer_staff_register(
        region=county.village,
        name="孙桂兰",
        id_number=id_number_for("19550505", 41),
        phone="13812345041",
        consents=True,
        tags=["wulao-teacher"],
        skills=["calligraphy"],
        acting_user=admin,
    )
    stored = Volunteer.objects.get(pk=volunteer.pk)
    assert (stored.status, stored.channel, stored.reviewed_by_id) == (
        VolunteerStatus.ACTIVE,
        RegistrationChannel.STAFF,
        admin.pk,
    )
    assert stored.consent_at is not None
    assert list(stored.tags.all()) == [found["teacher"]]
    assert list(stored.skills.all()) == [found["calligraphy"]]


def test_staff_entry_may_wait_for_review(county):
    volunteer = volunteer_staff_register(
        region=county.village,
        name="孙桂兰",
        id_number=id_number_for("19550505", 41),
        phone="13812345041",
        consents=True,
        activate=False,
        acting_user=county.users[Role.STATION_ADMIN],
    )
    assert (volunteer.status, volunteer.reviewed_at) == (VolunteerStatus.PENDING, None)


def test_staff_entry_outside_own_region_is_refused(county):
    before = Volunteer.objects.count()
    with pytest.raises(PermissionDeniedError):
        volunteer_staff_register(
            region=county.sibling_village,
            name="孙桂兰",
            id_number=id_number_for("19550505", 41),
            phone="13812345041",
            consents=True,
            acting_user=county.users[Role.STATION_ADMIN],
        )
    assert Volunteer.objects.count() == before


def test_staff_entry_with_unknown_tag_is_refused(county):
    before = Volunteer.objects.count()
    with pytest.raises(ValidationError) as caught:
        volunteer_staff_register(
            region=county.village,
            name="孙桂兰",
            id_number=id_number_for("19550505", 41),
            phone="13812345041",
            consents=True,
            tags=["no-such-tag"],
            acting_user=county.users[Role.STATION_ADMIN],
        )
    assert caught.value.message_dict == {"tags": ["未知的编码：no-such-tag。"]}
    assert Volunteer.objects.count() == before


def test_duplicate_told_to_staff_who_see_it_names_number_and_team(county):
    existing = county.volunteers["own"]
    with pytest.raises(ValidationError) as caught:
        volunteer_staff_register(
            region=county.village,
            name="冒名者",
            id_number=id_number_for("19800101", 1),
            phone="13812345099",
            consents=True,
            acting_user=county.users[Role.STATION_ADMIN],
        )
    assert caught.value.message_dict == {
        "id_number": [f"该身份证号码已注册（志愿者编号 {existing.volunteer_number}，所在队伍 东兴村理论宣讲队）。"]
    }


def test_duplicate_told_to_staff_of_another_village_names_only_the_team(county):
    # the sibling village's volunteer, in no team, re-registered by the own station's admin
    with pytest.raises(ValidationError) as caught:
        volunteer_staff_register(
            region=county.village,
            name="冒名者",
            id_number=id_number_for("19800101", 2),
            phone="13812345099",
            consents=True,
            acting_user=county.users[Role.STATION_ADMIN],
        )
    assert caught.value.message_dict == {"id_number": ["该身份证号码已注册（所在队伍 尚未加入队伍）。"]}
    assert county.volunteers["sibling"].volunteer_number not in str(caught.value)


def test_update_changes_phone_status_tags_and_skills(county):
    found = tags_and_skills()
    volunteer = county.volunteers["own"]
    admin = county.users[Role.TOWNSHIP_ADMIN]
    volunteer_update(
        volunteer_id=volunteer.pk,
        acting_user=admin,
        phone="139 0000 1111",
        status=VolunteerStatus.SUSPENDED,
        tags=["wulao-cadre"],
        skills=["medical"],
    )
    stored = Volunteer.objects.get(pk=volunteer.pk)
    assert (stored.phone, stored.phone_reversed, stored.status) == (
        "13900001111",
        "11110000931",
        VolunteerStatus.SUSPENDED,
    )
    assert list(stored.tags.all()) == [found["cadre"]]
    assert list(stored.skills.all()) == [found["medical"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"phone": "123"}, "phone"), ({"status": VolunteerStatus.PENDING}, "status"), ({"skills": ["nope"]}, "skills")],
)
def test_bad_update_changes_nothing(county, changes, field):
    volunteer = county.volunteers["own"]
    before = Volunteer.objects.filter(pk=volunteer.pk).values().get()
    with pytest.raises(ValidationError) as caught:
        volunteer_update(volunteer_id=volunteer.pk, acting_user=county.users[Role.COUNTY_ADMIN], **changes)
    assert list(caught.value.message_dict) == [field]
    assert Volunteer.objects.filter(pk=volunteer.pk).values().get() == before
