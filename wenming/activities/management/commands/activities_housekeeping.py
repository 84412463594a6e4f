"""Send the reminders that are due and close forgotten check-outs (cron, or `--every N` as a loop)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from wenming.activities.services import activities_housekeeping


class Command(BaseCommand):
    help = "Send due activity reminders and close attendances left open past the cap."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds (0: run once)")

    def handle(self, *args: Any, every: int, **options: Any) -> None:
        while True:
            done = activities_housekeeping()
            self.stdout.write(f"reminded {done['reminded']} · closed {done['closed']}")
            if every <= 0:
                return
            time.sleep(every)
