from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from wenming.core.errors import NotFoundError
from wenming.core.fields import ID_MAX
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.teams import selectors, services
from wenming.teams.exports import members_xlsx, teams_xlsx
from wenming.teams.models import Membership, MembershipRequest, Team, TeamCategory
from wenming.teams.schemas import (
    CategoryConfigIn,
    CategoryCreateIn,
    CategoryOut,
    MemberOut,
    MembersExportIn,
    MembershipRequestIn,
    MembershipRequestOut,
    ReasonIn,
    TeamCreateIn,
    TeamOut,
    TeamPatchIn,
    VolunteerIdIn,
)
from wenming.volunteers.services import personal_data_export_authorize

router = Router(tags=["teams"])

XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "Excel",
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    }
}


@router.get("", response=list[TeamOut], url_name="team_list")
def team_list_api(
    request: HttpRequest,
    region_code: str | None = None,
    category: str | None = None,
    status: str | None = None,
    search: str | None = Query(None, max_length=100),
) -> list[Team]:
    """Teams of the caller's scope, optionally inside one region (its whole subtree), of one category code,
    of one review status (pending, approved, rejected, dissolved) or with a part of the name."""
    return list(
        selectors.team_list(user=request.user, region_code=region_code, category=category, status=status, search=search)
    )


@router.post("", response={201: TeamOut}, url_name="team_create")
def team_create_api(request: HttpRequest, payload: TeamCreateIn) -> Status[Team]:
    """Register a team for review: an admin of the region (any leader of the county), or a volunteer who will
    lead it. The category must be enabled in the county; the name unique in the region."""
    team = services.team_create(
        name=payload.name,
        region=selectors.region_by_code(code=payload.region_code),
        category=selectors.category_by_id(category_id=payload.category_id),
        home_site=selectors.site_by_id(site_id=payload.home_site_id),
        founded_on=payload.founded_on,
        description=payload.description,
        leader_volunteer_id=payload.leader_volunteer_id,
        acting_user=request.user,
    )
    return Status(201, team)


@router.get("/export", url_name="team_export", openapi_extra=XLSX_RESPONSE)
def team_export_api(
    request: HttpRequest,
    region_code: str | None = None,
    category: str | None = None,
    status: str | None = None,
    search: str | None = Query(None, max_length=100),
) -> Any:
    """The team list as an Excel file, with the same filters as the list."""
    teams = selectors.team_list(
        user=request.user, region_code=region_code, category=category, status=status, search=search
    )
    return teams_xlsx(teams=teams)


@router.get("/categories", response=list[CategoryOut], url_name="team_category_list")
def team_category_list_api(
    request: HttpRequest, county_code: str | None = Query(None, max_length=12), include_disabled: bool = False
) -> list[TeamCategory]:
    """The "8+N" categories of a county (default: the caller's): standing ones plus local ones, as the county
    names and orders them; disabled ones only with include_disabled."""
    county = selectors.county_for_user(user=request.user, county_code=county_code)
    if county is None:
        raise NotFoundError(_("县（市、区）不存在。"), field="county_code")
    return list(selectors.category_list_for_county(county=county, enabled_only=not include_disabled))


@router.post("/categories", response={201: CategoryOut}, url_name="team_category_create")
def team_category_create_api(request: HttpRequest, payload: CategoryCreateIn) -> Status[TeamCategory]:
    """A local ("N") category of a county: the county's center admins."""
    county = selectors.county_for_user(user=request.user, county_code=payload.county_code)
    category = services.team_category_create(
        county=county, name=payload.name, code=payload.code, position=payload.position, acting_user=request.user
    )
    return Status(201, category)


@router.post("/categories/{category_id}/config", response=CategoryOut, url_name="team_category_configure")
def team_category_configure_api(request: HttpRequest, category_id: int, payload: CategoryConfigIn) -> TeamCategory:
    """Enable or disable, rename and order a category for one county: the county's center admins."""
    county = selectors.county_for_user(user=request.user, county_code=payload.county_code)
    services.county_category_configure(
        county=county,
        category_id=category_id,
        is_enabled=payload.is_enabled,
        name=payload.name,
        position=payload.position,
        acting_user=request.user,
    )
    assert county is not None  # the service refused a missing county
    return selectors.category_list_for_county(county=county, enabled_only=False).get(pk=category_id)


@router.get("/membership-requests", response=list[MembershipRequestOut], url_name="membership_request_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def membership_request_list_api(
    request: HttpRequest, team_id: int | None = Query(None, ge=1, le=ID_MAX), status: str | None = None
) -> QuerySet[MembershipRequest]:
    """Join and leave requests: admins of the region, the team's leader and deputies, and the volunteer's own."""
    return selectors.membership_request_list(user=request.user, team_id=team_id, status=status)


@router.post("/membership-requests", response={201: MembershipRequestOut}, url_name="membership_request_create")
def membership_request_create_api(request: HttpRequest, payload: MembershipRequestIn) -> Status[MembershipRequest]:
    """The caller (a volunteer) asks to join an approved team of their county, or to leave one of their teams."""
    team = selectors.team_for_request(user=request.user, team_id=payload.team_id)
    membership_request = services.membership_request_create(
        team=team, kind=payload.kind, note=payload.note, acting_user=request.user
    )
    return Status(201, membership_request)


@router.post(
    "/membership-requests/{request_id}/approve", response=MembershipRequestOut, url_name="membership_request_approve"
)
def membership_request_approve_api(request: HttpRequest, request_id: int) -> MembershipRequest:
    return services.membership_request_approve(request_id=request_id, acting_user=request.user)


@router.post(
    "/membership-requests/{request_id}/refuse", response=MembershipRequestOut, url_name="membership_request_refuse"
)
def membership_request_refuse_api(request: HttpRequest, request_id: int, payload: ReasonIn) -> MembershipRequest:
    return services.membership_request_refuse(request_id=request_id, reason=payload.reason, acting_user=request.user)


@router.post(
    "/membership-requests/{request_id}/withdraw", response=MembershipRequestOut, url_name="membership_request_withdraw"
)
def membership_request_withdraw_api(request: HttpRequest, request_id: int) -> MembershipRequest:
    """The volunteer takes back their own pending request."""
    return services.membership_request_withdraw(request_id=request_id, acting_user=request.user)


@router.get("/{team_id}", response=TeamOut, url_name="team_detail")
def team_detail_api(request: HttpRequest, team_id: int) -> Team:
    return selectors.team_get(user=request.user, team_id=team_id)


@router.patch("/{team_id}", response=TeamOut, url_name="team_update")
def team_update_api(request: HttpRequest, team_id: int, payload: TeamPatchIn) -> Team:
    """Change the fields given: the team's leader or an admin of its region. A rejected team goes back to review."""
    return services.team_update(
        team_id=team_id,
        name=payload.name,
        category=selectors.category_by_id(category_id=payload.category_id) if payload.category_id else None,
        home_site=selectors.site_by_id(site_id=payload.home_site_id) if payload.home_site_id else None,
        founded_on=payload.founded_on,
        description=payload.description,
        acting_user=request.user,
    )


@router.post("/{team_id}/approve", response=TeamOut, url_name="team_approve")
def team_approve_api(request: HttpRequest, team_id: int) -> Team:
    """Approve a pending team: admins of its region. Its leader gets the team-leader role."""
    return services.team_approve(team_id=team_id, acting_user=request.user)


@router.post("/{team_id}/reject", response=TeamOut, url_name="team_reject")
def team_reject_api(request: HttpRequest, team_id: int, payload: ReasonIn) -> Team:
    return services.team_reject(team_id=team_id, reason=payload.reason, acting_user=request.user)


@router.post("/{team_id}/dissolve", response=TeamOut, url_name="team_dissolve")
def team_dissolve_api(request: HttpRequest, team_id: int, payload: ReasonIn) -> Team:
    return services.team_dissolve(team_id=team_id, reason=payload.reason, acting_user=request.user)


@router.post("/{team_id}/leader", response=TeamOut, url_name="team_leader_set")
def team_leader_set_api(request: HttpRequest, team_id: int, payload: VolunteerIdIn) -> Team:
    """Hand the team to a new leader (a volunteer of the county): an admin of the region or the leader."""
    # The team as changed, even when the caller (a leader handing over) no longer leads it.
    return services.team_leader_set(team_id=team_id, volunteer_id=payload.volunteer_id, acting_user=request.user)


@router.post("/{team_id}/deputies", response=MemberOut, url_name="team_deputy_add")
def team_deputy_add_api(request: HttpRequest, team_id: int, payload: VolunteerIdIn) -> Membership:
    membership = services.team_deputy_add(team_id=team_id, volunteer_id=payload.volunteer_id, acting_user=request.user)
    return _member_out(request, membership)


@router.delete("/{team_id}/deputies/{volunteer_id}", response=MemberOut, url_name="team_deputy_remove")
def team_deputy_remove_api(request: HttpRequest, team_id: int, volunteer_id: int) -> Membership:
    membership = services.team_deputy_remove(team_id=team_id, volunteer_id=volunteer_id, acting_user=request.user)
    return _member_out(request, membership)


@router.get("/{team_id}/members", response=list[MemberOut], url_name="team_member_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def team_member_list_api(request: HttpRequest, team_id: int, include_left: bool = False) -> QuerySet[Membership]:
    """The team's members, leader and deputies first; phones masked unless the caller is a county or
    township admin of the team's region."""
    team = selectors.team_get(user=request.user, team_id=team_id)
    # Read by MemberOut.resolve_phone: one decision for the whole page, not one per row.
    request.teams_phone_unmasked = selectors.phone_unmasked_for(user=request.user, team=team)  # type: ignore[attr-defined]
    return selectors.membership_list(team=team, include_left=include_left)


@router.post("/{team_id}/members/export", url_name="team_member_export", openapi_extra=XLSX_RESPONSE)
def team_member_export_api(request: HttpRequest, team_id: int, payload: MembersExportIn) -> Any:
    """The members as an Excel file; full phone numbers only with unmasked=true and a reason, for county and
    township admins (each such export is written to the audit log)."""
    team = selectors.team_get(user=request.user, team_id=team_id)
    unmasked = personal_data_export_authorize(
        user=request.user,
        unmasked=payload.unmasked,
        reason=payload.reason,
        export_name=f"{team.name}队员",
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    memberships = selectors.membership_list(team=team)
    return members_xlsx(team=team, members=selectors.member_rows(memberships=memberships, unmasked=unmasked))


def _member_out(request: HttpRequest, membership: Membership) -> Membership:
    request.teams_phone_unmasked = selectors.phone_unmasked_for(user=request.user, team=membership.team)  # type: ignore[attr-defined]
    return membership
