"""Reads of the hours ledger: totals from approved entries only, and the star level they earn."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth

from wenming.ledger.models import EntryKind, EntryStatus, HoursEntry
from wenming.regions.access import scoped
from wenming.regions.roles import ADD, VIEW

DEFAULT_STAR_THRESHOLDS = (100, 300, 600, 1000, 1500)


def volunteer_hours_total(*, volunteer: Any) -> Decimal:
    """Approved hours of one volunteer, reversals netted; pending and rejected entries never count."""
    total = HoursEntry.objects.approved().filter(volunteer=volunteer).aggregate(total=Sum("hours"))["total"]
    return Decimal(total or 0).quantize(Decimal("0.01"))


def star_thresholds() -> list[Decimal]:
    """Approved hours for one to five stars, ascending (WENMING_STAR_THRESHOLDS, default 100/300/600/1000/1500)."""
    configured = getattr(settings, "WENMING_STAR_THRESHOLDS", None) or DEFAULT_STAR_THRESHOLDS
    return sorted(Decimal(str(threshold)) for threshold in configured)


def star_level(hours: Decimal | int | float, thresholds: Sequence[int | Decimal] | None = None) -> int:
    """Stars 0..5: one for each threshold reached."""
    levels = star_thresholds() if thresholds is None else [Decimal(str(t)) for t in thresholds]
    amount = Decimal(str(hours))
    return sum(1 for threshold in levels if amount >= threshold)


@dataclass(frozen=True)
class HoursStanding:
    """What a volunteer's approved hours earn: stars, love points (爱心积分) and the next threshold."""

    total: Decimal
    star_level: int
    points: int
    next_threshold: Decimal | None
    star_count: int


def volunteer_hours_standing(*, volunteer: Any) -> HoursStanding:
    total = volunteer_hours_total(volunteer=volunteer)
    thresholds = star_thresholds()
    return HoursStanding(
        total=total,
        star_level=star_level(total, thresholds),
        points=int(total * settings.WENMING_POINTS_PER_HOUR),
        next_threshold=next((threshold for threshold in thresholds if total < threshold), None),
        star_count=len(thresholds),
    )


def volunteer_hours_report(*, volunteer: Any) -> dict[str, Any]:
    """The volunteer's own hours page: standing, hours per month, ledger rows (the total read once)."""
    standing = volunteer_hours_standing(volunteer=volunteer)
    return {
        "volunteer_id": volunteer.pk,
        "total_hours": standing.total,
        "star_level": standing.star_level,
        "points": standing.points,
        "by_month": volunteer_hours_by_month(volunteer=volunteer),
        "entries": list(volunteer_hours_entries(volunteer=volunteer)),
    }


def volunteer_hours_by_month(*, volunteer: Any) -> list[dict[str, Any]]:
    """Approved hours per calendar month of service (newest first): [{"month": date, "hours": Decimal}]."""
    rows = (
        HoursEntry.objects.approved()
        .filter(volunteer=volunteer)
        .annotate(month=TruncMonth("service_on"))
        .values("month")
        .annotate(hours=Sum("hours"))
        .order_by("-month")
    )
    return [{"month": row["month"], "hours": Decimal(row["hours"]).quantize(Decimal("0.01"))} for row in rows]


def volunteer_hours_entries(*, volunteer: Any) -> QuerySet[HoursEntry]:
    """The volunteer's own ledger rows, newest first, with what a record page shows."""
    # A decided proposal shows through its decision: the pair is one record to the volunteer.
    entries = HoursEntry.objects.filter(volunteer=volunteer).exclude(
        status=EntryStatus.PENDING, decided_by__isnull=False
    )
    return entries.select_related("activity", "site", "reverses")


def hours_pending_list(*, user: Any, activity_id: int | None = None) -> QuerySet[HoursEntry]:
    """Proposals awaiting a decision that the user may approve (oldest first)."""
    entries = scoped(HoursEntry.objects.all(), user, ADD).filter(
        kind=EntryKind.CREDIT, status=EntryStatus.PENDING, decides__isnull=True, decided_by__isnull=True
    )
    if activity_id is not None:
        entries = entries.filter(activity_id=activity_id)
    return entries.select_related("volunteer", "activity", "attendance").order_by("service_on", "id")


def hours_entry_list(
    *, user: Any, volunteer_id: int | None = None, activity_id: int | None = None
) -> QuerySet[HoursEntry]:
    """Ledger rows the user may read, newest first."""
    entries = scoped(HoursEntry.objects.all(), user, VIEW)
    if volunteer_id is not None:
        entries = entries.filter(volunteer_id=volunteer_id)
    if activity_id is not None:
        entries = entries.filter(activity_id=activity_id)
    return entries.select_related("volunteer", "activity")
