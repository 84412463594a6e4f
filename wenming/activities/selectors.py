"""Reads of activities, sign-ups and attendances, always scoped to the user."""

import datetime as dt
import math
from typing import Any

from django.db.models import Case, Count, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.activities.models import Activity, ActivityStatus, Attendance, SignUp, SignUpStatus
from wenming.core.errors import NotFoundError
from wenming.core.geo import distance_metres, gcj02_to_wgs84
from wenming.regions.access import scoped
from wenming.regions.roles import CHANGE, VIEW
from wenming.volunteers.models import Volunteer

KM_PER_DEGREE_LATITUDE = 111.32


def activity_list(
    *,
    user: Any,
    status: str | None = None,
    category_id: int | None = None,
    venue_type: str | None = None,
    upcoming_only: bool = False,
    search: str | None = None,
    manageable_only: bool = False,
) -> QuerySet[Activity]:
    activities = scoped(Activity.objects.all(), user, CHANGE if manageable_only else VIEW)
    if status:
        activities = activities.filter(status=status)
    if category_id:
        activities = activities.filter(category_id=category_id)
    if venue_type:
        activities = activities.filter(venue_type=venue_type)
    if upcoming_only:
        activities = activities.filter(ends_at__gt=timezone.now())
    if search:
        activities = activities.filter(title__icontains=search.strip())
    return activities.select_related("organizer_site", "organizer_team", "category", "region")


def activity_list_near(
    *,
    user: Any,
    latitude: float,
    longitude: float,
    radius_km: float = 10,
    coordinate_system: str = "wgs84",
    category_id: int | None = None,
    limit: int = 50,
) -> list[tuple[Activity, float]]:
    """Open activities within radius_km of a point, nearest first, with their distance in km."""
    if coordinate_system == "gcj02":
        latitude, longitude = gcj02_to_wgs84(latitude, longitude)
    delta_latitude = radius_km / KM_PER_DEGREE_LATITUDE
    delta_longitude = radius_km / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(latitude)), 0.01))
    candidates = activity_list(user=user, status=ActivityStatus.PUBLISHED, category_id=category_id, upcoming_only=True)
    candidates = candidates.filter(
        latitude__gte=latitude - delta_latitude,
        latitude__lte=latitude + delta_latitude,
        longitude__gte=longitude - delta_longitude,
        longitude__lte=longitude + delta_longitude,
    )
    near = []
    for activity in candidates[:2000]:
        assert activity.latitude is not None and activity.longitude is not None
        kilometres = distance_metres(latitude, longitude, float(activity.latitude), float(activity.longitude)) / 1000
        if kilometres <= radius_km:
            near.append((activity, kilometres))
    near.sort(key=lambda pair: (pair[1], pair[0].starts_at))
    return near[:limit]


def activity_get(*, user: Any, activity_id: int, action: str = VIEW) -> Activity:
    activity = (
        scoped(Activity.objects.all(), user, action)
        .select_related("organizer_site", "organizer_team", "category", "region", "project", "required_training")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFoundError(_("活动不存在。"))
    return activity


def signup_list(*, user: Any, activity_id: int) -> QuerySet[SignUp]:
    """An activity's sign-ups for its organizer: confirmed first, then the waitlist in its order."""
    activity = activity_get(user=user, activity_id=activity_id, action=CHANGE)
    rank = Case(
        When(status=SignUpStatus.CONFIRMED, then=Value(0)),
        When(status=SignUpStatus.WAITLISTED, then=Value(1)),
        default=Value(2),
    )
    return SignUp.objects.filter(activity=activity).select_related("volunteer").order_by(rank, "queued_at", "id")


def volunteer_commitments(*, user: Any, include_past: bool = False) -> QuerySet[SignUp]:
    """The user's own sign-ups (confirmed and waitlisted), soonest first."""
    signups = SignUp.objects.filter(
        volunteer__user_id=user.pk, status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)
    ).exclude(activity__status=ActivityStatus.CANCELLED)
    if not include_past:
        signups = signups.filter(activity__ends_at__gt=timezone.now() - dt.timedelta(days=1))
    ahead = (
        SignUp.objects.filter(
            activity_id=OuterRef("activity_id"), status=SignUpStatus.WAITLISTED, queued_at__lt=OuterRef("queued_at")
        )
        .values("activity_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        signups.annotate(waitlisted_ahead=Coalesce(Subquery(ahead), 0))  # the queue, read with the rows
        .select_related("activity", "activity__organizer_site")
        .order_by("activity__starts_at")
    )


def waitlist_position(signup: SignUp) -> int | None:
    """1 for the first in line; None when the sign-up is not waitlisted."""
    if signup.status != SignUpStatus.WAITLISTED or signup.queued_at is None:
        return None
    ahead_annotated = getattr(signup, "waitlisted_ahead", None)  # volunteer_commitments reads it with the rows
    if ahead_annotated is not None:
        return ahead_annotated + 1
    ahead = SignUp.objects.filter(
        activity_id=signup.activity_id, status=SignUpStatus.WAITLISTED, queued_at__lt=signup.queued_at
    ).count()
    return ahead + 1


def attendance_list(*, user: Any, activity_id: int) -> QuerySet[Attendance]:
    activity = activity_get(user=user, activity_id=activity_id, action=CHANGE)
    return Attendance.objects.filter(activity=activity).select_related("volunteer").order_by("checked_in_at", "id")


def calendar_commitments(*, token: str) -> tuple[Any, QuerySet[SignUp]] | None:
    """The volunteer and their commitments behind a private calendar token (None if unknown)."""
    if not token:
        return None
    volunteer = Volunteer.objects.filter(calendar_token=token).first()
    if volunteer is None:
        return None
    signups = (
        SignUp.objects.filter(volunteer=volunteer, status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED))
        .filter(activity__ends_at__gt=timezone.now() - dt.timedelta(days=90))
        .select_related("activity")
        .order_by("activity__starts_at")
    )
    return volunteer, signups
