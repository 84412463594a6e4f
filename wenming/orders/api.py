"""Service orders (点单派单): staff entry, every step of the state machine, history, overdue list,
statistics, the catalogue and the API clients of the city app.

Reads go through the orders selectors (scoped to the caller: admins by region, team leaders their
team's orders, residents their own); writes through one service each, which says why it refused.
Dispatch proposals (orders.proposals over the engine in orders.dispatch) are read here; a person
confirms one through the dispatch endpoint.
"""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from wenming.core.errors import NotFoundError
from wenming.core.fields import ID_MAX
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.orders import proposals, selectors, services
from wenming.orders.models import (
    ApiClient,
    CountyOrderSetting,
    OrderAssignment,
    OrderChannel,
    OrderEvent,
    OrderStatus,
    ServiceOrder,
    Tier,
)
from wenming.orders.schemas import (
    AcceptIn,
    ApiClientCreatedOut,
    ApiClientIn,
    ApiClientOut,
    AssignmentOut,
    BatchProposalIn,
    BatchProposalOut,
    CatalogueEntryOut,
    CompleteIn,
    CountyOrderSettingIn,
    CountyOrderSettingOut,
    DeclineIn,
    DispatchIn,
    MembersIn,
    OrderDetailOut,
    OrderEventOut,
    OrderOut,
    OrderSubmitIn,
    ProposalOut,
    RateIn,
    ReasonIn,
    StatisticsOut,
)
from wenming.regions.models import Region
from wenming.teams.selectors import county_for_user, region_by_code

router = Router(tags=["orders"])


@router.get("", response=list[OrderOut], url_name="order_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def order_list_api(
    request: HttpRequest,
    status: OrderStatus | None = None,
    tier: Tier | None = None,
    channel: OrderChannel | None = None,
    category_id: int | None = Query(None, ge=1, le=ID_MAX),
    region_code: str | None = Query(None, max_length=12),
    team_id: int | None = Query(None, ge=1, le=ID_MAX),
    overdue: bool = False,
    number: str | None = Query(None, max_length=24),
    submitted_from: dt.date | None = None,
    submitted_until: dt.date | None = None,
) -> QuerySet[ServiceOrder]:
    """Orders the caller may see, latest first: admins their region's, team leaders those dispatched to
    their team, volunteers those they serve or placed, residents their own."""
    return selectors.order_list(
        user=request.user,
        status=status,
        tier=tier,
        channel=channel,
        category_id=category_id,
        region_code=region_code,
        team_id=team_id,
        overdue_only=overdue,
        number=number,
        submitted_from=submitted_from,
        submitted_until=submitted_until,
    )


@router.post("", response={201: OrderDetailOut}, url_name="order_submit")
def order_submit_api(request: HttpRequest, payload: OrderSubmitIn) -> Status[ServiceOrder]:
    """Place an order: staff of the region enter phone and walk-in requests (channel phone or walk_in);
    residents and volunteers place their own (channel web). Coordinates may be GCJ-02 (map pickers)."""
    order = services.order_submit(
        channel=payload.channel,
        region=region_by_code(code=payload.region_code),
        category_id=payload.category_id,
        project_id=payload.project_id,
        service_code=payload.service_code,
        description=payload.description,
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
        coordinate_system=payload.coordinate_system,
        desired_at=payload.desired_at,
        desired_end_at=payload.desired_end_at,
        people_needed=payload.people_needed,
        requester_name=payload.requester_name,
        requester_phone=payload.requester_phone,
        acting_user=request.user,
    )
    return Status(201, order)


@router.get("/overdue", response=list[OrderOut], url_name="order_overdue_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def order_overdue_list_api(request: HttpRequest) -> QuerySet[ServiceOrder]:
    """Orders past their current state's deadline that the caller is responsible for (admins at the
    order's tier, team leaders for their team), the most overdue first."""
    return selectors.orders_overdue(user=request.user)


@router.get("/statistics", response=StatisticsOut, url_name="order_statistics")
def order_statistics_api(
    request: HttpRequest,
    region_code: str | None = Query(None, max_length=12),
    date_from: dt.date | None = None,
    date_until: dt.date | None = None,
) -> selectors.OrderStatistics:
    """Received, by channel and category, handled (as figure 8 of the report), completed, response and
    completion times (median, 90th percentile), overdue and satisfaction, for a region subtree (default:
    the caller's widest) and a period of submission dates. Admins, viewers and team leaders."""
    return selectors.order_statistics(
        user=request.user, region_code=region_code, date_from=date_from, date_until=date_until
    )


@router.get("/catalogue", response=list[CatalogueEntryOut], url_name="order_catalogue")
def order_catalogue_api(
    request: HttpRequest, county_code: str | None = Query(None, max_length=12)
) -> list[selectors.CatalogueEntry]:
    """The services a county offers (default: the caller's): its enabled "8+N" categories, then its brand projects."""
    county = county_for_user(user=request.user, county_code=county_code)
    if county is None:
        raise NotFoundError(_("县（市、区）不存在。"), field="county_code")
    return selectors.service_catalogue(county=county)


@router.get("/api-clients", response=list[ApiClientOut], url_name="order_api_client_list")
def order_api_client_list_api(request: HttpRequest) -> list[ApiClient]:
    """The city app's and Open311 clients of the caller's counties (county admins)."""
    return list(selectors.api_client_list(user=request.user))


@router.post("/api-clients", response={201: ApiClientCreatedOut}, url_name="order_api_client_create")
def order_api_client_create_api(request: HttpRequest, payload: ApiClientIn) -> Status[ApiClient]:
    """A client and its key, shown only in this answer (only a hash is kept): county admins."""
    client, key = services.api_client_create(
        name=payload.name, region=region_by_code(code=payload.region_code), acting_user=request.user
    )
    client.key = key  # type: ignore[attr-defined]
    return Status(201, client)


def _county(request: HttpRequest, county_code: str | None) -> Region:
    county = county_for_user(user=request.user, county_code=county_code)
    if county is None:
        raise NotFoundError(_("县（市、区）不存在。"), field="county_code")
    return county


@router.get("/settings", response=CountyOrderSettingOut, url_name="order_setting_detail")
def order_setting_detail_api(
    request: HttpRequest, county_code: str | None = Query(None, max_length=12)
) -> CountyOrderSetting:
    """The county's order settings (default: the caller's county): deadlines and the categories the system
    dispatches by itself. County admins."""
    return proposals.county_order_setting_get(county=_county(request, county_code), acting_user=request.user)


@router.put("/settings", response=CountyOrderSettingOut, url_name="order_setting_update")
def order_setting_update_api(request: HttpRequest, payload: CountyOrderSettingIn) -> CountyOrderSetting:
    """Set the categories (catalogue codes) the system dispatches by itself to the top-ranked team; an
    empty list turns automatic dispatch off. County admins."""
    return proposals.auto_dispatch_categories_set(
        county=_county(request, payload.county_code),
        codes=payload.auto_dispatch_categories,
        acting_user=request.user,
    )


@router.post("/batch-proposals", response=BatchProposalOut, url_name="order_batch_proposals")
def order_batch_proposals_api(request: HttpRequest, payload: BatchProposalIn) -> proposals.BatchProposal:
    """A team for each order at the lowest total cost (distance, fairness, rating, unserved penalty): the
    orders given, or every queued order the caller may dispatch. Only a proposal: nothing is dispatched."""
    return proposals.orders_batch_assign(acting_user=request.user, order_ids=payload.order_ids)


@router.get("/{order_id}", response=OrderDetailOut, url_name="order_detail")
def order_detail_api(request: HttpRequest, order_id: int) -> ServiceOrder:
    return selectors.order_get(user=request.user, order_id=order_id)


@router.get("/{order_id}/events", response=list[OrderEventOut], url_name="order_event_list")
def order_event_list_api(request: HttpRequest, order_id: int) -> list[OrderEvent]:
    """The order's history, one row per step: who (none: the system), when, from, to, why, tier, team."""
    order = selectors.order_get(user=request.user, order_id=order_id)
    return list(selectors.order_events(order=order))


@router.get("/{order_id}/proposals", response=list[ProposalOut], url_name="order_proposals")
def order_proposals_api(
    request: HttpRequest, order_id: int, limit: int = Query(proposals.DEFAULT_LIMIT, ge=1, le=50)
) -> list[proposals.TeamProposal]:
    """The teams the engine proposes for an order waiting for dispatch, best first, each with its reason
    as data and in words: admins who may dispatch the order now."""
    return proposals.order_proposals(order_id=order_id, acting_user=request.user, limit=limit)


def _detail(request: HttpRequest, order: ServiceOrder) -> ServiceOrder:
    """The order as changed, read again through the caller's scope (a declining leader no longer sees it)."""
    try:
        return selectors.order_get(user=request.user, order_id=order.pk)
    except NotFoundError:
        return order


@router.post("/{order_id}/review", response=OrderDetailOut, url_name="order_review_start")
def order_review_start_api(request: HttpRequest, order_id: int) -> ServiceOrder:
    """Take the order into review: admins at its tier (county admins at every tier)."""
    return _detail(request, services.order_review_start(order_id=order_id, acting_user=request.user))


@router.post("/{order_id}/reject", response=OrderDetailOut, url_name="order_reject")
def order_reject_api(request: HttpRequest, order_id: int, payload: ReasonIn) -> ServiceOrder:
    return _detail(request, services.order_reject(order_id=order_id, reason=payload.reason, acting_user=request.user))


@router.post("/{order_id}/dispatch", response=OrderDetailOut, url_name="order_dispatch")
def order_dispatch_api(request: HttpRequest, order_id: int, payload: DispatchIn) -> ServiceOrder:
    """Dispatch to a team or a site at a tier: county admins at any tier, township and station admins at theirs."""
    order = services.order_dispatch(
        order_id=order_id,
        team_id=payload.team_id,
        site_id=payload.site_id,
        tier=payload.tier,
        reason=payload.reason,
        acting_user=request.user,
    )
    return _detail(request, order)


@router.post("/{order_id}/accept", response=OrderDetailOut, url_name="order_accept")
def order_accept_api(request: HttpRequest, order_id: int, payload: AcceptIn) -> ServiceOrder:
    """The leader of the team it was dispatched to accepts (for an order sent to a site: a team based there)."""
    return _detail(request, services.order_accept(order_id=order_id, team_id=payload.team_id, acting_user=request.user))


@router.post("/{order_id}/decline", response=OrderDetailOut, url_name="order_decline")
def order_decline_api(request: HttpRequest, order_id: int, payload: DeclineIn) -> ServiceOrder:
    """The team declines with a reason (no one is forced to serve); the order goes back to the queue."""
    order = services.order_decline(
        order_id=order_id, reason=payload.reason, team_id=payload.team_id, acting_user=request.user
    )
    return _detail(request, order)


@router.post("/{order_id}/members", response=list[AssignmentOut], url_name="order_members_assign")
def order_members_assign_api(request: HttpRequest, order_id: int, payload: MembersIn) -> list[OrderAssignment]:
    """The team leader sends members of the team to serve the accepted order."""
    return services.order_members_assign(
        order_id=order_id, volunteer_ids=payload.volunteer_ids, acting_user=request.user
    )


@router.post("/{order_id}/start", response=OrderDetailOut, url_name="order_start")
def order_start_api(request: HttpRequest, order_id: int) -> ServiceOrder:
    return _detail(request, services.order_start(order_id=order_id, acting_user=request.user))


@router.post("/{order_id}/complete", response=OrderDetailOut, url_name="order_complete")
def order_complete_api(request: HttpRequest, order_id: int, payload: CompleteIn) -> ServiceOrder:
    """Service done: a short report and each assigned member's hours, proposed to the ledger for approval."""
    order = services.order_complete(
        order_id=order_id,
        report=payload.report,
        hours=[(row.volunteer_id, row.hours) for row in payload.hours],
        acting_user=request.user,
    )
    return _detail(request, order)


@router.post("/{order_id}/rate", response=OrderDetailOut, url_name="order_rate")
def order_rate_api(request: HttpRequest, order_id: int, payload: RateIn) -> ServiceOrder:
    """The requester rates the completed service, 1 to 5 stars, with a comment."""
    order = services.order_rate(
        order_id=order_id, rating=payload.rating, comment=payload.comment, acting_user=request.user
    )
    return _detail(request, order)


@router.post("/{order_id}/close", response=OrderDetailOut, url_name="order_close")
def order_close_api(request: HttpRequest, order_id: int, payload: ReasonIn) -> ServiceOrder:
    return _detail(request, services.order_close(order_id=order_id, reason=payload.reason, acting_user=request.user))


@router.post("/{order_id}/cancel", response=OrderDetailOut, url_name="order_cancel")
def order_cancel_api(request: HttpRequest, order_id: int, payload: ReasonIn) -> ServiceOrder:
    """The requester withdraws (before acceptance) or staff at the order's tier cancel, with a reason."""
    return _detail(request, services.order_cancel(order_id=order_id, reason=payload.reason, acting_user=request.user))


@router.post("/{order_id}/expire", response=OrderDetailOut, url_name="order_expire")
def order_expire_api(request: HttpRequest, order_id: int, payload: ReasonIn) -> ServiceOrder:
    return _detail(request, services.order_expire(order_id=order_id, reason=payload.reason, acting_user=request.user))


@router.post("/{order_id}/reopen", response=OrderDetailOut, url_name="order_reopen")
def order_reopen_api(request: HttpRequest, order_id: int, payload: ReasonIn) -> ServiceOrder:
    """After a rating of 2 stars or fewer: back to review, to be served again."""
    return _detail(request, services.order_reopen(order_id=order_id, reason=payload.reason, acting_user=request.user))
