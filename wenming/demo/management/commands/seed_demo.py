"""`wenming seed_demo [--seed N]`: load the demo county (Tieli) into an empty database."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from wenming.demo.seed import demo_is_loaded, demo_seed


class Command(BaseCommand):
    help = "Load the demo county Tieli (铁力市) as raw records; skipped when the database already has regions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed builds the same county")
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="divide people and events by this number (benchmarks and CI only; 1 reproduces the article)",
        )

    def handle(self, *args: Any, seed: int, scale: int, verbosity: int, **options: Any) -> None:
        if demo_is_loaded():
            self.stdout.write(self.style.WARNING(_("数据库中已有行政区划数据，演示数据已加载或不适用，跳过。")))
            return
        if scale < 1:
            scale = 1
        started = time.perf_counter()
        log = self.stdout.write if verbosity >= 2 else None
        demo_seed(seed=seed, scale=scale, log=log)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after a bulk load
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(_("演示县（铁力市）已加载：种子 %(seed)d，比例 1/%(scale)d，用时 %(seconds).1f 秒。"))
            % {"seed": seed, "scale": scale, "seconds": elapsed}
        )
