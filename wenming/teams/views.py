"""Team pages: the list with its export, registration, the team page, the volunteer's "my teams" and the
county's categories. Each view parses input, calls one service or the page's selectors, and renders.

A team outside the user's scope is "not found" (404), exactly like a missing one; a refused act is 403.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.regions.access import may
from wenming.regions.roles import VIEW
from wenming.teams import selectors, services
from wenming.teams.exports import members_xlsx, teams_xlsx
from wenming.teams.forms import (
    CategoryConfigForm,
    CategoryCreateForm,
    MembersExportForm,
    MembershipRequestForm,
    ReasonForm,
    RequestDecisionForm,
    TeamFilterForm,
    TeamRegisterForm,
    VolunteerNumberForm,
)
from wenming.teams.models import MembershipRequestKind, Team
from wenming.volunteers.services import personal_data_export_authorize

TEAMS_PER_PAGE = 50
MEMBERS_SHOWN = 200


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(getattr(error, "message", error))


def _form_error_text(form: Any) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _raise_for_access(error: DomainError) -> None:
    if isinstance(error, NotFoundError):
        raise Http404(str(error.message)) from error
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(str(error.message)) from error


def _team_or_404(request: HttpRequest, team_id: int) -> Team:
    try:
        return selectors.team_get(user=request.user, team_id=team_id)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error


# -- the list --------------------------------------------------------------------------------------


@login_required
@require_GET
def team_list_view(request: HttpRequest) -> HttpResponse:
    if not may(request.user, VIEW, Team):
        raise PermissionDenied(_("没有查看队伍的权限。"))
    form = TeamFilterForm(request.GET)
    filters = form.filters()
    teams = selectors.team_list(user=request.user, **filters)
    page = Paginator(teams, TEAMS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in filters.items() if value})
    context = {"form": form, "page": page, "query": query}
    return render(request, "teams/list.html", context)


@login_required
@require_GET
def team_export_view(request: HttpRequest) -> HttpResponse:
    """The list as an Excel file, with the list's filters."""
    if not may(request.user, VIEW, Team):
        raise PermissionDenied(_("没有查看队伍的权限。"))
    filters = TeamFilterForm(request.GET).filters()
    return teams_xlsx(teams=selectors.team_list(user=request.user, **filters))


# -- registration ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def team_register_view(request: HttpRequest) -> HttpResponse:
    """Admins register a team of their region; a volunteer registers a team they will lead."""
    is_admin = bool(request.user.is_superuser or request.user.region_paths(selectors.ADMIN_ROLES))  # type: ignore[union-attr]
    if not (is_admin or selectors.volunteer_of_user(user=request.user) is not None):
        raise PermissionDenied(_("只有辖区管理员或注册志愿者可以申报队伍。"))
    county = selectors.county_for_user(user=request.user)
    categories = list(selectors.category_list_for_county(county=county)) if county is not None else []
    form = TeamRegisterForm(request.POST if request.method == "POST" else None, categories=categories)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                leader = None
                if data["leader_volunteer_number"]:
                    leader = selectors.volunteer_by_number(volunteer_number=data["leader_volunteer_number"])
                    if leader is None:
                        raise ValidationError({"leader_volunteer_number": [_("未找到该志愿者编号。")]})
                team = services.team_create(
                    name=data["name"],
                    region=selectors.region_by_code(code=data["region_code"]),
                    category=selectors.category_by_id(category_id=data["category"]),
                    home_site=selectors.site_by_id(site_id=data["home_site"]),
                    founded_on=data["founded_on"],
                    description=data["description"],
                    leader_volunteer_id=leader.pk if leader is not None else None,
                    acting_user=request.user,
                )
            except ValidationError as refusal:
                for field, field_errors in refusal.message_dict.items():
                    name = {"region": "region_code", "volunteer_id": "leader_volunteer_number"}.get(field, field)
                    form.add_error(name if name in form.fields else None, field_errors)
            except DomainError as refusal:
                form.add_error(None, str(refusal.message))
            else:
                messages.success(request, _("队伍“%(name)s”已提交，等待审核。") % {"name": team.name})
                return redirect("teams:mine" if not is_admin else "teams:list")
        status = 400
    return render(request, "teams/register.html", {"form": form}, status=status)


# -- the team page ---------------------------------------------------------------------------------


def _team_context(request: HttpRequest, team: Team) -> dict[str, Any]:
    user = request.user
    unmasked = selectors.phone_unmasked_for(user=user, team=team)
    memberships = selectors.membership_list(team=team)[:MEMBERS_SHOWN]
    may_manage = selectors.team_may_manage_members(user=user, team=team)
    record = selectors.team_record(team=team)
    return {
        "team": team,
        "members": selectors.member_rows(memberships=memberships, unmasked=unmasked),
        "member_count": selectors.membership_list(team=team).count(),
        "phones_unmasked": unmasked,
        "may_review": selectors.team_admin_covers(user=user, region=team.region),
        "may_change": selectors.team_may_change(user=user, team=team),
        "may_manage": may_manage,
        "pending_requests": list(selectors.membership_requests_pending(team=team)) if may_manage else [],
        "record": record,
        "awards": record.awards,
        "may_export_unmasked": selectors.phone_unmasked_for(user=user, team=team),
    }


@login_required
@require_GET
def team_detail_view(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team_or_404(request, team_id)
    return render(request, "teams/detail.html", _team_context(request, team))


def _team_act(request: HttpRequest, team_id: int, act: Any, success: str, changes: bool = False) -> HttpResponse:
    """Run one service on a team of the user's scope; a refusal is shown on the team page.

    `changes`: the act is the leader's or an admin's (leader, deputies), refused before its input is read.
    """
    team = _team_or_404(request, team_id)
    if changes and not selectors.team_may_change(user=request.user, team=team):
        raise PermissionDenied(_("只有队长或辖区管理员可以任免队长和副队长。"))
    try:
        act(team)
    except (DomainError, ValidationError) as refusal:
        if isinstance(refusal, DomainError):
            _raise_for_access(refusal)
        messages.error(request, _error_text(refusal))
    else:
        messages.success(request, success)
    if selectors.team_list(user=request.user).filter(pk=team.pk).exists():
        return redirect("teams:detail", team_id=team.pk)
    return redirect("teams:mine")


@login_required
@require_POST
def team_approve_view(request: HttpRequest, team_id: int) -> HttpResponse:
    return _team_act(
        request,
        team_id,
        lambda team: services.team_approve(team_id=team.pk, acting_user=request.user),
        _("队伍已批准成立。"),
    )


def _reason_of(request: HttpRequest) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


@login_required
@require_POST
def team_reject_view(request: HttpRequest, team_id: int) -> HttpResponse:
    reason = _reason_of(request)
    return _team_act(
        request,
        team_id,
        lambda team: services.team_reject(team_id=team.pk, reason=reason, acting_user=request.user),
        _("已退回该队伍的申报。"),
    )


@login_required
@require_POST
def team_dissolve_view(request: HttpRequest, team_id: int) -> HttpResponse:
    reason = _reason_of(request)
    return _team_act(
        request,
        team_id,
        lambda team: services.team_dissolve(team_id=team.pk, reason=reason, acting_user=request.user),
        _("队伍已解散。"),
    )


def _volunteer_id_of(request: HttpRequest) -> int:
    form = VolunteerNumberForm(request.POST)
    volunteer = (
        selectors.volunteer_by_number(volunteer_number=form.cleaned_data["volunteer_number"])
        if form.is_valid()
        else None
    )
    if volunteer is None:
        raise ValidationError({"volunteer_id": [_("未找到该志愿者编号。")]})
    return volunteer.pk


@login_required
@require_POST
def team_leader_view(request: HttpRequest, team_id: int) -> HttpResponse:
    return _team_act(
        request,
        team_id,
        lambda team: services.team_leader_set(
            team_id=team.pk, volunteer_id=_volunteer_id_of(request), acting_user=request.user
        ),
        _("已更换队长。"),
        changes=True,
    )


@login_required
@require_POST
def team_deputy_add_view(request: HttpRequest, team_id: int) -> HttpResponse:
    return _team_act(
        request,
        team_id,
        lambda team: services.team_deputy_add(
            team_id=team.pk, volunteer_id=_volunteer_id_of(request), acting_user=request.user
        ),
        _("已任命副队长。"),
        changes=True,
    )


@login_required
@require_POST
def team_deputy_remove_view(request: HttpRequest, team_id: int) -> HttpResponse:
    return _team_act(
        request,
        team_id,
        lambda team: services.team_deputy_remove(
            team_id=team.pk, volunteer_id=_volunteer_id_of(request), acting_user=request.user
        ),
        _("已免去副队长。"),
        changes=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_members_export_view(request: HttpRequest, team_id: int) -> HttpResponse:
    """GET: the members with masked phones. POST with a reason: full phones (county and township admins, audited)."""
    team = _team_or_404(request, team_id)
    unmasked = False
    if request.method == "POST":
        form = MembersExportForm(request.POST)
        try:
            unmasked = personal_data_export_authorize(
                user=request.user,
                unmasked=True,
                reason=form.cleaned_data["reason"] if form.is_valid() else "",
                export_name=_("%(team)s队员") % {"team": team.name},
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except PermissionDeniedError as refusal:
            raise PermissionDenied(str(refusal.message)) from refusal
        except ValidationError as refusal:
            messages.error(request, _error_text(refusal))
            return redirect("teams:detail", team_id=team.pk)
    memberships = selectors.membership_list(team=team)
    return members_xlsx(team=team, members=selectors.member_rows(memberships=memberships, unmasked=unmasked))


@login_required
@require_POST
def membership_request_decide_view(request: HttpRequest, request_id: int) -> HttpResponse:
    """Approve or refuse one join or leave request (the leader, a deputy or an admin of the region)."""
    form = RequestDecisionForm(request.POST)
    error = ""
    membership_request = None
    try:
        membership_request = selectors.membership_request_get(user=request.user, request_id=request_id)
        if not form.is_valid():
            raise ValidationError({"decision": [_("请选择同意或拒绝。")]})
        if form.cleaned_data["decision"] == "approve":
            membership_request = services.membership_request_approve(request_id=request_id, acting_user=request.user)
        else:
            membership_request = services.membership_request_refuse(
                request_id=request_id, reason=form.cleaned_data["reason"], acting_user=request.user
            )
    except DomainError as refusal:
        _raise_for_access(refusal)
        error = _error_text(refusal)
    except ValidationError as refusal:
        error = _error_text(refusal)
    if getattr(request, "htmx", False):
        context = {"membership_request": membership_request, "error": error}
        return render(request, "teams/_request_row.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("申请已处理。"))
    next_url = request.POST.get("next", "")
    if next_url == "mine" or membership_request is None:
        return redirect("teams:mine")
    return redirect("teams:detail", team_id=membership_request.team_id)


# -- the volunteer's side --------------------------------------------------------------------------


@login_required
@require_GET
def team_mine_view(request: HttpRequest) -> HttpResponse:
    """My teams (with leave), my requests, teams of my county to join, and requests I decide as leader or deputy."""
    volunteer = selectors.volunteer_of_user(user=request.user)
    search = (request.GET.get("q") or "").replace("\x00", "").strip()[:100]
    context: dict[str, Any] = {"volunteer": volunteer, "search": search, "submitted": []}
    context["submitted"] = list(selectors.teams_submitted_by(user=request.user))
    if volunteer is not None:
        managed = list(selectors.teams_managed_by_volunteer(user=request.user))
        context.update(
            memberships=list(selectors.volunteer_memberships(volunteer=volunteer)),
            requests=list(selectors.volunteer_requests(volunteer=volunteer)[:20]),
            joinable=list(selectors.teams_joinable(volunteer=volunteer, search=search)[:30]),
            to_decide=[
                request_
                for team in managed
                for request_ in selectors.membership_requests_pending(team=team).select_related("team")
            ],
        )
    return render(request, "teams/mine.html", context)


def _membership_request_view(request: HttpRequest, team_id: int, kind: str, success: str) -> HttpResponse:
    form = MembershipRequestForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        team = selectors.team_for_request(user=request.user, team_id=team_id)
        services.membership_request_create(team=team, kind=kind, note=note, acting_user=request.user)
    except (DomainError, ValidationError) as refusal:
        if isinstance(refusal, NotFoundError):
            raise Http404(str(refusal.message)) from refusal
        messages.error(request, _error_text(refusal))
    else:
        messages.success(request, success)
    return redirect("teams:mine")


@login_required
@require_POST
def team_join_view(request: HttpRequest, team_id: int) -> HttpResponse:
    return _membership_request_view(request, team_id, MembershipRequestKind.JOIN, _("入队申请已提交，等待审核。"))


@login_required
@require_POST
def membership_request_withdraw_view(request: HttpRequest, request_id: int) -> HttpResponse:
    """The volunteer takes back their own pending join or leave request."""
    try:
        services.membership_request_withdraw(request_id=request_id, acting_user=request.user)
    except DomainError as refusal:
        if isinstance(refusal, NotFoundError):
            raise Http404(str(refusal.message)) from refusal
        messages.error(request, _error_text(refusal))
    else:
        messages.success(request, _("申请已撤回。"))
    return redirect("teams:mine")


@login_required
@require_POST
def team_leave_view(request: HttpRequest, team_id: int) -> HttpResponse:
    return _membership_request_view(request, team_id, MembershipRequestKind.LEAVE, _("退队申请已提交，等待审核。"))


# -- categories ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def category_list_view(request: HttpRequest) -> HttpResponse:
    """The county's "8+N" categories: enable or disable, rename and order them; add local ones."""
    counties = selectors.counties_administered(user=request.user)
    county = counties.filter(code=(request.GET.get("county") or "").replace("\x00", "")).first() or counties.first()
    if county is None:
        raise PermissionDenied(_("只有县（市、区）中心管理员可以设置服务类别。"))
    create_form = CategoryCreateForm(request.POST if request.POST.get("action") == "create" else None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "create":
                if not create_form.is_valid():
                    raise ValidationError(_form_error_text(create_form))
                data = create_form.cleaned_data
                services.team_category_create(
                    county=county,
                    name=data["name"],
                    code=data["code"],
                    position=data["position"],
                    acting_user=request.user,
                )
                messages.success(request, _("已新增本地服务类别。"))
            else:
                config = CategoryConfigForm(request.POST)
                if not config.is_valid():
                    raise ValidationError(_form_error_text(config))
                data = config.cleaned_data
                services.county_category_configure(
                    county=county,
                    category_id=data["category_id"],
                    is_enabled=data["is_enabled"],
                    name=data["name"],
                    position=data["position"],
                    acting_user=request.user,
                )
                messages.success(request, _("服务类别设置已保存。"))
        except (DomainError, ValidationError) as refusal:
            if isinstance(refusal, DomainError):
                _raise_for_access(refusal)
            messages.error(request, _error_text(refusal))
            status = 400
        else:
            return redirect(f"{request.path}?county={county.code}")
    categories = list(selectors.category_list_for_county(county=county, enabled_only=False))
    context = {"county": county, "counties": counties, "categories": categories, "create_form": create_form}
    return render(request, "teams/categories.html", context, status=status)
