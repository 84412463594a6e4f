"""The busiest answers (sign-up, check-in, check-out) are filled without pydantic's validation pass
(core.answers.answer_of): they must stay exactly what the validated schema gives."""

import datetime as dt

import pytest

from tests.activities.conftest import activity_make, volunteer_with_user
from wenming.activities.models import Attendance
from wenming.activities.schemas import AttendanceOut, SignUpOut
from wenming.activities.services import signup_create
from wenming.activities.services_attendance import attendance_check_in, attendance_check_out, checkin_token_issue
from wenming.core.answers import answer_of
from wenming.regions.roles import Role

pytestmark = pytest.mark.django_db


def same_answer(schema, instance):
    built = answer_of(schema, instance)
    assert isinstance(built, schema)
    assert built.model_dump(mode="json") == schema.model_validate(instance).model_dump(mode="json")
    assert set(built.model_fields_set) == set(schema.model_fields)  # no field left out


def test_a_sign_up_answer_confirmed_and_waitlisted_is_the_validated_one(county):
    # given: one place, two volunteers
    activity = activity_make(county, capacity=1)
    first, second = volunteer_with_user(county, 21), volunteer_with_user(county, 22)
    # when
    confirmed = signup_create(activity_id=activity.pk, acting_user=first.user)
    waitlisted = signup_create(activity_id=activity.pk, acting_user=second.user)
    # then: the waitlist position and the status display are in both
    assert answer_of(SignUpOut, waitlisted).waitlist_position == 1
    same_answer(SignUpOut, confirmed)
    same_answer(SignUpOut, waitlisted)


def test_a_check_in_and_check_out_answer_is_the_validated_one(county):
    # given
    activity = activity_make(county, starts_in_hours=1)
    volunteer = volunteer_with_user(county, 23)
    signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    organizer = county.users[Role.STATION_ADMIN]

    def token(kind):
        return checkin_token_issue(activity_id=activity.pk, kind=kind, acting_user=organizer).token

    # when
    arrived = attendance_check_in(
        token=token("in"), idempotency_key="answer-in", acting_user=volunteer.user, now=activity.starts_at
    )
    left = attendance_check_out(
        token=token("out"),
        idempotency_key="answer-out",
        acting_user=volunteer.user,
        now=activity.starts_at + dt.timedelta(hours=2),
    )
    # then: also what the stored row gives (the check-in's instance is built from its statement)
    stored = Attendance.objects.get(pk=arrived.pk)
    stored.checked_out_at, stored.checked_out_method = None, ""
    assert answer_of(AttendanceOut, arrived).model_dump(mode="json") == AttendanceOut.model_validate(stored).model_dump(
        mode="json"
    )
    same_answer(AttendanceOut, arrived)
    same_answer(AttendanceOut, left)
    assert answer_of(AttendanceOut, left).volunteer_name == volunteer.name
