"""Background tasks of activities (django-tasks; the embedded database queue by default)."""

from django_tasks import task


@task()
def activity_reminders_send(activity_id: int, expected_starts_at: str) -> int:
    """The day-before reminder; does nothing if the activity moved or was cancelled since."""
    from wenming.activities.services import activity_reminders_deliver

    return activity_reminders_deliver(activity_id=activity_id, expected_starts_at=expected_starts_at)


@task()
def activity_attendances_close(activity_id: int) -> int:
    """After the activity's end and the cap: close the attendances still open and flag them for review."""
    from wenming.activities.services_attendance import attendances_close_overdue

    return attendances_close_overdue(activity_id=activity_id)


@task()
def activities_housekeeping_run() -> dict[str, int]:
    """One round of housekeeping (reminders due, forgotten check-outs); cron or the worker runs it."""
    from wenming.activities.services import activities_housekeeping

    return activities_housekeeping()
