"""Reads of trainings, their rosters and a volunteer's own trainings, always scoped to the user."""

import datetime as dt
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.errors import NotFoundError, PermissionDeniedError
from wenming.ledger.models import EntryKind, HoursEntry
from wenming.regions.access import scoped
from wenming.regions.models import Region
from wenming.regions.roles import CHANGE, VIEW
from wenming.trainings.models import EnrolmentStatus, Training, TrainingAttendance, TrainingHoursSetting
from wenming.volunteers.models import Volunteer
from wenming.volunteers.selectors import volunteer_of_user  # noqa: F401  (used by this app's views)


def _with_counts(trainings: QuerySet[Training]) -> QuerySet[Training]:
    """Enrolled, waitlisted and present (人次) counts of each training, in the same query."""
    return trainings.annotate(
        enrolled_count=Count("attendances", filter=Q(attendances__status=EnrolmentStatus.ENROLLED)),
        waitlisted_count=Count("attendances", filter=Q(attendances__status=EnrolmentStatus.WAITLISTED)),
        present_count=Count("attendances", filter=Q(attendances__is_present=True)),
    )


def training_list(
    *,
    user: Any,
    status: str | None = None,
    region_code: str | None = None,
    starts_from: dt.date | None = None,
    starts_to: dt.date | None = None,
    search: str | None = None,
    manageable_only: bool = False,
) -> QuerySet[Training]:
    """Trainings the user may see (or change), with their counts, latest first.

    `region_code`: only that region's subtree; `starts_from`/`starts_to`: local dates of the start, inclusive.
    """
    trainings = scoped(Training.objects.all(), user, CHANGE if manageable_only else VIEW)
    if status:
        trainings = trainings.filter(status=status)
    if region_code:
        region = Region.objects.filter(code=region_code).only("path").first()
        trainings = trainings.filter(region__path__startswith=region.path) if region else trainings.none()
    if starts_from:
        trainings = trainings.filter(starts_at__gte=_day_start(starts_from))
    if starts_to:
        trainings = trainings.filter(starts_at__lt=_day_start(starts_to + dt.timedelta(days=1)))
    if search and search.strip():
        trainings = trainings.filter(title__icontains=search.strip())
    return _with_counts(trainings).select_related("organizer_site", "region", "trainer").order_by("-starts_at", "-pk")


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight of a local (Asia/Shanghai) day: a date near midnight must not shift a day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def training_get(*, user: Any, training_id: int, action: str = VIEW) -> Training:
    """One training the user may see (or change); one outside their scope is reported like a missing one."""
    training = (
        _with_counts(scoped(Training.objects.all(), user, action))
        .select_related("organizer_site", "region", "trainer", "qualifies_skill")
        .filter(pk=training_id)
        .first()
    )
    if training is None:
        raise NotFoundError(_("培训不存在。"), field="training_id")
    return training


def training_may_change(*, user: Any, training: Training) -> bool:
    return scoped(Training.objects.filter(pk=training.pk), user, CHANGE).exists()


def training_roster(*, user: Any, training_id: int) -> QuerySet[TrainingAttendance]:
    """The training's enrolments, for those who manage it: enrolled first, then the
    waitlist in its order, then cancellations; each with whether its hours were proposed."""
    training = training_get(user=user, training_id=training_id)
    if not training_may_change(user=user, training=training):
        raise PermissionDeniedError(_("只有培训的主办方可以查看报名名单。"))
    proposed = HoursEntry.objects.filter(
        training_attendance=OuterRef("pk"), kind=EntryKind.CREDIT, decides__isnull=True
    )
    order = {EnrolmentStatus.ENROLLED: 0, EnrolmentStatus.WAITLISTED: 1, EnrolmentStatus.CANCELLED: 2}
    rank = Case(
        *(When(status=status, then=Value(value)) for status, value in order.items()), output_field=IntegerField()
    )
    return (
        TrainingAttendance.objects.filter(training=training)
        .annotate(hours_proposed=Exists(proposed), rank=rank)
        .select_related("volunteer")
        .order_by("rank", "enrolled_at", "pk")
    )


def training_attendance_get(*, user: Any, attendance_id: int, action: str = VIEW) -> TrainingAttendance:
    attendance = (
        scoped(TrainingAttendance.objects.all(), user, action)
        .select_related("training", "volunteer")
        .filter(pk=attendance_id)
        .first()
    )
    if attendance is None:
        raise NotFoundError(_("报名记录不存在。"), field="attendance_id")
    return attendance


def trainer_volunteer_get(*, user: Any, volunteer_id: int) -> Volunteer:
    """A volunteer of the user's scope to name as a training's trainer."""
    volunteer = scoped(Volunteer.objects.all(), user, VIEW).filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFoundError(_("志愿者不存在。"), field="trainer_id")
    return volunteer


def trainings_of_volunteer(*, volunteer: Any) -> QuerySet[TrainingAttendance]:
    """A volunteer's own enrolments and attendances, latest training first."""
    return (
        TrainingAttendance.objects.filter(volunteer=volunteer)
        .select_related("training", "training__organizer_site")
        .order_by("-training__starts_at", "-pk")
    )


def trainings_open_for(*, user: Any, volunteer: Any, now: dt.datetime | None = None) -> QuerySet[Training]:
    """Published trainings still to come that the volunteer has not enrolled in (nor waitlisted for)."""
    now = now or timezone.now()
    mine = TrainingAttendance.objects.filter(
        volunteer=volunteer, status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)
    )
    return (
        _with_counts(scoped(Training.objects.all(), user, VIEW))
        .filter(status="published", starts_at__gt=now)
        .exclude(pk__in=mine.values("training_id"))
        .select_related("organizer_site")
        .order_by("starts_at", "pk")
    )


def training_hours_counted(*, region: Region) -> bool:
    """Whether training hours count as service hours in `region`: the nearest setting up the tree decides;
    without any, they count (a training then credits its own credit_hours, 0 for none)."""
    codes = region.path.rstrip("/").split("/")
    ancestors = ["".join(f"{code}/" for code in codes[:depth]) for depth in range(1, len(codes) + 1)]
    settings = TrainingHoursSetting.objects.filter(region__path__in=ancestors).values_list(
        "region__path", "counts_training_hours"
    )
    nearest = max(settings, key=lambda pair: len(pair[0]), default=None)
    return True if nearest is None else bool(nearest[1])
