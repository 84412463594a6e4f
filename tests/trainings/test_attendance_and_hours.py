from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.trainings.builders import enrol, held, training_make
from wenming.activities.services import signup_create
from wenming.core.errors import DomainError
from wenming.ledger.models import EntryStatus, HoursEntry, SourceKind
from wenming.regions.roles import Role
from wenming.reports.selectors import figures_compute
from wenming.trainings.models import TrainingAttendance
from wenming.trainings.services import (
    training_attendance_mark,
    training_hours_propose,
    training_hours_setting_set,
    training_pass_mark,
)
from wenming.volunteers.models import Skill


def _held_with_three(county, **fields):
    training = training_make(county, site=county.center, **fields)
    rows = [enrol(county, training, county.volunteers[key]) for key in ("own", "sibling", "township")]
    return held(training), rows


def _state():
    return sorted(TrainingAttendance.objects.values_list("volunteer__name", "is_present", "is_passed"))


def test_mark_all_present_then_one_absent(county):
    training, _rows = _held_with_three(county)
    admin = county.users[Role.COUNTY_ADMIN]
    assert training_attendance_mark(training_id=training.pk, is_present=True, acting_user=admin) == 3
    changed = training_attendance_mark(
        training_id=training.pk, is_present=False, volunteer_ids=[county.volunteers["sibling"].pk], acting_user=admin
    )
    assert changed == 1
    assert _state() == [("张东兴", True, False), ("李西林", False, False), ("王镇上", True, False)]


def test_marking_a_volunteer_not_on_the_roster_changes_nothing(county):
    training, _rows = _held_with_three(county)
    with pytest.raises(ValidationError) as refusal:
        training_attendance_mark(
            training_id=training.pk,
            is_present=True,
            volunteer_ids=[county.volunteers["own"].pk, 987654],
            acting_user=county.users[Role.COUNTY_ADMIN],
        )
    assert refusal.value.message_dict == {"volunteer_ids": ["以下志愿者不在本培训的名单中或状态不符：987654。"]}
    assert _state() == [("张东兴", False, False), ("李西林", False, False), ("王镇上", False, False)]


def test_marking_before_the_start_is_refused(county, training):
    enrol(county, training, county.volunteers["own"])
    with pytest.raises(DomainError) as refusal:
        training_attendance_mark(training_id=training.pk, is_present=True, acting_user=county.users[Role.COUNTY_ADMIN])
    assert refusal.value.code == "training_not_started"
    assert TrainingAttendance.objects.filter(is_present=True).count() == 0


def test_pass_needs_presence_and_gives_the_qualified_skill(county):
    skill = Skill.objects.create(code="first-aid", name="应急救护")
    training, _rows = _held_with_three(county, qualifies_skill=skill)
    admin = county.users[Role.COUNTY_ADMIN]
    own, sibling = county.volunteers["own"], county.volunteers["sibling"]
    with pytest.raises(ValidationError):
        training_pass_mark(training_id=training.pk, volunteer_ids=[own.pk], is_passed=True, acting_user=admin)
    assert list(own.skills.all()) == []
    training_attendance_mark(training_id=training.pk, is_present=True, volunteer_ids=[own.pk], acting_user=admin)
    assert training_pass_mark(training_id=training.pk, volunteer_ids=[own.pk], is_passed=True, acting_user=admin) == 1
    assert list(own.skills.values_list("code", flat=True)) == ["first-aid"]
    assert list(sibling.skills.all()) == []
    assert _state() == [("张东兴", True, True), ("李西林", False, False), ("王镇上", False, False)]


def test_hours_are_proposed_exactly_once_per_attendance(county):
    training, _rows = _held_with_three(county, credit_hours=Decimal("3.50"))
    admin = county.users[Role.COUNTY_ADMIN]
    training_attendance_mark(
        training_id=training.pk,
        is_present=True,
        volunteer_ids=[county.volunteers["own"].pk, county.volunteers["township"].pk],
        acting_user=admin,
    )
    first = training_hours_propose(training_id=training.pk, acting_user=admin)
    second = training_hours_propose(training_id=training.pk, acting_user=admin)
    assert (first.proposed, first.already_proposed) == (2, 0)
    assert (second.proposed, second.already_proposed) == (0, 2)
    entries = HoursEntry.objects.order_by("volunteer__name")
    assert [(e.volunteer.name, e.hours, e.status, e.source_kind, e.training_id) for e in entries] == [
        ("张东兴", Decimal("3.50"), EntryStatus.PENDING, SourceKind.TRAINING, training.pk),
        ("王镇上", Decimal("3.50"), EntryStatus.PENDING, SourceKind.TRAINING, training.pk),
    ]


def test_a_presence_with_hours_in_the_ledger_cannot_be_marked_absent(county):
    training, _rows = _held_with_three(county)
    admin = county.users[Role.COUNTY_ADMIN]
    training_attendance_mark(training_id=training.pk, is_present=True, acting_user=admin)
    training_hours_propose(training_id=training.pk, acting_user=admin)
    with pytest.raises(ValidationError) as refusal:
        training_attendance_mark(
            training_id=training.pk, is_present=False, volunteer_ids=[county.volunteers["own"].pk], acting_user=admin
        )
    assert refusal.value.message_dict == {"volunteer_ids": ["以下志愿者的培训时长已登记，不能改为缺席：张东兴。"]}
    assert TrainingAttendance.objects.filter(is_present=True).count() == 3


def test_no_hours_when_the_county_does_not_count_training_hours(county):
    training, _rows = _held_with_three(county)
    admin = county.users[Role.COUNTY_ADMIN]
    training_attendance_mark(training_id=training.pk, is_present=True, acting_user=admin)
    training_hours_setting_set(region=county.county, counts_training_hours=False, acting_user=admin)
    with pytest.raises(DomainError) as refusal:
        training_hours_propose(training_id=training.pk, acting_user=admin)
    assert refusal.value.code == "training_hours_not_counted"
    assert HoursEntry.objects.count() == 0


def test_only_admins_of_the_region_set_whether_training_hours_count(county):
    from wenming.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        training_hours_setting_set(
            region=county.county, counts_training_hours=False, acting_user=county.users[Role.TOWNSHIP_ADMIN]
        )


def test_no_hours_for_a_training_without_credit_hours(county):
    training, _rows = _held_with_three(county, credit_hours=Decimal(0))
    admin = county.users[Role.COUNTY_ADMIN]
    training_attendance_mark(training_id=training.pk, is_present=True, acting_user=admin)
    with pytest.raises(DomainError) as refusal:
        training_hours_propose(training_id=training.pk, acting_user=admin)
    assert (refusal.value.code, refusal.value.field) == ("training_not_credited", "credit_hours")
    assert HoursEntry.objects.count() == 0


def test_participations_are_the_present_rows(county):
    training, _rows = _held_with_three(county)
    training_attendance_mark(
        training_id=training.pk,
        is_present=True,
        volunteer_ids=[county.volunteers["own"].pk, county.volunteers["sibling"].pk],
        acting_user=county.users[Role.COUNTY_ADMIN],
    )
    training_make(county, title="未举办的培训")
    figures = figures_compute(region=county.county).as_dict()["figures"]["trainings"]
    assert figures == {"sessions": 2, "participations": 2}


def test_activity_signup_is_refused_until_the_required_training_is_passed(county):
    from tests.activities.conftest import activity_make

    training, _rows = _held_with_three(county)
    activity = activity_make(county, required_training=training)
    volunteer_user = county.users[Role.VOLUNTEER]
    admin = county.users[Role.COUNTY_ADMIN]
    own = county.volunteers["own"]
    with pytest.raises(DomainError) as refusal:
        signup_create(activity_id=activity.pk, acting_user=volunteer_user)
    assert refusal.value.code == "ineligible_training"
    training_attendance_mark(training_id=training.pk, is_present=True, volunteer_ids=[own.pk], acting_user=admin)
    with pytest.raises(DomainError):
        signup_create(activity_id=activity.pk, acting_user=volunteer_user)
    assert activity.signups.count() == 0
    training_pass_mark(training_id=training.pk, volunteer_ids=[own.pk], is_passed=True, acting_user=admin)
    signup = signup_create(activity_id=activity.pk, acting_user=volunteer_user)
    assert (signup.volunteer, signup.status) == (own, "confirmed")
