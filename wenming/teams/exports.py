"""Excel exports of the team list and of one team's members (phones masked unless authorized)."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from wenming.core.exports import xlsx_response
from wenming.teams.models import Team
from wenming.teams.selectors import MemberRow


def teams_xlsx(*, teams: Iterable[Team]) -> HttpResponse:
    headers = [
        _("队伍名称"),
        _("服务类别"),
        _("所属区划"),
        _("区划代码"),
        _("所属阵地"),
        _("队长"),
        _("成立日期"),
        _("审核状态"),
        _("在用"),
    ]
    rows = (
        [
            team.name,
            team.category.name,
            team.region.name,
            team.region.code,
            team.home_site.name,
            team.leader.name if team.leader is not None else "",
            team.founded_on,
            str(team.get_status_display()),
            team.is_active,
        ]
        for team in teams
    )
    return xlsx_response(filename=_("志愿服务队"), sheet_title=_("志愿服务队"), headers=headers, rows=rows)


def members_xlsx(*, team: Team, members: Iterable[MemberRow]) -> HttpResponse:
    headers = [_("志愿者编号"), _("姓名"), _("队内角色"), _("手机号"), _("加入日期"), _("退出日期")]
    rows: Iterable[list[Any]] = (
        [member.volunteer_number, member.name, member.role_display, member.phone, member.joined_on, member.left_on]
        for member in members
    )
    title = _("%(team)s队员") % {"team": team.name}
    return xlsx_response(filename=title, sheet_title=_("队员"), headers=headers, rows=rows)
