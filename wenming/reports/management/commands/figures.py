"""`wenming figures [--region CODE] [--json]`: the fifteen figures of a region, from raw records."""

import json
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wenming.regions.models import Region
from wenming.reports.selectors import figures_compute, figures_default_region


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


class Command(BaseCommand):
    help = "Print the figures of DESIGN.md §3 for a region (default: the only county, else the root)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="region code, e.g. 230781 (default: the only county, else the root)")
        parser.add_argument("--json", action="store_true", help="print the stable JSON shape instead of a table")

    def handle(self, *args: Any, region: str | None, json: bool, **options: Any) -> None:
        if region:
            found = Region.objects.filter(code=region.strip()).first()
            if found is None:
                raise CommandError(_("找不到区划代码为“%(code)s”的行政区划。") % {"code": region})
        else:
            found = figures_default_region()
            if found is None:
                raise CommandError(_("数据库中还没有行政区划数据，请先运行 seed_demo 或录入区划。"))
        figures = figures_compute(region=found)
        if json:
            self.stdout.write(_dumps(figures.as_dict()))
            return
        rows = [(str(number), str(label), value) for number, label, value in figures.rows()]
        label_width = max(display_width(label) for _number, label, _value in rows)
        self.stdout.write(f"{found.name}（{found.code}）")
        for number, label, value in rows:
            self.stdout.write(f"{number:>2}  {pad(label, label_width)}  {value}")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
