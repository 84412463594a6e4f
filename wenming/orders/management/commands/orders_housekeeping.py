"""Check the orders whose deadline has passed: escalate, flag overdue, expire (cron, or `--every N`)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from wenming.orders.services import orders_deadlines_sweep


class Command(BaseCommand):
    help = "Escalate, flag overdue or expire the service orders whose deadline has passed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds (0: run once)")

    def handle(self, *args: Any, every: int, **options: Any) -> None:
        while True:
            outcomes = orders_deadlines_sweep()
            checked = sum(outcomes.values())
            details = " · ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))
            self.stdout.write(f"checked {checked}" + (f" · {details}" if details else ""))
            if every <= 0:
                return
            time.sleep(every)
