"""Sign-up: places, waitlist and its promotion, cancellation, eligibility, overlapping commitments."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.activities.conftest import activity_make, volunteer_with_user
from wenming.activities import statements
from wenming.activities.models import Activity, SignUp, SignUpStatus
from wenming.activities.selectors import waitlist_position
from wenming.activities.services import activity_cancel, activity_close, activity_update, signup_cancel, signup_create
from wenming.core.errors import DomainError, NotFoundError
from wenming.notifications.models import Notification, NotificationKind
from wenming.regions.roles import Role
from wenming.trainings.models import Training, TrainingAttendance
from wenming.volunteers.models import Skill, Volunteer, VolunteerStatus

pytestmark = pytest.mark.django_db


def signup_as(volunteer, activity, **kwargs):
    return signup_create(activity_id=activity.pk, acting_user=volunteer.user, **kwargs)


def test_signup_confirms_while_places_last_then_waitlists(county):
    # given
    activity = activity_make(county, capacity=2)
    volunteers = [volunteer_with_user(county, sequence) for sequence in (11, 12, 13, 14)]
    # when
    signups = [signup_as(volunteer, activity) for volunteer in volunteers]
    # then
    assert [signup.status for signup in signups] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    activity.refresh_from_db()
    assert activity.confirmed_count == 2
    assert [waitlist_position(signup) for signup in signups] == [None, None, 1, 2]
    kinds = list(Notification.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["signup_confirmed", "signup_confirmed", "signup_waitlisted", "signup_waitlisted"]


def test_signup_twice_returns_the_same_signup(county, activity):
    volunteer = volunteer_with_user(county, 11)
    first = signup_as(volunteer, activity)
    second = signup_as(volunteer, activity)
    assert first.pk == second.pk
    assert SignUp.objects.count() == 1
    activity.refresh_from_db()
    assert activity.confirmed_count == 1


def test_cancellation_promotes_the_first_waitlisted(county):
    activity = activity_make(county, capacity=1)
    first, second, third = (volunteer_with_user(county, sequence) for sequence in (11, 12, 13))
    held = signup_as(first, activity)
    signup_as(second, activity)
    signup_as(third, activity)
    # when
    signup_cancel(signup_id=held.pk, acting_user=first.user)
    # then
    statuses = dict(SignUp.objects.values_list("volunteer_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", third.pk: "waitlisted"}
    activity.refresh_from_db()
    assert activity.confirmed_count == 1
    promoted = Notification.objects.get(kind=NotificationKind.WAITLIST_PROMOTED)
    assert promoted.recipient_volunteer_id == second.pk


def test_cancelled_volunteer_may_sign_up_again_at_the_back(county):
    activity = activity_make(county, capacity=1)
    first, second = volunteer_with_user(county, 11), volunteer_with_user(county, 12)
    held = signup_as(first, activity)
    signup_as(second, activity)
    signup_cancel(signup_id=held.pk, acting_user=first.user)
    again = signup_as(first, activity)
    assert again.pk == held.pk
    assert again.status == SignUpStatus.WAITLISTED


def test_late_cancellation_notifies_the_organizer(county):
    activity = activity_make(county, starts_in_hours=5, late_cancel_hours=24)
    volunteer = volunteer_with_user(county, 11)
    signup = signup_as(volunteer, activity)
    cancelled = signup_cancel(signup_id=signup.pk, acting_user=volunteer.user, reason="家里有事")
    assert cancelled.is_late_cancellation is True
    notice = Notification.objects.get(kind=NotificationKind.LATE_CANCELLATION)
    assert notice.recipient_user_id == county.users[Role.STATION_ADMIN].pk
    assert "家里有事" in notice.body


def test_early_cancellation_does_not_notify_the_organizer(county):
    activity = activity_make(county, starts_in_hours=72, late_cancel_hours=24)
    volunteer = volunteer_with_user(county, 11)
    signup = signup_as(volunteer, activity)
    assert signup_cancel(signup_id=signup.pk, acting_user=volunteer.user).is_late_cancellation is False
    assert not Notification.objects.filter(kind=NotificationKind.LATE_CANCELLATION).exists()


def test_cancellation_after_the_start_is_refused(county):
    activity = activity_make(county, starts_in_hours=1)
    volunteer = volunteer_with_user(county, 11)
    signup = signup_as(volunteer, activity)
    with pytest.raises(DomainError, match="活动已经开始"):
        signup_cancel(signup_id=signup.pk, acting_user=volunteer.user, now=activity.starts_at + dt.timedelta(minutes=1))
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CONFIRMED


def test_a_volunteer_cannot_cancel_someone_elses_signup(county, activity):
    volunteer, other = volunteer_with_user(county, 11), volunteer_with_user(county, 12)
    signup = signup_as(volunteer, activity)
    with pytest.raises(NotFoundError):
        signup_cancel(signup_id=signup.pk, acting_user=other.user)
    assert SignUp.objects.get().status == SignUpStatus.CONFIRMED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("closed", "已截止报名"),
        ("cancelled", "已取消"),
        ("past", "已经开始或结束"),
        ("deadline", "已截止报名"),
    ],
)
def test_signup_to_a_closed_cancelled_or_past_activity_is_refused(county, change, message):
    admin = county.users[Role.STATION_ADMIN]
    activity = activity_make(county, signup_closes_at=timezone.now() + dt.timedelta(hours=1))
    volunteer = volunteer_with_user(county, 11)
    now = None
    if change == "closed":
        activity_close(activity_id=activity.pk, acting_user=admin)
    elif change == "cancelled":
        activity_cancel(activity_id=activity.pk, reason="天气原因", acting_user=admin)
    elif change == "past":
        now = activity.starts_at + dt.timedelta(minutes=1)
    else:
        now = timezone.now() + dt.timedelta(hours=2)
    with pytest.raises(DomainError, match=message):
        signup_as(volunteer, activity, now=now)
    assert SignUp.objects.count() == 0
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 0


def test_draft_activity_is_invisible_to_volunteers(county):
    activity = activity_make(county, publish=False)
    with pytest.raises(NotFoundError):
        signup_as(volunteer_with_user(county, 11), activity)


def test_age_conditions_refuse_with_the_reason(county):
    activity = activity_make(county, min_age=18, max_age=60)
    young = volunteer_with_user(county, 11, birth=f"{timezone.localdate().year - 17}0101")
    old = volunteer_with_user(county, 12, birth="19400101")
    with pytest.raises(DomainError, match="年满 18 周岁"):
        signup_as(young, activity)
    with pytest.raises(DomainError, match="不超过 60 周岁"):
        signup_as(old, activity)
    assert SignUp.objects.count() == 0


def test_child_under_14_needs_guardian_consent(county, activity):
    child = volunteer_with_user(county, 11)
    Volunteer.objects.filter(pk=child.pk).update(birth_on=dt.date(timezone.localdate().year - 10, 6, 1))
    child.refresh_from_db()
    with pytest.raises(DomainError, match="监护人同意"):
        signup_as(child, activity)
    child.guardian_name = "张父"
    child.guardian_consent_at = timezone.now()
    child.save()
    assert signup_as(child, activity).status == SignUpStatus.CONFIRMED


def test_required_skill_and_training(county):
    skill = Skill.objects.create(code="first-aid", name="急救")
    training = Training.objects.create(
        region=county.county,
        title="急救培训",
        organizer_site=county.center,
        place="中心",
        starts_at=timezone.now() - dt.timedelta(days=30),
        ends_at=timezone.now() - dt.timedelta(days=30) + dt.timedelta(hours=2),
        capacity=50,
    )
    activity = activity_make(county, required_skills=[skill], required_training=training)
    volunteer = volunteer_with_user(county, 11)
    with pytest.raises(DomainError, match="急救"):
        signup_as(volunteer, activity)
    volunteer.skills.add(skill)
    with pytest.raises(DomainError, match="培训《急救培训》"):
        signup_as(volunteer, activity)
    TrainingAttendance.objects.create(training=training, volunteer=volunteer, is_present=True, is_passed=True)
    assert signup_as(volunteer, activity).status == SignUpStatus.CONFIRMED


def test_overlapping_commitment_is_refused(county):
    first = activity_make(county, title="上午宣讲", starts_in_hours=48)
    overlapping = activity_make(county, title="同时段清扫", starts_in_hours=49)
    later = activity_make(county, title="下午活动", starts_in_hours=51)  # starts when the first ends
    volunteer = volunteer_with_user(county, 11)
    signup_as(volunteer, first)
    with pytest.raises(DomainError, match="上午宣讲"):
        signup_as(volunteer, overlapping)
    assert signup_as(volunteer, later).status == SignUpStatus.CONFIRMED
    assert SignUp.objects.filter(activity=overlapping).count() == 0


def test_staff_sign_up_a_volunteer_in_scope_but_not_outside(county, activity):
    admin = county.users[Role.STATION_ADMIN]
    own = county.volunteers["own"]
    signup = signup_create(activity_id=activity.pk, acting_user=admin, volunteer_id=own.pk)
    assert signup.volunteer_id == own.pk
    with pytest.raises(NotFoundError):
        signup_create(activity_id=activity.pk, acting_user=admin, volunteer_id=county.volunteers["sibling"].pk)


def test_raising_capacity_promotes_the_waitlist(county):
    activity = activity_make(county, capacity=1)
    first, second = volunteer_with_user(county, 11), volunteer_with_user(county, 12)
    signup_as(first, activity)
    waiting = signup_as(second, activity)
    activity_update(activity_id=activity.pk, acting_user=county.users[Role.STATION_ADMIN], capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.CONFIRMED


def test_capacity_below_confirmed_is_refused(county):
    activity = activity_make(county, capacity=2)
    for sequence in (11, 12):
        signup_as(volunteer_with_user(county, sequence), activity)
    with pytest.raises(DomainError, match="已有 2 人确认报名"):
        activity_update(activity_id=activity.pk, acting_user=county.users[Role.STATION_ADMIN], capacity=1)
    assert Activity.objects.get(pk=activity.pk).capacity == 2


def test_usual_signup_statements_are_pinned(county, activity, settings):
    # The busiest write there is (ADR 0006). PostgreSQL: the volunteer with the activity and the
    # sign-ups around it, then the place with the sign-up, the message and its deliveries (outside a
    # test's transaction, without BEGIN and COMMIT); SQLite: the lock, the activity, the sign-ups, the
    # place, the volunteer's version, the sign-up, the message, its deliveries.
    settings.WENMING_NOTIFICATION_CHANNELS = ["wenming.notifications.channels.LogChannel"]
    volunteer = volunteer_with_user(county, 31)
    with CaptureQueriesContext(connection) as captured:
        signup = signup_create(activity_id=activity.pk, acting_user=volunteer.user)
    # (the acting user and their roles come from the cache in a request; a test's atomic is a savepoint)
    statements = [
        query["sql"]
        for query in captured.captured_queries
        if "accounts_" not in query["sql"] and not query["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))
    ]
    assert len(statements) == (2 if connection.vendor == "postgresql" else 8), [sql[:70] for sql in statements]
    assert signup.status == SignUpStatus.CONFIRMED
    assert Notification.objects.get(recipient_volunteer=volunteer).deliveries.count() == 1


def usual_signup_interrupted(monkeypatch, interruption):
    """Run `interruption` once, between the usual sign-up's read and its write (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite signs up the careful way only: its writers queue for the database's lock")
    read = statements.signup_facts

    def read_then_interrupt(**kwargs):
        facts = read(**kwargs)
        monkeypatch.setattr(statements, "signup_facts", read)
        # Another writer works in a transaction of its own: in a test's transaction, a savepoint (a
        # row written in it gets a version of its own, as another transaction's would).
        with transaction.atomic():
            interruption()
        return facts

    monkeypatch.setattr(statements, "signup_facts", read_then_interrupt)


def test_a_signup_written_meanwhile_sends_the_usual_signup_the_careful_way(county, monkeypatch):
    # given: two activities at the same time, and a second phone that signs up for the first one
    # between this sign-up's read and its write
    starts_at = timezone.now() + dt.timedelta(days=2)
    first, second = activity_make(county, starts_at=starts_at), activity_make(county, starts_at=starts_at)
    volunteer = volunteer_with_user(county, 41)
    usual_signup_interrupted(monkeypatch, lambda: signup_as(volunteer, first))
    # when
    with pytest.raises(DomainError) as refusal:
        signup_as(volunteer, second)
    # then: the write did nothing, and the careful way saw the other sign-up
    assert refusal.value.code == "overlapping_commitment"
    assert list(SignUp.objects.filter(volunteer=volunteer).values_list("activity_id", flat=True)) == [first.pk]
    assert Activity.objects.get(pk=second.pk).confirmed_count == 0
    assert Notification.objects.filter(recipient_volunteer=volunteer).count() == 1


def test_an_edit_of_the_volunteer_meanwhile_sends_the_usual_signup_the_careful_way(county, activity, monkeypatch):
    # given: the volunteer is suspended between the sign-up's read and its write
    volunteer = volunteer_with_user(county, 42)
    usual_signup_interrupted(
        monkeypatch, lambda: Volunteer.objects.filter(pk=volunteer.pk).update(status=VolunteerStatus.SUSPENDED)
    )
    # when
    with pytest.raises(DomainError) as refusal:
        signup_as(volunteer, activity)
    # then
    assert refusal.value.code == "volunteer_inactive"
    assert not SignUp.objects.filter(volunteer=volunteer).exists()
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 0
    assert not Notification.objects.filter(recipient_volunteer=volunteer).exists()


def test_a_signup_written_meanwhile_without_the_version_leaves_nothing_half_done(county, activity, monkeypatch):
    # given: a sign-up row written between the read and the write by a writer that does not raise
    # the volunteer's version (an import, the admin): the write's INSERT meets the unique constraint
    volunteer = volunteer_with_user(county, 43)
    written = []
    usual_signup_interrupted(
        monkeypatch,
        lambda: written.append(
            SignUp.objects.create(
                activity=activity, volunteer=volunteer, status=SignUpStatus.WAITLISTED, queued_at=timezone.now()
            )
        ),
    )
    # when
    signup = signup_as(volunteer, activity)
    # then: the whole write was undone (no place taken, no message), and the careful way found the row
    assert signup.pk == written[0].pk
    assert signup.status == SignUpStatus.WAITLISTED
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 0
    assert not Notification.objects.filter(recipient_volunteer=volunteer).exists()


def test_every_signup_written_raises_the_volunteers_version(county, activity):
    volunteer = volunteer_with_user(county, 44)
    admin = county.users[Role.STATION_ADMIN]
    # the usual way, the careful way (for a volunteer, by staff), and a renewal after a cancellation
    signup = signup_as(volunteer, activity)
    signup_cancel(signup_id=signup.pk, acting_user=volunteer.user)
    signup_create(activity_id=activity.pk, acting_user=admin, volunteer_id=volunteer.pk)
    signup_as(volunteer, activity_make(county, starts_in_hours=100))
    assert Volunteer.objects.get(pk=volunteer.pk).signup_version == 3
