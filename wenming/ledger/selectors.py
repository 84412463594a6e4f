"""Reads of the hours ledger: totals from approved entries only, and the star level they earn."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Sum

from wenming.ledger.models import HoursEntry

DEFAULT_STAR_THRESHOLDS = (100, 300, 600, 1000, 1500)


def volunteer_hours_total(*, volunteer: Any) -> Decimal:
    """Approved hours of one volunteer, reversals netted; pending and rejected entries never count."""
    total = HoursEntry.objects.approved().filter(volunteer=volunteer).aggregate(total=Sum("hours"))["total"]
    return Decimal(total or 0).quantize(Decimal("0.01"))


def star_level(hours: Decimal | int | float, thresholds: Sequence[int | Decimal] | None = None) -> int:
    """Stars 0..5: one for each threshold reached (default 100/300/600/1000/1500 hours)."""
    if thresholds is None:
        thresholds = getattr(settings, "WENMING_STAR_THRESHOLDS", None) or DEFAULT_STAR_THRESHOLDS
    amount = Decimal(str(hours))
    return sum(1 for threshold in sorted(Decimal(str(t)) for t in thresholds) if amount >= threshold)
