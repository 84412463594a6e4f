"""Writes of teams: registration and review, leaders and deputies, join and leave requests, categories.

Team.leader, the leader's Membership(role=leader) and the TEAM_LEADER role assignment change together,
in one transaction, only through `_leader_install` and `_leader_roles_revoke`.
"""

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import RoleAssignment
from wenming.accounts.services import role_assign
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.notifications.models import NotificationKind
from wenming.notifications.services import notification_send
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import Role
from wenming.sites.models import Site
from wenming.teams.models import (
    CountyCategory,
    Membership,
    MembershipRequest,
    MembershipRequestKind,
    MembershipRequestStatus,
    MembershipRole,
    Team,
    TeamCategory,
    TeamStatus,
)
from wenming.teams.selectors import (
    category_offered,
    counties_administered,
    county_of,
    membership_request_get,
    team_admin_covers,
    team_get,
    team_may_change,
    team_may_manage_members,
    volunteer_of_user,
)
from wenming.volunteers.models import Volunteer, VolunteerStatus

NAME_MAX = Team._meta.get_field("name").max_length or 100
REASON_MIN = 2
REASON_MAX = 200
CATEGORY_NAME_MAX = TeamCategory._meta.get_field("name").max_length or 40
CATEGORY_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def _text(value: str | None) -> str:
    return (value or "").replace("\x00", "").strip()


def _reason(value: str | None, field: str, message: Any) -> str:
    reason = _text(value)
    if len(reason) < REASON_MIN:
        raise ValidationError({field: [message]})
    if len(reason) > REASON_MAX:
        raise ValidationError({field: [_("理由不能超过200个字。")]})
    return reason


def _team_locked(*, team_id: int, acting_user: Any) -> Team:
    """The team (in the user's sight: else not found), locked for the rest of the transaction."""
    visible = team_get(user=acting_user, team_id=team_id)
    return Team.objects.select_for_update(of=("self",)).select_related("region", "leader").get(pk=visible.pk)


def _volunteer_in_county(*, volunteer_id: int, county: Region, field: str = "volunteer_id") -> Volunteer:
    volunteer = (
        Volunteer.objects.filter(pk=volunteer_id, region__path__startswith=county.path).select_related("user").first()
    )
    if volunteer is None:
        raise ValidationError({field: [_("该志愿者不存在或不在本县（市、区）。")]})
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise ValidationError({field: [_("该志愿者不是在册状态，不能担任队员。")]})
    return volunteer


def _notify(recipients: list[Any], title: Any, body: Any, url: str, related: Any) -> None:
    people = [person for person in recipients if person is not None]
    if people:
        notification_send(
            recipients=people, kind=NotificationKind.GENERAL, title=str(title), body=str(body), url=url, related=related
        )


def _team_url(team: Team) -> str:
    return f"/teams/{team.pk}/"


MINE_URL = "/teams/mine/"


# -- the fields of a team --------------------------------------------------------------------------


def _team_fields_check(
    *,
    name: str,
    region: Region,
    category: TeamCategory | None,
    home_site: Site | None,
    founded_on: dt.date | None,
    exclude_team_id: int | None = None,
) -> Region:
    """The rules every registration and update follows; returns the team's county."""
    if not name:
        raise ValidationError({"name": [_("请填写队伍名称。")]})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": [_("队伍名称不能超过100个字。")]})
    county = county_of(region)
    if county is None or region.level not in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        raise ValidationError({"region": [_("队伍须属于县（市、区）及以下的区划。")]})
    duplicates = Team.objects.filter(region=region, name=name)
    if exclude_team_id is not None:
        duplicates = duplicates.exclude(pk=exclude_team_id)
    if duplicates.exists():
        raise ValidationError({"name": [_("本区划已有同名队伍。")]})
    if category is None or category_offered(county=county, category_id=category.pk) is None:
        raise ValidationError({"category": [_("该服务类别未在本县（市、区）启用。")]})
    if home_site is None or not home_site.is_active:
        raise ValidationError({"home_site": [_("请选择在用的所属阵地。")]})
    if not home_site.region.path.startswith(region.path):
        raise ValidationError({"home_site": [_("所属阵地须在队伍所属区划内。")]})
    if founded_on is None:
        raise ValidationError({"founded_on": [_("请填写成立日期。")]})
    if founded_on > timezone.localdate():
        raise ValidationError({"founded_on": [_("成立日期不能晚于今天。")]})
    return county


# -- registration and review -----------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    name: str,
    region: Region,
    category: TeamCategory | None,
    home_site: Site | None,
    founded_on: dt.date | None,
    description: str = "",
    leader_volunteer_id: int | None = None,
    acting_user: Any,
) -> Team:
    """Register a team for review (pending): an admin of the region for any volunteer of the county as leader,
    or a volunteer for a team they will lead themself."""
    name = _text(name)
    is_admin = team_admin_covers(user=acting_user, region=region)
    own = volunteer_of_user(user=acting_user)
    if not is_admin:
        if own is None:
            raise PermissionDeniedError(_("只有辖区管理员或注册志愿者可以申报队伍。"))
        if leader_volunteer_id not in (None, own.pk):
            raise PermissionDeniedError(_("志愿者只能申报由本人担任队长的队伍。"))
        leader_volunteer_id = own.pk
    county = _team_fields_check(name=name, region=region, category=category, home_site=home_site, founded_on=founded_on)
    leader = _volunteer_in_county(volunteer_id=leader_volunteer_id, county=county) if leader_volunteer_id else None
    # _team_fields_check refused every missing value above.
    assert category is not None and home_site is not None and founded_on is not None
    try:
        with transaction.atomic():
            team = Team.objects.create(
                region=region,
                name=name,
                category=category,
                home_site=home_site,
                founded_on=founded_on,
                description=_text(description),
                leader=leader,
                status=TeamStatus.PENDING,
                is_active=False,
                submitted_by=acting_user,
            )
    except IntegrityError:
        raise ValidationError({"name": [_("本区划已有同名队伍。")]}) from None
    return team


def _pending_team(*, team_id: int, acting_user: Any) -> Team:
    team = _team_locked(team_id=team_id, acting_user=acting_user)
    if not team_admin_covers(user=acting_user, region=team.region):
        raise PermissionDeniedError(_("只有队伍所在辖区的管理员可以审核队伍。"))
    if team.status != TeamStatus.PENDING:
        raise DomainError(_("该队伍不在待审核状态。"), code="not_pending")
    return team


@transaction.atomic
def team_approve(*, team_id: int, acting_user: Any) -> Team:
    """Approve a registered team: it becomes active and its leader gets the team-leader role."""
    team = _pending_team(team_id=team_id, acting_user=acting_user)
    team.status = TeamStatus.APPROVED
    team.is_active = True
    team.reviewed_at = timezone.now()
    team.reviewed_by = acting_user
    team.review_reason = ""
    team.save(update_fields=["status", "is_active", "reviewed_at", "reviewed_by", "review_reason", "updated_at"])
    if team.leader is not None:
        _leader_install(team=team, volunteer=team.leader, acting_user=acting_user)
    _notify(
        [team.submitted_by, team.leader],
        _("队伍“%(name)s”已通过审核") % {"name": team.name},
        _("您申报的志愿服务队已批准成立。"),
        _team_url(team),
        team,
    )
    return team


@transaction.atomic
def team_reject(*, team_id: int, reason: str, acting_user: Any) -> Team:
    team = _pending_team(team_id=team_id, acting_user=acting_user)
    team.review_reason = _reason(reason, "reason", _("请填写不予通过的理由。"))
    team.status = TeamStatus.REJECTED
    team.reviewed_at = timezone.now()
    team.reviewed_by = acting_user
    team.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_reason", "updated_at"])
    _notify(
        [team.submitted_by, team.leader],
        _("队伍“%(name)s”未通过审核") % {"name": team.name},
        _("理由：%(reason)s") % {"reason": team.review_reason},
        MINE_URL,
        team,
    )
    return team


@transaction.atomic
def team_dissolve(*, team_id: int, reason: str, acting_user: Any) -> Team:
    """Dissolve an approved team: inactive, its leader loses the role; members and history stay on record."""
    team = _team_locked(team_id=team_id, acting_user=acting_user)
    if not team_admin_covers(user=acting_user, region=team.region):
        raise PermissionDeniedError(_("只有队伍所在辖区的管理员可以解散队伍。"))
    if team.status != TeamStatus.APPROVED:
        raise DomainError(_("只有已批准的队伍可以解散。"), code="not_approved")
    team.review_reason = _reason(reason, "reason", _("请填写解散的理由。"))
    team.status = TeamStatus.DISSOLVED
    team.is_active = False
    team.reviewed_at = timezone.now()
    team.reviewed_by = acting_user
    team.save(update_fields=["status", "is_active", "reviewed_at", "reviewed_by", "review_reason", "updated_at"])
    _leader_roles_revoke(team=team, keep_user_id=None, acting_user=acting_user)
    return team


@transaction.atomic
def team_update(
    *,
    team_id: int,
    acting_user: Any,
    name: str | None = None,
    category: TeamCategory | None = None,
    home_site: Site | None = None,
    founded_on: dt.date | None = None,
    description: str | None = None,
) -> Team:
    """Change a team's name, category, home site, founding date or description (None: unchanged).

    Admins of the region and the team's leader; a rejected team changed by an admin goes back to review.
    """
    team = _team_locked(team_id=team_id, acting_user=acting_user)
    if not team_may_change(user=acting_user, team=team):
        raise PermissionDeniedError(_("只有队长或辖区管理员可以修改队伍信息。"))
    if team.status == TeamStatus.DISSOLVED:
        raise DomainError(_("已解散的队伍不能修改。"), code="dissolved")
    new_name = _text(name) if name is not None else team.name
    new_category = category if category is not None else team.category
    new_site = home_site if home_site is not None else team.home_site
    new_founded = founded_on if founded_on is not None else team.founded_on
    _team_fields_check(
        name=new_name,
        region=team.region,
        category=new_category,
        home_site=new_site,
        founded_on=new_founded,
        exclude_team_id=team.pk,
    )
    team.name, team.category, team.home_site, team.founded_on = new_name, new_category, new_site, new_founded
    if description is not None:
        team.description = _text(description)
    fields = ["name", "category", "home_site", "founded_on", "description", "updated_at"]
    if team.status == TeamStatus.REJECTED:
        team.status = TeamStatus.PENDING
        fields.append("status")
    try:
        with transaction.atomic():
            team.save(update_fields=fields)
    except IntegrityError:
        raise ValidationError({"name": [_("本区划已有同名队伍。")]}) from None
    return team


# -- leader and deputies ---------------------------------------------------------------------------


def _leader_roles_revoke(*, team: Team, keep_user_id: int | None, acting_user: Any) -> None:
    """Deactivate the team-leader role of this team for everyone but `keep_user_id` (kept for the record)."""
    # accounts.services offers no deactivation yet: the flag is the only change, and it keeps the history.
    assignments = RoleAssignment.objects.filter(role=Role.TEAM_LEADER, team=team, is_active=True)
    if keep_user_id is not None:
        assignments = assignments.exclude(user_id=keep_user_id)
    assignments.update(is_active=False)
    acting_user.__dict__.pop("active_assignments", None)


def _leader_install(*, team: Team, volunteer: Volunteer, acting_user: Any) -> None:
    """Make `volunteer` the team's leader: Team.leader, their membership's role, and the team-leader role."""
    today = timezone.localdate()
    Membership.objects.filter(team=team, role=MembershipRole.LEADER, left_on__isnull=True).exclude(
        volunteer=volunteer
    ).update(role=MembershipRole.MEMBER)
    membership = Membership.objects.filter(team=team, volunteer=volunteer, left_on__isnull=True).first()
    if membership is None:
        Membership.objects.create(team=team, volunteer=volunteer, role=MembershipRole.LEADER, joined_on=today)
    elif membership.role != MembershipRole.LEADER:
        membership.role = MembershipRole.LEADER
        membership.save(update_fields=["role", "updated_at"])
    if team.leader_id != volunteer.pk:
        team.leader = volunteer
        team.save(update_fields=["leader", "updated_at"])
    user = volunteer.user if volunteer.user_id is not None else None
    _leader_roles_revoke(team=team, keep_user_id=user.pk if user else None, acting_user=acting_user)
    if user is None or team.status != TeamStatus.APPROVED:
        return
    # One team-leader assignment per user and region (accounts' constraint): reuse the row when it exists.
    existing = RoleAssignment.objects.filter(user=user, role=Role.TEAM_LEADER, region=team.region).first()
    if existing is None:
        role_assign(user=user, role=Role.TEAM_LEADER, team=team, acting_user=acting_user)
    elif existing.is_active and existing.team_id != team.pk:
        raise DomainError(
            _("该志愿者已是本区划另一支队伍的队长，一个区划内只能担任一支队伍的队长。"), field="volunteer_id"
        )
    elif not existing.is_active or existing.team_id != team.pk:
        RoleAssignment.objects.filter(pk=existing.pk).update(is_active=True, team=team, granted_by=acting_user)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    user.__dict__.pop("active_assignments", None)


@transaction.atomic
def team_leader_set(*, team_id: int, volunteer_id: int, acting_user: Any) -> Team:
    """Hand the team to a new leader (an admin of the region, or the leader handing over).

    The new leader joins the team when not yet a member; the old one stays on as a member and loses the role.
    """
    team = _team_locked(team_id=team_id, acting_user=acting_user)
    if not team_may_change(user=acting_user, team=team):
        raise PermissionDeniedError(_("只有队长或辖区管理员可以更换队长。"))
    if team.status in (TeamStatus.REJECTED, TeamStatus.DISSOLVED):
        raise DomainError(_("未通过审核或已解散的队伍不能更换队长。"), code="not_active")
    county = county_of(team.region)
    assert county is not None  # a team always lies in a county (team_create checks it)
    volunteer = _volunteer_in_county(volunteer_id=volunteer_id, county=county)
    if team.leader_id == volunteer.pk:
        raise DomainError(_("该志愿者已是本队队长。"), field="volunteer_id", code="already_leader")
    previous = team.leader
    _leader_install(team=team, volunteer=volunteer, acting_user=acting_user)
    _notify(
        [volunteer, previous],
        _("“%(name)s”队长变更") % {"name": team.name},
        _("%(volunteer)s 担任队长。") % {"volunteer": volunteer.name},
        _team_url(team),
        team,
    )
    return team


def _open_membership(*, team: Team, volunteer_id: int) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .filter(team=team, volunteer_id=volunteer_id, left_on__isnull=True)
        .first()
    )
    if membership is None:
        raise ValidationError({"volunteer_id": [_("该志愿者不是本队队员。")]})
    return membership


@transaction.atomic
def team_deputy_add(*, team_id: int, volunteer_id: int, acting_user: Any) -> Membership:
    team = _team_locked(team_id=team_id, acting_user=acting_user)
    if not team_may_change(user=acting_user, team=team):
        raise PermissionDeniedError(_("只有队长或辖区管理员可以任免副队长。"))
    membership = _open_membership(team=team, volunteer_id=volunteer_id)
    if membership.role != MembershipRole.MEMBER:
        raise DomainError(_("该队员已是队长或副队长。"), field="volunteer_id", code="not_member_role")
    membership.role = MembershipRole.DEPUTY
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def team_deputy_remove(*, team_id: int, volunteer_id: int, acting_user: Any) -> Membership:
    team = _team_locked(team_id=team_id, acting_user=acting_user)
    if not team_may_change(user=acting_user, team=team):
        raise PermissionDeniedError(_("只有队长或辖区管理员可以任免副队长。"))
    membership = _open_membership(team=team, volunteer_id=volunteer_id)
    if membership.role != MembershipRole.DEPUTY:
        raise DomainError(_("该队员不是副队长。"), field="volunteer_id", code="not_deputy")
    membership.role = MembershipRole.MEMBER
    membership.save(update_fields=["role", "updated_at"])
    return membership


# -- joining and leaving ---------------------------------------------------------------------------


@transaction.atomic
def membership_request_create(*, team: Team, kind: str, note: str = "", acting_user: Any) -> MembershipRequest:
    """A volunteer asks to join an approved team of their county, or to leave a team they are a member of."""
    volunteer = volunteer_of_user(user=acting_user)
    if volunteer is None:
        raise PermissionDeniedError(_("您的账号未关联志愿者，不能申请入队或退队。"))
    if kind not in MembershipRequestKind.values:
        raise ValidationError({"kind": [_("申请类型无效。")]})
    note = _text(note)
    if len(note) > REASON_MAX:
        raise ValidationError({"note": [_("申请说明不能超过200个字。")]})
    team = Team.objects.select_for_update().get(pk=team.pk)
    membership = Membership.objects.filter(team=team, volunteer=volunteer, left_on__isnull=True).first()
    if kind == MembershipRequestKind.JOIN:
        if team.status != TeamStatus.APPROVED:
            raise DomainError(_("该队伍尚未批准成立或已解散，不能申请加入。"), code="team_not_active")
        if volunteer.status != VolunteerStatus.ACTIVE:
            raise DomainError(_("您的志愿者状态不是在册，不能申请加入队伍。"), code="volunteer_not_active")
        if membership is not None:
            raise DomainError(_("您已是该队队员。"), code="already_member")
    else:
        if membership is None:
            raise DomainError(_("您不是该队队员，无需退队。"), code="not_member")
        if membership.role == MembershipRole.LEADER:
            raise DomainError(_("队长须先移交队长职务，才能申请退队。"), code="leader_cannot_leave")
    if MembershipRequest.objects.filter(
        team=team, volunteer=volunteer, kind=kind, status=MembershipRequestStatus.PENDING
    ).exists():
        raise DomainError(_("您已有一份待审核的同类申请，请勿重复提交。"), code="already_requested")
    try:
        with transaction.atomic():
            membership_request = MembershipRequest.objects.create(
                team=team,
                volunteer=volunteer,
                kind=kind,
                note=note,
                membership=membership if kind == MembershipRequestKind.LEAVE else None,
                requested_by=acting_user,
            )
    except IntegrityError:
        raise DomainError(_("您已有一份待审核的同类申请，请勿重复提交。"), code="already_requested") from None
    _notify(
        [team.leader],
        _("%(volunteer)s %(kind)s“%(team)s”")
        % {"volunteer": volunteer.name, "kind": membership_request.get_kind_display(), "team": team.name},
        note,
        _team_url(team),
        membership_request,
    )
    return membership_request


def _pending_request(*, request_id: int, acting_user: Any) -> MembershipRequest:
    visible = membership_request_get(user=acting_user, request_id=request_id)
    membership_request = (
        MembershipRequest.objects.select_for_update()
        .select_related("team", "team__region", "volunteer")
        .get(pk=visible.pk)
    )
    if not team_may_manage_members(user=acting_user, team=membership_request.team):
        raise PermissionDeniedError(_("只有队长、副队长或辖区管理员可以处理入队退队申请。"))
    if membership_request.status != MembershipRequestStatus.PENDING:
        raise DomainError(_("该申请已处理。"), code="not_pending")
    return membership_request


@transaction.atomic
def membership_request_approve(*, request_id: int, acting_user: Any) -> MembershipRequest:
    """Join: a new membership from today. Leave: the open membership ends today (history is kept)."""
    membership_request = _pending_request(request_id=request_id, acting_user=acting_user)
    team = Team.objects.select_for_update().get(pk=membership_request.team_id)
    today = timezone.localdate()
    open_membership = Membership.objects.filter(
        team=team, volunteer=membership_request.volunteer, left_on__isnull=True
    ).first()
    if membership_request.kind == MembershipRequestKind.JOIN:
        if team.status != TeamStatus.APPROVED:
            raise DomainError(_("该队伍尚未批准成立或已解散，不能加入。"), code="team_not_active")
        if open_membership is not None:
            raise DomainError(_("该志愿者已是本队队员。"), code="already_member")
        membership = Membership.objects.create(team=team, volunteer=membership_request.volunteer, joined_on=today)
        title = _("已加入“%(team)s”") % {"team": team.name}
    else:
        if open_membership is None:
            raise DomainError(_("该志愿者已不是本队队员。"), code="not_member")
        if open_membership.role == MembershipRole.LEADER:
            raise DomainError(_("队长须先移交队长职务，才能退队。"), code="leader_cannot_leave")
        membership = open_membership
        membership.left_on = max(today, membership.joined_on)
        membership.save(update_fields=["left_on", "updated_at"])
        title = _("已退出“%(team)s”") % {"team": team.name}
    membership_request.status = MembershipRequestStatus.APPROVED
    membership_request.membership = membership
    membership_request.decided_at = timezone.now()
    membership_request.decided_by = acting_user
    membership_request.save(update_fields=["status", "membership", "decided_at", "decided_by", "updated_at"])
    _notify([membership_request.volunteer], title, _("您的申请已同意。"), MINE_URL, membership_request)
    return membership_request


@transaction.atomic
def membership_request_refuse(*, request_id: int, reason: str, acting_user: Any) -> MembershipRequest:
    membership_request = _pending_request(request_id=request_id, acting_user=acting_user)
    membership_request.decision_reason = _reason(reason, "reason", _("请填写拒绝的理由。"))
    membership_request.status = MembershipRequestStatus.REFUSED
    membership_request.decided_at = timezone.now()
    membership_request.decided_by = acting_user
    membership_request.save(update_fields=["status", "decision_reason", "decided_at", "decided_by", "updated_at"])
    _notify(
        [membership_request.volunteer],
        _("“%(team)s”未同意您的%(kind)s")
        % {"team": membership_request.team.name, "kind": membership_request.get_kind_display()},
        _("理由：%(reason)s") % {"reason": membership_request.decision_reason},
        MINE_URL,
        membership_request,
    )
    return membership_request


@transaction.atomic
def membership_request_withdraw(*, request_id: int, acting_user: Any) -> MembershipRequest:
    """The volunteer takes back their own request while it waits; nobody else may, and a decided one stays."""
    visible = membership_request_get(user=acting_user, request_id=request_id)
    membership_request = (
        MembershipRequest.objects.select_for_update().select_related("team", "volunteer").get(pk=visible.pk)
    )
    if membership_request.volunteer.user_id != acting_user.pk:
        raise PermissionDeniedError(_("只能撤回本人的申请。"))
    if membership_request.status != MembershipRequestStatus.PENDING:
        raise DomainError(_("该申请已处理，不能撤回。"), code="not_pending")
    membership_request.status = MembershipRequestStatus.WITHDRAWN
    membership_request.decided_at = timezone.now()
    membership_request.decided_by = acting_user
    membership_request.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    return membership_request


# -- categories ------------------------------------------------------------------------------------


def _county_administered(*, county: Region | None, acting_user: Any) -> Region:
    if county is None:
        raise NotFoundError(_("县（市、区）不存在。"), field="county_code")
    if not counties_administered(user=acting_user).filter(pk=county.pk).exists():
        raise PermissionDeniedError(_("只有本县（市、区）的中心管理员可以设置服务类别。"))
    return county


@transaction.atomic
def team_category_create(
    *, county: Region | None, name: str, code: str = "", position: int | None = None, acting_user: Any
) -> TeamCategory:
    """A county's own ("N") category; the county's admins create it, it is offered only in that county."""
    county = _county_administered(county=county, acting_user=acting_user)
    name = _text(name)
    if not name:
        raise ValidationError({"name": [_("请填写类别名称。")]})
    if len(name) > CATEGORY_NAME_MAX:
        raise ValidationError({"name": [_("类别名称不能超过40个字。")]})
    code = _text(code).lower()
    if code and not CATEGORY_CODE.match(code):
        raise ValidationError({"code": [_("编码只能由小写字母、数字和连字符组成，最长40个字符。")]})
    if position is not None and not 0 <= position <= 32767:
        raise ValidationError({"position": [_("顺序须在0到32767之间。")]})
    if TeamCategory.objects.filter(_standing_or_county(county), name=name).exists():
        raise ValidationError({"name": [_("本县已有同名服务类别。")]})
    if not code:
        number = TeamCategory.objects.filter(region=county).count() + 1
        code = f"local-{county.code}-{number}"
        while TeamCategory.objects.filter(code=code).exists():
            number += 1
            code = f"local-{county.code}-{number}"
    elif TeamCategory.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("该编码已被使用。")]})
    try:
        with transaction.atomic():
            return TeamCategory.objects.create(
                code=code,
                name=name,
                is_standing=False,
                region=county,
                position=position if position is not None else 100,
            )
    except IntegrityError:
        raise ValidationError({"name": [_("本县已有同名服务类别。")]}) from None


def _standing_or_county(county: Region) -> Q:
    return Q(is_standing=True) | Q(region=county)


@transaction.atomic
def county_category_configure(
    *,
    county: Region | None,
    category_id: int,
    is_enabled: bool,
    name: str = "",
    position: int | None = None,
    acting_user: Any,
) -> CountyCategory:
    """Enable or disable, rename and order one category for one county (a standing one or the county's own)."""
    county = _county_administered(county=county, acting_user=acting_user)
    category = TeamCategory.objects.filter(_standing_or_county(county), pk=category_id).first()
    if category is None:
        raise NotFoundError(_("服务类别不存在。"), field="category_id")
    name = _text(name)
    if len(name) > CATEGORY_NAME_MAX:
        raise ValidationError({"name": [_("类别名称不能超过40个字。")]})
    if position is not None and not 0 <= position <= 32767:
        raise ValidationError({"position": [_("顺序须在0到32767之间。")]})
    setting, _created = CountyCategory.objects.select_for_update().get_or_create(county=county, category=category)
    setting.is_enabled = bool(is_enabled)
    setting.name = name
    setting.position = position
    setting.save(update_fields=["is_enabled", "name", "position", "updated_at"])
    return setting
