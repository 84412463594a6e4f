"""Self-service registration on the phone page's service: pending, consent recorded, an account made,
every bad input refused by field with nothing saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import id_number_for
from tests.volunteers.builders import SELF_PASSWORD, self_registered
from wenming.accounts.models import RoleAssignment, User
from wenming.core.errors import DomainError
from wenming.regions.roles import Role
from wenming.volunteers.models import RegistrationChannel, Volunteer, VolunteerStatus


def _counts() -> tuple[int, int]:
    return Volunteer.objects.count(), User.objects.count()


def test_self_registration_is_pending_with_consent_and_a_login(county):
    # when
    volunteer = self_registered(county)
    # then
    stored = Volunteer.objects.select_related("user").get(pk=volunteer.pk)
    assert stored.status == VolunteerStatus.PENDING
    assert stored.channel == RegistrationChannel.SELF_SERVICE
    assert stored.consent_at is not None
    assert stored.consent_at == stored.registered_at
    assert stored.is_sensitive is False
    assert stored.volunteer_number == "23078100000004"
    assert stored.user is not None
    assert stored.user.username == "13912340021"
    assert stored.user.check_password(SELF_PASSWORD)
    assert stored.user.display_name == "张永志"
    # the volunteer role comes with approval only
    assert not RoleAssignment.objects.filter(user=stored.user).exists()


def test_logged_in_user_without_record_is_linked_not_given_a_new_account(county):
    resident = county.users[Role.RESIDENT]
    users = User.objects.count()
    volunteer = self_registered(county, password="", acting_user=resident)
    assert volunteer.user_id == resident.pk
    assert User.objects.count() == users


def test_user_who_already_is_a_volunteer_is_refused(county):
    before = _counts()
    with pytest.raises(DomainError) as caught:
        self_registered(county, acting_user=county.users[Role.VOLUNTEER])
    assert caught.value.code == "already_volunteer"
    assert _counts() == before


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"consents": False}, {"consents"}),
        ({"id_number": "110105198001011234"}, {"id_number"}),  # bad check digit
        ({"id_number": "11010519800230123X"}, {"id_number"}),  # no such date
        ({"phone": "12345"}, {"phone"}),
        ({"name": "   "}, {"name"}),
        ({"password": "123"}, {"password"}),
        ({"password": "13912340021"}, {"password"}),  # the username itself
        ({"region": None}, {"region"}),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_saved(county, overrides, fields):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        self_registered(county, **overrides)
    assert set(caught.value.message_dict) == fields
    assert _counts() == before


def test_no_consent_message_is_clear(county):
    with pytest.raises(ValidationError) as caught:
        self_registered(county, consents=False)
    assert caught.value.message_dict["consents"] == ["请阅读并同意志愿者个人信息处理规则。"]


def test_phone_that_already_has_an_account_is_refused(county):
    User.objects.create_user(username="13912340021", password="unused-password-9")
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        self_registered(county)
    assert caught.value.message_dict == {"phone": ["该手机号已有登录账号，请先登录后再注册。"]}
    assert _counts() == before


def test_under_fourteen_needs_guardian_and_is_sensitive(county):
    child = id_number_for(f"{timezone.localdate().year - 10}0301", 31)
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        self_registered(county, name="小明", id_number=child, phone="13912340031")
    assert caught.value.message_dict == {"guardian_consent": ["未满14周岁的志愿者须由监护人填写姓名并同意。"]}
    assert _counts() == before
    volunteer = self_registered(
        county,
        name="小明",
        id_number=child,
        phone="13912340031",
        guardian_name="王芳",
        guardian_phone="13612345678",
        guardian_consents=True,
    )
    assert volunteer.is_sensitive is True
    assert volunteer.guardian_name == "王芳"
    assert volunteer.guardian_consent_at == volunteer.registered_at


def test_sixteen_year_old_needs_no_guardian_but_is_sensitive(county):
    teen = id_number_for(f"{timezone.localdate().year - 16}0101", 32)
    volunteer = self_registered(county, name="小红", id_number=teen, phone="13912340032")
    assert volunteer.guardian_consent_at is None
    assert volunteer.is_sensitive is True


def test_duplicate_answer_to_anonymous_names_the_team_not_the_number(county):
    existing = county.volunteers["own"]  # member of 东兴村理论宣讲队
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        self_registered(county, id_number=id_number_for("19800101", 1))
    assert caught.value.message_dict == {"id_number": ["该身份证号码已注册（所在队伍 东兴村理论宣讲队）。"]}
    assert existing.volunteer_number not in str(caught.value)
    assert _counts() == before


def test_registered_at_is_now(county):
    before = timezone.now()
    volunteer = self_registered(county)
    assert before <= volunteer.registered_at <= timezone.now() + dt.timedelta(seconds=1)
