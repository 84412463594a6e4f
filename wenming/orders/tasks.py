"""Background tasks of service orders (django-tasks; the embedded database queue by default)."""

from django_tasks import task


@task()
def order_deadline_check_task(order_id: int, expected_status: str, expected_deadline_at: str) -> str:
    """When a state's clock runs out: expire, escalate a tier or flag overdue; nothing if the order moved on."""
    from wenming.orders.services import order_deadline_check

    return order_deadline_check(
        order_id=order_id, expected_status=expected_status, expected_deadline_at=expected_deadline_at
    )


@task()
def orders_housekeeping_run() -> dict[str, int]:
    """One round over every order whose deadline has passed; cron or the worker runs it."""
    from wenming.orders.services import orders_deadlines_sweep

    return orders_deadlines_sweep()
