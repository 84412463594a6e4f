"""`wenming demo_users`: one login per role over the demo county; prints role, username, password, scope."""

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wenming.core.errors import DomainError
from wenming.demo.users import demo_users_ensure


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "Create one demo login per role (idempotent) and print them."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            logins = demo_users_ensure()
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        header = (_("角色"), _("用户名"), _("密码"), _("范围"))
        rows = [header] + [(login.role_label, login.username, login.password, login.scope) for login in logins]
        widths = [max(_width(row[column]) for row in rows) for column in range(3)]
        self.stdout.write(_("演示账号（仅供演示，请勿在生产环境使用）："))
        for row in rows:
            self.stdout.write("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
