"""Send every notification delivery not tried yet, now (cron, or `--every N` as a loop)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from wenming.notifications.tasks import notification_deliveries_drain


class Command(BaseCommand):
    help = (
        "Send every pending notification delivery not tried yet: the safety net for a drain lost with "
        "its process (the worker's drains send them within seconds otherwise)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds (0: run once)")

    def handle(self, *args: Any, every: int, **options: Any) -> None:
        while True:
            outcomes = notification_deliveries_drain.call()
            self.stdout.write(" · ".join(f"{outcome} {count}" for outcome, count in outcomes.items()))
            if every <= 0:
                return
            time.sleep(every)
