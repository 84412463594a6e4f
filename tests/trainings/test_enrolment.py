import datetime as dt

import pytest
from django.utils import timezone

from tests.trainings.builders import enrol, held, training_make
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.regions.roles import Role
from wenming.trainings.models import EnrolmentStatus, TrainingAttendance
from wenming.trainings.services import training_enrol, training_enrolment_cancel
from wenming.volunteers.models import Volunteer, VolunteerStatus


def test_volunteer_enrols_themselves(county, training):
    attendance = training_enrol(training_id=training.pk, acting_user=county.users[Role.VOLUNTEER])
    assert (attendance.volunteer, attendance.status, attendance.is_present) == (
        county.volunteers["own"],
        EnrolmentStatus.ENROLLED,
        False,
    )


def test_enrolment_waitlists_when_full_and_a_cancellation_promotes_the_first(county):
    training = training_make(county, capacity=1)
    first = enrol(county, training, county.volunteers["own"])
    second = enrol(county, training, county.volunteers["sibling"])
    third = enrol(county, training, county.volunteers["township"])
    assert [first.status, second.status, third.status] == ["enrolled", "waitlisted", "waitlisted"]
    training_enrolment_cancel(attendance_id=first.pk, acting_user=county.users[Role.VOLUNTEER])
    statuses = dict(TrainingAttendance.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "enrolled", third.pk: "waitlisted"}


def test_double_enrolment_is_refused_and_nothing_changes(county, training):
    attendance = enrol(county, training, county.volunteers["own"])
    with pytest.raises(DomainError) as refusal:
        training_enrol(training_id=training.pk, acting_user=county.users[Role.VOLUNTEER])
    assert (refusal.value.code, str(refusal.value.message)) == (
        "already_enrolled",
        "已经报名过这个培训，请勿重复报名。",
    )
    assert list(TrainingAttendance.objects.values_list("pk", "status")) == [(attendance.pk, "enrolled")]


def test_enrolling_again_after_a_cancellation_reuses_the_row(county, training):
    attendance = enrol(county, training, county.volunteers["own"])
    training_enrolment_cancel(attendance_id=attendance.pk, acting_user=county.users[Role.VOLUNTEER])
    again = training_enrol(training_id=training.pk, acting_user=county.users[Role.VOLUNTEER])
    assert (again.pk, again.status, TrainingAttendance.objects.count()) == (attendance.pk, "enrolled", 1)


def test_enrolment_in_a_draft_is_not_found_for_a_volunteer(county):
    draft = training_make(county, publish=False)
    with pytest.raises(NotFoundError):
        training_enrol(training_id=draft.pk, acting_user=county.users[Role.VOLUNTEER])
    assert TrainingAttendance.objects.count() == 0


def test_enrolment_in_a_draft_is_refused_for_its_organizer(county):
    draft = training_make(county, publish=False)
    with pytest.raises(DomainError) as refusal:
        enrol(county, draft, county.volunteers["own"])
    assert refusal.value.code == "training_not_open"
    assert TrainingAttendance.objects.count() == 0


def test_enrolment_after_the_start_is_refused(county, training):
    held(training, ended=False)
    with pytest.raises(DomainError) as refusal:
        training_enrol(training_id=training.pk, acting_user=county.users[Role.VOLUNTEER])
    assert refusal.value.code == "training_started"
    assert TrainingAttendance.objects.count() == 0


def test_enrolment_of_a_suspended_volunteer_is_refused(county, training):
    Volunteer.objects.filter(pk=county.volunteers["own"].pk).update(status=VolunteerStatus.SUSPENDED)
    with pytest.raises(DomainError) as refusal:
        training_enrol(training_id=training.pk, acting_user=county.users[Role.VOLUNTEER])
    assert refusal.value.code == "volunteer_inactive"
    assert TrainingAttendance.objects.count() == 0


def test_a_user_without_a_volunteer_record_cannot_enrol(county, training):
    with pytest.raises(DomainError) as refusal:
        training_enrol(training_id=training.pk, acting_user=county.users[Role.VIEWER])
    assert refusal.value.code == "not_a_volunteer"


def test_an_organizer_enrols_only_volunteers_of_their_scope(county, training):
    with pytest.raises(NotFoundError):
        training_enrol(
            training_id=training.pk,
            acting_user=county.users[Role.STATION_ADMIN],
            volunteer_id=county.volunteers["sibling"].pk,
        )
    assert TrainingAttendance.objects.count() == 0


def test_a_volunteer_cannot_cancel_someone_elses_enrolment(county, training):
    other = enrol(county, training, county.volunteers["sibling"])
    with pytest.raises(NotFoundError):
        training_enrolment_cancel(attendance_id=other.pk, acting_user=county.users[Role.VOLUNTEER])
    assert TrainingAttendance.objects.get(pk=other.pk).status == "enrolled"


def test_cancelling_after_the_start_is_refused(county, training):
    attendance = enrol(county, training, county.volunteers["own"])
    with pytest.raises(DomainError) as refusal:
        training_enrolment_cancel(
            attendance_id=attendance.pk,
            acting_user=county.users[Role.VOLUNTEER],
            now=training.starts_at + dt.timedelta(minutes=1),
        )
    assert refusal.value.code == "training_started"
    assert TrainingAttendance.objects.get(pk=attendance.pk).status == "enrolled"


def test_cancelling_twice_is_refused(county, training):
    attendance = enrol(county, training, county.volunteers["own"])
    training_enrolment_cancel(attendance_id=attendance.pk, acting_user=county.users[Role.VOLUNTEER])
    with pytest.raises(DomainError) as refusal:
        training_enrolment_cancel(attendance_id=attendance.pk, acting_user=county.users[Role.VOLUNTEER])
    assert refusal.value.code == "enrolment_not_active"


def test_team_leader_reads_but_cannot_cancel_an_enrolment_in_their_village(county, training):
    attendance = enrol(county, training, county.volunteers["own"])
    with pytest.raises(PermissionDeniedError):
        training_enrolment_cancel(attendance_id=attendance.pk, acting_user=county.users[Role.TEAM_LEADER])
    assert TrainingAttendance.objects.get(pk=attendance.pk).cancelled_at is None
    assert timezone.now() < training.starts_at
