"""Writes of service orders: placing an order and every step of its state machine (DESIGN.md §4).

Each step locks the order's row (PostgreSQL `FOR UPDATE`; SQLite runs every transaction as
`BEGIN IMMEDIATE`), checks the step is allowed from the current state, changes the order and appends
one `OrderEvent` (who, when, from, to, why, tier, team) in the same transaction. Two dispatchers
acting at once: the second finds the order already moved on and is refused, nothing changed.

Entering a state with a deadline (review, acceptance, start, completion) sets `deadline_at` and, once
the transaction commits, schedules `tasks.order_deadline_check` for that moment; the check carries the
state and deadline it was scheduled for and does nothing when the order has moved on since. An order
not accepted in time goes back to the queue one tier up (station → institute → center), written by
the system (an event without actor).

Dispatch proposals: the engine (`orders.dispatch`) fed from the database lives in `orders.proposals`;
a person confirms a proposal through `order_dispatch` below, or, where the county enabled it for the
category, the system dispatches an order as soon as it enters the queue (`_queue_entered`).
"""

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend

from wenming.accounts.models import RoleAssignment, User
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.core.geo import coordinates_validate, gcj02_to_wgs84
from wenming.core.queue import enqueue_with_transaction
from wenming.ledger.models import SourceKind
from wenming.ledger.services import hours_entry_propose
from wenming.notifications.models import NotificationKind
from wenming.notifications.services import notification_send
from wenming.orders.access import (
    admin_covers,
    is_requester,
    next_tier,
    staff_may_act,
    staff_may_place,
    staff_tiers,
    team_side_team_ids,
)
from wenming.orders.models import (
    ApiClient,
    OrderAssignment,
    OrderChannel,
    OrderEvent,
    OrderEventKind,
    OrderStatus,
    ServiceOrder,
    Tier,
)
from wenming.orders.selectors import (
    STAGE_OF_STATUS,
    api_key_hash,
    catalogue_entry,
    catalogue_entry_for,
    counties_under,
    county_for_point,
    county_of_region,
    county_service_area,
    county_setting,
    region_for_point,
)
from wenming.orders.tasks import order_deadline_check_task
from wenming.regions.access import scoped
from wenming.regions.models import Region, RegionLevel
from wenming.regions.roles import VIEW, Role
from wenming.sites.models import Site, SiteKind
from wenming.teams.models import Membership, Team
from wenming.volunteers.models import VolunteerStatus

REASON_LENGTH = 200
TEXT_LENGTH = 2000
MAX_PEOPLE = 200
PHONE_PATTERN = re.compile(r"^[0-9+\-() ]{5,20}$")
STAFF_CHANNELS = (OrderChannel.PHONE, OrderChannel.WALK_IN)
RESIDENT_ROLES = (Role.RESIDENT, Role.VOLUNTEER)
BAD_RATING = 2  # a rating at or below this may re-open the order

# The states each step leaves from, and where it leads.
REVIEW_FROM = (OrderStatus.SUBMITTED,)
REJECT_FROM = (OrderStatus.SUBMITTED, OrderStatus.UNDER_REVIEW)
DISPATCH_FROM = (OrderStatus.UNDER_REVIEW, OrderStatus.DECLINED)
ANSWER_FROM = (OrderStatus.DISPATCHED,)
START_FROM = (OrderStatus.ACCEPTED,)
ASSIGN_FROM = (OrderStatus.ACCEPTED, OrderStatus.IN_SERVICE)
COMPLETE_FROM = (OrderStatus.IN_SERVICE,)
RATE_FROM = (OrderStatus.COMPLETED,)
CLOSE_FROM = (OrderStatus.COMPLETED, OrderStatus.RATED)
CANCEL_FROM = (
    OrderStatus.SUBMITTED,
    OrderStatus.UNDER_REVIEW,
    OrderStatus.DISPATCHED,
    OrderStatus.DECLINED,
    OrderStatus.ACCEPTED,
)
REQUESTER_CANCEL_FROM = (OrderStatus.SUBMITTED, OrderStatus.UNDER_REVIEW, OrderStatus.DISPATCHED, OrderStatus.DECLINED)
EXPIRE_FROM = (OrderStatus.SUBMITTED, OrderStatus.UNDER_REVIEW, OrderStatus.DISPATCHED, OrderStatus.DECLINED)
REOPEN_FROM = (OrderStatus.RATED, OrderStatus.CLOSED)

TIER_OF_SITE_KIND = {SiteKind.STATION: Tier.STATION, SiteKind.INSTITUTE: Tier.INSTITUTE, SiteKind.CENTER: Tier.CENTER}


# -- helpers ---------------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return (value or "").strip()


def _reason(value: str | None, message: Any, *, field: str = "reason") -> str:
    reason = _text(value)
    if not reason:
        raise DomainError(message, field=field, code="reason_required")
    if len(reason) > REASON_LENGTH:
        raise DomainError(_("说明不能超过200个字。"), field=field)
    return reason


def _status_label(status: str) -> str:
    return str(OrderStatus(status).label)


def _tier_label(tier: str) -> str:
    return str(Tier(tier).label)


def _state_check(order: ServiceOrder, allowed: Iterable[str], action: str) -> None:
    if order.status not in allowed:
        raise DomainError(
            _("订单当前状态为“%(status)s”，不能%(action)s。")
            % {"status": _status_label(order.status), "action": action},
            field="status",
            code="order_illegal_transition",
        )


def _order_for_change(*, order_id: int, acting_user: Any | None) -> ServiceOrder:
    """The order under its row lock: one the user may read (a system step: any order)."""
    orders = ServiceOrder.objects.select_related("region")
    if acting_user is not None:
        orders = scoped(orders, acting_user, VIEW)
    order = orders.select_for_update(of=("self",)).filter(pk=order_id).first()
    if order is None:
        raise NotFoundError(_("订单不存在。"))
    return order


def _staff_check(user: Any, order: ServiceOrder, action: str) -> None:
    if not staff_may_act(user, order):
        raise PermissionDeniedError(
            _("该订单当前在“%(tier)s”层级办理，只有该层级或县级中心的管理员可以%(action)s。")
            % {"tier": _tier_label(order.tier), "action": action}
        )


def _team_side_team(user: Any, order: ServiceOrder, action: str, team_id: int | None = None) -> Team:
    """The team on whose behalf the team leader answers the order."""
    team_ids = team_side_team_ids(user, order)
    if getattr(user, "is_superuser", False) and not team_ids:
        team_ids = [order.assigned_team_id] if order.assigned_team_id else ([team_id] if team_id else [])
    if not team_ids:
        raise PermissionDeniedError(_("只有承接队伍的队长可以%(action)s。") % {"action": action})
    if team_id is not None:
        if team_id not in team_ids:
            raise DomainError(_("您不能代表这支队伍%(action)s。") % {"action": action}, field="team_id")
        team_ids = [team_id]
    if len(team_ids) > 1:
        raise DomainError(_("请选择以哪支队伍%(action)s。") % {"action": action}, field="team_id")
    return Team.objects.select_related("leader").get(pk=team_ids[0])


def _county(region: Region) -> Region:
    county = county_of_region(region)
    if county is None:
        raise DomainError(_("点单区划须在县（市、区）及以下。"), field="region_code", code="region_above_county")
    return county


def _deadline_compute(order: ServiceOrder, now: dt.datetime) -> None:
    """Start the clock of the order's new state, or stop it when the state has none."""
    stage = STAGE_OF_STATUS.get(order.status, "")
    order.is_overdue = False
    if not stage:
        order.deadline_at = None
        return
    hours = county_setting(county=_county(order.region)).hours_for(stage)
    order.deadline_at = now + dt.timedelta(hours=hours)


def _deadline_schedule(order: ServiceOrder) -> None:
    """Check the order when its clock runs out (queued with the caller's transaction)."""
    if order.deadline_at is None:
        return
    if not default_task_backend.supports_defer:
        return  # the housekeeping round (orders_deadlines_sweep) checks instead
    check = order_deadline_check_task.using(run_after=order.deadline_at + dt.timedelta(seconds=1))
    enqueue_with_transaction(check, order.pk, order.status, order.deadline_at.isoformat())


def _event(
    order: ServiceOrder,
    *,
    from_status: str,
    actor: Any | None,
    now: dt.datetime,
    reason: str = "",
    team: Team | None = None,
) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        from_status=from_status,
        to_status=order.status,
        tier=order.tier,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        occurred_at=now,
        reason=reason[:REASON_LENGTH],
        team=team,
    )


def _move(
    order: ServiceOrder,
    to_status: str,
    *,
    actor: Any | None,
    reason: str = "",
    team: Team | None = None,
    fields: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> ServiceOrder:
    """Change the order's state, restart its clock and append the event, all in the caller's transaction."""
    now = now or timezone.now()
    from_status = order.status
    order.status = to_status
    _deadline_compute(order, now)
    order.save(update_fields=["status", "deadline_at", "is_overdue", "updated_at", *fields])
    _deadline_schedule(order)
    _event(order, from_status=from_status, actor=actor, now=now, reason=reason, team=team)
    return order


def _leader_users(team: Team) -> list[User]:
    assignments = RoleAssignment.objects.filter(role=Role.TEAM_LEADER, team=team, is_active=True)
    return list(User.objects.filter(pk__in=assignments.values("user_id"), is_active=True))


def _notify(recipients: Iterable[User | None], title: str, body: str, order: ServiceOrder) -> None:
    people = [person for person in recipients if person is not None]
    if people:
        notification_send(
            recipients=people, kind=NotificationKind.GENERAL, title=title, body=body, url="", related=order
        )


def _requester_notify(order: ServiceOrder, title: str, body: str) -> None:
    if order.requester_id is not None:
        _notify([order.requester], title, body, order)


def _queue_entered(order: ServiceOrder) -> ServiceOrder:
    """The order is waiting for a dispatcher: where the county dispatches its category by itself, the
    system dispatches it now (in a savepoint; a failure is logged and leaves the order queued)."""
    from wenming.orders.proposals import auto_dispatch  # proposals calls back into this module

    return auto_dispatch(order) or order


# -- placing an order ------------------------------------------------------------------------------


def _coordinates(
    latitude: Any, longitude: Any, coordinate_system: str, county: Region
) -> tuple[Decimal | None, Decimal | None]:
    """WGS-84 coordinates of the order's point (GCJ-02 from map pickers converted), inside the county."""
    if coordinate_system not in ("wgs84", "gcj02"):
        raise DomainError(_("坐标系只能是 wgs84 或 gcj02。"), field="coordinate_system")
    if latitude is None and longitude is None:
        return None, None
    try:
        coordinates_validate(
            float(latitude) if latitude is not None else None, float(longitude) if longitude is not None else None
        )
    except (TypeError, ValueError):
        raise DomainError(_("坐标必须是数字。"), field="latitude") from None
    except ValidationError as error:  # both or neither, and in range
        raise DomainError(error.messages[0], field="latitude") from None
    wgs_latitude, wgs_longitude = float(latitude), float(longitude)
    if coordinate_system == "gcj02":
        wgs_latitude, wgs_longitude = gcj02_to_wgs84(wgs_latitude, wgs_longitude)
    point = Decimal(f"{wgs_latitude:.6f}"), Decimal(f"{wgs_longitude:.6f}")
    area = county_service_area(county=county)
    if area is not None and not area.holds(*point):
        raise DomainError(
            _("服务地址不在%(county)s范围内，请核对地图位置。") % {"county": county.name},
            field="latitude",
            code="address_outside_county",
        )
    return point


def _window_check(desired_at: dt.datetime | None, desired_end_at: dt.datetime | None, now: dt.datetime) -> None:
    if desired_end_at is not None and desired_at is None:
        raise DomainError(_("请填写期望时间的开始。"), field="desired_at")
    if desired_at is not None and desired_end_at is not None and desired_end_at <= desired_at:
        raise DomainError(_("期望时间的截止须晚于开始。"), field="desired_end_at", code="window_invalid")
    last = desired_end_at or desired_at
    if last is not None and last <= now:
        raise DomainError(
            _("期望时间已经过去，请选择以后的时间。"),
            field="desired_end_at" if desired_end_at is not None else "desired_at",
            code="window_in_past",
        )


def _first_tier(region: Region) -> str:
    """Where an order is first reviewed: the village's station, else the township's institute, else the center."""
    codes = [code for code in region.path.strip("/").split("/") if code]
    sites = Site.objects.filter(region__code__in=codes, is_active=True, kind__in=[SiteKind.STATION, SiteKind.INSTITUTE])
    kinds = set(sites.values_list("kind", flat=True))
    if region.level == RegionLevel.VILLAGE and SiteKind.STATION in kinds:
        return Tier.STATION
    if region.level in (RegionLevel.VILLAGE, RegionLevel.TOWNSHIP) and SiteKind.INSTITUTE in kinds:
        return Tier.INSTITUTE
    return Tier.CENTER


def _number_next(county: Region, now: dt.datetime) -> str:
    """`230781-20240105-0001`: the county's orders of the day in sequence. The county's row lock
    serialises numbering on PostgreSQL (a no-key lock: rows referring to the county are not held up)."""
    if connection.features.has_select_for_update:
        list(Region.objects.select_for_update(no_key=True).filter(pk=county.pk).values_list("pk"))
    prefix = f"{county.code}-{timezone.localdate(now):%Y%m%d}-"
    last = (
        ServiceOrder.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    ).first()
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def _placing_check(
    *, channel: str, region: Region, county: Region, acting_user: Any | None, api_client: ApiClient | None
) -> None:
    if api_client is not None:
        if channel != OrderChannel.CITY_APP:
            raise DomainError(_("接口客户端的点单渠道只能是城市App（接口）。"), field="channel")
        if not region.path.startswith(api_client.region.path):
            raise PermissionDeniedError(_("该区划不在本接口客户端的点单范围内。"), code="region_outside_client")
        return
    if channel == OrderChannel.CITY_APP:
        raise DomainError(_("城市App渠道须使用接口密钥点单。"), field="channel")
    if acting_user is None or not getattr(acting_user, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"))
    if channel in STAFF_CHANNELS:
        if not staff_may_place(acting_user, region.path):
            raise PermissionDeniedError(_("只有该区划的管理员可以代群众录入电话或现场点单。"))
        return
    # web/H5: residents and volunteers order for themselves, in a county where they hold their role
    counties = {
        getattr(county_of_region(a.region), "pk", None)
        for a in acting_user.active_assignments
        if a.role in RESIDENT_ROLES
    }
    if not acting_user.is_superuser and county.pk not in counties:
        raise PermissionDeniedError(_("只有本县（市、区）的群众和志愿者可以在网上点单。"))


@transaction.atomic
def order_submit(
    *,
    channel: str,
    region: Region,
    description: str,
    address: str,
    requester_name: str = "",
    requester_phone: str = "",
    category_id: int | None = None,
    project_id: int | None = None,
    service_code: str | None = None,
    latitude: Any = None,
    longitude: Any = None,
    coordinate_system: str = "wgs84",
    desired_at: dt.datetime | None = None,
    desired_end_at: dt.datetime | None = None,
    people_needed: int = 1,
    acting_user: Any | None = None,
    api_client: ApiClient | None = None,
) -> ServiceOrder:
    """Place an order: staff entry (phone, walk-in), a resident's own (web), or the city app (an API client).

    The service is named by catalogue code (`service_code`) or by category (and brand project) ids;
    either must be offered in the county. Nothing is written unless every check passes.
    """
    if channel not in OrderChannel.values:
        raise DomainError(_("未知的点单渠道。"), field="channel")
    county = _county(region)
    _placing_check(channel=channel, region=region, county=county, acting_user=acting_user, api_client=api_client)
    if service_code is not None:
        entry = catalogue_entry(county=county, code=_text(service_code))
        category_field = "service_code"
    else:
        entry = (
            catalogue_entry_for(county=county, category_id=category_id, project_id=project_id)
            if category_id is not None
            else None
        )
        category_field = "project_id" if project_id is not None else "category_id"
    if entry is None:
        raise DomainError(
            _("服务类别不存在或未在%(county)s开放。") % {"county": county.name},
            field=category_field,
            code="unknown_category",
        )
    description, address = _text(description), _text(address)
    if not description:
        raise DomainError(_("请填写需求描述。"), field="description")
    if len(description) > TEXT_LENGTH:
        raise DomainError(_("需求描述不能超过2000个字。"), field="description")
    if not address:
        raise DomainError(_("请填写服务地址。"), field="address")
    if len(address) > 200:
        raise DomainError(_("服务地址不能超过200个字。"), field="address")
    if channel == OrderChannel.WEB and acting_user is not None:
        requester_name = _text(requester_name) or acting_user.display_name or acting_user.username
        requester_phone = _text(requester_phone) or acting_user.phone
    requester_name, requester_phone = _text(requester_name), _text(requester_phone)
    if not requester_name:
        raise DomainError(_("请填写点单人姓名。"), field="requester_name")
    if len(requester_name) > 64:
        raise DomainError(_("点单人姓名不能超过64个字。"), field="requester_name")
    if not PHONE_PATTERN.match(requester_phone):
        raise DomainError(_("请填写正确的联系电话。"), field="requester_phone")
    if not 1 <= int(people_needed) <= MAX_PEOPLE:
        raise DomainError(
            _("需要人数须在 1 到 %(max)s 人之间。") % {"max": MAX_PEOPLE}, field="people_needed", code="people_invalid"
        )
    point = _coordinates(latitude, longitude, coordinate_system, county)
    now = timezone.now()
    _window_check(desired_at, desired_end_at, now)
    order = ServiceOrder(
        region=region,
        number=_number_next(county, now),
        requester=acting_user if channel == OrderChannel.WEB else None,
        requester_name=requester_name,
        requester_phone=requester_phone,
        channel=channel,
        category=entry.category,
        project=entry.project,
        description=description,
        address=address,
        latitude=point[0],
        longitude=point[1],
        desired_at=desired_at,
        desired_end_at=desired_end_at,
        people_needed=int(people_needed),
        api_client=api_client,
        status=OrderStatus.SUBMITTED,
        tier=_first_tier(region),
        submitted_at=now,
    )
    _deadline_compute(order, now)
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        raise DomainError(_("点单编号冲突，请重试。"), code="order_number_conflict") from None
    _deadline_schedule(order)
    via = api_client.name if api_client is not None else str(OrderChannel(channel).label)
    _event(order, from_status="", actor=acting_user, now=now, reason=_("点单（%(via)s）") % {"via": via})
    return _queue_entered(order)


def order_submit_by_client(
    *,
    client: ApiClient,
    service_code: str,
    description: str,
    address: str,
    requester_name: str,
    requester_phone: str,
    region_code: str | None = None,
    latitude: Any = None,
    longitude: Any = None,
    coordinate_system: str = "wgs84",
    desired_at: dt.datetime | None = None,
    desired_end_at: dt.datetime | None = None,
    people_needed: int = 1,
) -> ServiceOrder:
    """An order from the city app or an Open311 client: its region is the one named, else the village or
    community nearest the point, else (no point) the client's only county."""
    if region_code:
        region = Region.objects.filter(code=_text(region_code)).first()
        if region is None:
            raise DomainError(_("行政区划不存在。"), field="region_code")
    elif latitude is not None and longitude is not None:
        try:
            wgs_latitude, wgs_longitude = float(latitude), float(longitude)
        except (TypeError, ValueError):
            raise DomainError(_("坐标必须是数字。"), field="latitude") from None
        if coordinate_system == "gcj02":
            wgs_latitude, wgs_longitude = gcj02_to_wgs84(wgs_latitude, wgs_longitude)
        point = Decimal(f"{wgs_latitude:.6f}"), Decimal(f"{wgs_longitude:.6f}")
        county = county_for_point(region=client.region, latitude=point[0], longitude=point[1])
        if county is None:
            raise DomainError(
                _("服务地址不在本客户端可点单的县（市、区）范围内，请核对地图位置。"),
                field="latitude",
                code="address_outside_county",
            )
        region = region_for_point(county=county, latitude=point[0], longitude=point[1])
    else:
        own = county_of_region(client.region)
        counties = [own] if own is not None else list(counties_under(client.region)[:2])
        if len(counties) != 1:
            raise DomainError(_("请提供服务地点的经纬度。"), field="latitude", code="point_required")
        region = counties[0]
    return order_submit(
        channel=OrderChannel.CITY_APP,
        region=region,
        service_code=service_code,
        description=description,
        address=address,
        requester_name=requester_name,
        requester_phone=requester_phone,
        latitude=latitude,
        longitude=longitude,
        coordinate_system=coordinate_system,
        desired_at=desired_at,
        desired_end_at=desired_end_at,
        people_needed=people_needed,
        api_client=client,
    )


# -- the dispatcher's steps ------------------------------------------------------------------------


@transaction.atomic
def order_review_start(*, order_id: int, acting_user: Any | None) -> ServiceOrder:
    """Take the order into review (acting_user None: the system, before an automatic dispatch)."""
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("受理审核")
    if acting_user is not None:
        _staff_check(acting_user, order, action)
    _state_check(order, REVIEW_FROM, action)
    return _move(order, OrderStatus.UNDER_REVIEW, actor=acting_user, reason=action)


@transaction.atomic
def order_reject(*, order_id: int, reason: str, acting_user: Any) -> ServiceOrder:
    reason = _reason(reason, _("驳回点单时请说明原因。"))
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("驳回")
    _staff_check(acting_user, order, action)
    _state_check(order, REJECT_FROM, action)
    _move(order, OrderStatus.REJECTED, actor=acting_user, reason=reason)
    _requester_notify(
        order, _("点单未被受理：%(number)s") % {"number": order.number}, _("原因：%(reason)s") % {"reason": reason}
    )
    return order


def _dispatch_target(
    *, order: ServiceOrder, county: Region, team_id: int | None, site_id: int | None, acting_user: Any
) -> tuple[Team | None, Site | None]:
    team = site = None
    if team_id is not None:
        teams = Team.objects.select_related("home_site")
        team = (
            (teams if acting_user is None else scoped(teams, acting_user, VIEW))
            .filter(pk=team_id, is_active=True, region__path__startswith=county.path)
            .first()
        )
        if team is None:
            raise DomainError(_("承接队伍不存在、未在服务或不在您的管辖范围内。"), field="team_id")
        declined = order.events.filter(to_status=OrderStatus.DECLINED, team=team).exists()
        if declined:  # 志愿服务条例 art. 25: no forced service
            raise DomainError(_("该队伍已拒绝过这个订单，不能再派给它。"), field="team_id", code="team_declined")
    if site_id is not None:
        site = (
            scoped(Site.objects.all(), acting_user, VIEW)
            .filter(pk=site_id, is_active=True, region__path__startswith=county.path)
            .first()
        )
        if site is None:
            raise DomainError(_("承办阵地不存在、未在用或不在您的管辖范围内。"), field="site_id")
    if team is None and site is None:
        raise DomainError(_("请选择承接队伍或承办阵地。"), field="team_id")
    return team, site


@transaction.atomic
def order_dispatch(
    *,
    order_id: int,
    acting_user: Any | None,
    team_id: int | None = None,
    site_id: int | None = None,
    tier: str | None = None,
    reason: str = "",
) -> ServiceOrder:
    """Send the order to a team (its leader accepts or declines) or to a site (any team based there may
    accept), at a tier: the site's, the one given, or the order's current tier. acting_user None: the
    system (orders.proposals.auto_dispatch), at any tier and to any team of the county."""
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("派单")
    if acting_user is not None:
        _staff_check(acting_user, order, action)
    _state_check(order, DISPATCH_FROM, action)
    county = _county(order.region)
    team, site = _dispatch_target(order=order, county=county, team_id=team_id, site_id=site_id, acting_user=acting_user)
    if tier is not None and tier not in Tier.values:
        raise DomainError(_("未知的层级。"), field="tier")
    target_tier = tier or (TIER_OF_SITE_KIND.get(SiteKind(site.kind)) if site is not None else None) or order.tier
    if acting_user is not None and target_tier not in staff_tiers(acting_user, order):
        raise PermissionDeniedError(_("您不能在“%(tier)s”层级派单。") % {"tier": _tier_label(target_tier)})
    order.tier = target_tier
    order.assigned_team = team
    order.assigned_site = site if site is not None else (team.home_site if team is not None else None)
    target = team.name if team is not None else (site.name if site is not None else "")
    _move(
        order,
        OrderStatus.DISPATCHED,
        actor=acting_user,
        reason=_text(reason)[:REASON_LENGTH] or _("派单至%(target)s") % {"target": target},
        team=team,
        fields=["tier", "assigned_team", "assigned_site"],
    )
    if team is not None:
        leaders: list[User] = _leader_users(team)
    else:
        teams = Team.objects.filter(home_site=site, is_active=True)
        leaders = [user for based in teams for user in _leader_users(based)]
    _notify(
        leaders,
        _("新派单：%(number)s") % {"number": order.number},
        _("%(category)s：%(description)s") % {"category": order.category.name, "description": order.description[:60]},
        order,
    )
    return order


@transaction.atomic
def order_close(*, order_id: int, acting_user: Any, reason: str = "") -> ServiceOrder:
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("办结")
    if not (staff_may_act(acting_user, order) or admin_covers(acting_user, order)):
        raise PermissionDeniedError(_("只有该区划的管理员可以办结订单。"))
    _state_check(order, CLOSE_FROM, action)
    return _move(order, OrderStatus.CLOSED, actor=acting_user, reason=_text(reason)[:REASON_LENGTH] or action)


@transaction.atomic
def order_cancel(*, order_id: int, reason: str, acting_user: Any) -> ServiceOrder:
    """The requester withdraws the order before it is accepted; staff cancel it at its tier until service starts."""
    reason = _reason(reason, _("取消点单时请说明原因。"))
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("取消")
    if staff_may_act(acting_user, order):
        _state_check(order, CANCEL_FROM, action)
    elif is_requester(acting_user, order):
        _state_check(order, REQUESTER_CANCEL_FROM, action)
    else:
        raise PermissionDeniedError(_("只有点单人或该层级的管理员可以取消订单。"))
    team = order.assigned_team
    _move(order, OrderStatus.CANCELLED, actor=acting_user, reason=reason, team=team)
    if team is not None:
        _notify(
            _leader_users(team),
            _("订单已取消：%(number)s") % {"number": order.number},
            _("原因：%(reason)s") % {"reason": reason},
            order,
        )
    return order


@transaction.atomic
def order_expire(*, order_id: int, reason: str, acting_user: Any) -> ServiceOrder:
    """Staff mark an order no team can take any more as expired (the deadline check does it by itself
    when the desired time has passed)."""
    reason = _reason(reason, _("标记过期时请说明原因。"))
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("标记过期")
    _staff_check(acting_user, order, action)
    _state_check(order, EXPIRE_FROM, action)
    _move(order, OrderStatus.EXPIRED, actor=acting_user, reason=reason, team=order.assigned_team)
    _requester_notify(order, _("点单已过期：%(number)s") % {"number": order.number}, reason)
    return order


@transaction.atomic
def order_reopen(*, order_id: int, reason: str, acting_user: Any) -> ServiceOrder:
    """After a bad rating (2 stars or fewer) the order goes back to the queue to be served again."""
    reason = _reason(reason, _("重新办理时请说明原因。"))
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("重新办理")
    if not (staff_may_act(acting_user, order) or is_requester(acting_user, order)):
        raise PermissionDeniedError(_("只有点单人或该层级的管理员可以重新办理订单。"))
    _state_check(order, REOPEN_FROM, action)
    if order.rating is None or order.rating > BAD_RATING:
        raise DomainError(
            _("只有评分为 %(stars)s 星及以下的订单可以重新办理。") % {"stars": BAD_RATING},
            field="rating",
            code="order_rating_not_bad",
        )
    team = order.assigned_team
    order.assigned_team = None
    order.rating = None
    order.rating_comment = ""
    _move(
        order,
        OrderStatus.UNDER_REVIEW,
        actor=acting_user,
        reason=reason,
        team=team,
        fields=["assigned_team", "rating", "rating_comment"],
    )
    return _queue_entered(order)


# -- the team's steps ------------------------------------------------------------------------------


@transaction.atomic
def order_accept(*, order_id: int, acting_user: Any, team_id: int | None = None) -> ServiceOrder:
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("接单")
    team = _team_side_team(acting_user, order, action, team_id)
    _state_check(order, ANSWER_FROM, action)
    order.assigned_team = team
    _move(order, OrderStatus.ACCEPTED, actor=acting_user, reason=action, team=team, fields=["assigned_team"])
    _requester_notify(
        order,
        _("已接单：%(number)s") % {"number": order.number},
        _("%(team)s已接单，将按约定时间上门服务。") % {"team": team.name},
    )
    return order


@transaction.atomic
def order_decline(*, order_id: int, reason: str, acting_user: Any, team_id: int | None = None) -> ServiceOrder:
    """The team says no, with a reason (no volunteer is ever forced); the order goes back to the queue."""
    reason = _reason(reason, _("拒单时请说明原因。"))
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("拒单")
    team = _team_side_team(acting_user, order, action, team_id)
    _state_check(order, ANSWER_FROM, action)
    order.assigned_team = None
    _move(order, OrderStatus.DECLINED, actor=acting_user, reason=reason, team=team, fields=["assigned_team"])
    return _queue_entered(order)


@transaction.atomic
def order_members_assign(*, order_id: int, volunteer_ids: list[int], acting_user: Any) -> list[OrderAssignment]:
    """The leader sends members of the team to serve; returns every member now assigned."""
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("指派队员")
    team = _team_side_team(acting_user, order, action)
    _state_check(order, ASSIGN_FROM, action)
    wanted = sorted(set(volunteer_ids))
    if not wanted:
        raise DomainError(_("请选择要指派的队员。"), field="volunteer_ids")
    members = set(
        Membership.objects.filter(
            team=team, volunteer_id__in=wanted, left_on__isnull=True, volunteer__status=VolunteerStatus.ACTIVE
        ).values_list("volunteer_id", flat=True)
    )
    if set(wanted) - members:
        raise DomainError(_("只能指派本队在册的队员。"), field="volunteer_ids", code="not_a_member")
    already = set(order.assignments.values_list("volunteer_id", flat=True))
    now = timezone.now()
    OrderAssignment.objects.bulk_create(
        OrderAssignment(order=order, volunteer_id=volunteer_id, assigned_by=acting_user, assigned_at=now)
        for volunteer_id in wanted
        if volunteer_id not in already
    )
    return list(order.assignments.select_related("volunteer").order_by("assigned_at", "pk"))


@transaction.atomic
def order_start(*, order_id: int, acting_user: Any) -> ServiceOrder:
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("开始服务")
    team = _team_side_team(acting_user, order, action)
    _state_check(order, START_FROM, action)
    return _move(order, OrderStatus.IN_SERVICE, actor=acting_user, reason=action, team=team)


@transaction.atomic
def order_complete(
    *, order_id: int, report: str, acting_user: Any, hours: list[tuple[int, Decimal]] | None = None
) -> ServiceOrder:
    """Service done: a short report, and the hours of each assigned member proposed to the ledger
    (pending; approved there like any other hours)."""
    report = _text(report)
    if not report:
        raise DomainError(_("请填写服务情况。"), field="report", code="report_required")
    if len(report) > TEXT_LENGTH:
        raise DomainError(_("服务情况不能超过2000个字。"), field="report")
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("完成服务")
    team = _team_side_team(acting_user, order, action)
    _state_check(order, COMPLETE_FROM, action)
    now = timezone.now()
    hours = hours or []
    assigned = {a.volunteer_id: a.volunteer for a in order.assignments.select_related("volunteer")}
    if len({volunteer_id for volunteer_id, _hours in hours}) != len(hours):
        raise DomainError(_("同一名队员只能申报一次时长。"), field="hours")
    total = Decimal(0)
    leader = team.leader.name if team.leader is not None else ""
    for volunteer_id, value in hours:
        volunteer = assigned.get(volunteer_id)
        if volunteer is None:
            raise DomainError(_("只能为指派服务的队员申报时长。"), field="hours", code="not_assigned")
        entry = hours_entry_propose(
            volunteer=volunteer,
            source_kind=SourceKind.ORDER,
            hours=value,
            service_on=timezone.localdate(now),
            content=_("点单服务：%(category)s（%(number)s）")
            % {"category": order.category.name, "number": order.number},
            region=order.region,
            recorder=acting_user,
            order=order,
            site=order.assigned_site,
            place=order.address,
            recipient=order.requester_name,
            person_in_charge=leader,
        )
        total += entry.hours
    order.completion_report = report
    order.proposed_hours = total or None
    _move(
        order,
        OrderStatus.COMPLETED,
        actor=acting_user,
        reason=report,
        team=team,
        fields=["completion_report", "proposed_hours"],
        now=now,
    )
    _requester_notify(
        order,
        _("服务已完成：%(number)s") % {"number": order.number},
        _("请为本次服务评价（1 到 5 星）。"),
    )
    return order


# -- the resident's step ---------------------------------------------------------------------------


@transaction.atomic
def order_rate(*, order_id: int, rating: int, comment: str = "", acting_user: Any) -> ServiceOrder:
    """The requester rates the completed service, 1 to 5 stars (staff record a rating given by phone)."""
    order = _order_for_change(order_id=order_id, acting_user=acting_user)
    action = _("评价")
    if not (is_requester(acting_user, order) or admin_covers(acting_user, order)):
        raise PermissionDeniedError(_("只有点单人可以评价订单。"))
    _state_check(order, RATE_FROM, action)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError(_("评分须为 1 到 5 星。"), field="rating", code="rating_invalid")
    comment = _text(comment)
    if len(comment) > 200:
        raise DomainError(_("评价不能超过200个字。"), field="comment")
    order.rating = rating
    order.rating_comment = comment
    reason = _("%(rating)s 星") % {"rating": rating} + (f"：{comment}" if comment else "")
    return _move(
        order,
        OrderStatus.RATED,
        actor=acting_user,
        reason=reason,
        team=order.assigned_team,
        fields=["rating", "rating_comment"],
    )


# -- deadlines (the system) ------------------------------------------------------------------------


def _window_end(order: ServiceOrder) -> dt.datetime | None:
    return order.desired_end_at or order.desired_at


def _responsible_users(order: ServiceOrder) -> list[User]:
    """Who hears that an order is overdue: the team leader once a team holds it, else the admins of its
    region at its tier (county admins always)."""
    if order.assigned_team_id is not None and order.status in (OrderStatus.ACCEPTED, OrderStatus.IN_SERVICE):
        assert order.assigned_team is not None
        return _leader_users(order.assigned_team)
    roles = [Role.COUNTY_ADMIN]
    if order.tier == Tier.INSTITUTE:
        roles.append(Role.TOWNSHIP_ADMIN)
    elif order.tier == Tier.STATION:
        roles.append(Role.STATION_ADMIN)
    codes = [code for code in order.region.path.strip("/").split("/") if code]
    assignments = RoleAssignment.objects.filter(role__in=roles, region__code__in=codes, is_active=True)
    return list(User.objects.filter(pk__in=assignments.values("user_id"), is_active=True).order_by("pk"))


def _escalate(order: ServiceOrder, now: dt.datetime) -> None:
    """Not accepted in time: back to the queue one tier up (at the center: back to the center's queue)."""
    setting = county_setting(county=_county(order.region))
    higher = next_tier(order.tier)
    team = order.assigned_team
    if higher is not None:
        reason = _("超过接单时限（%(hours)s 小时）无人接单，退回重新派单，由“%(from)s”升级到“%(to)s”。") % {
            "hours": setting.acceptance_hours,
            "from": _tier_label(order.tier),
            "to": _tier_label(higher),
        }
        order.tier = higher
    else:
        reason = _("超过接单时限（%(hours)s 小时）无人接单，退回中心重新派单。") % {"hours": setting.acceptance_hours}
    order.assigned_team = None
    order.assigned_site = None
    order.escalation_count = F("escalation_count") + 1
    _move(
        order,
        OrderStatus.UNDER_REVIEW,
        actor=None,
        reason=reason,
        team=team,
        fields=["tier", "assigned_team", "assigned_site", "escalation_count"],
        now=now,
    )
    order.refresh_from_db(fields=["escalation_count"])
    _notify(_responsible_users(order), _("订单升级待派：%(number)s") % {"number": order.number}, reason, order)
    _queue_entered(order)


@transaction.atomic
def order_deadline_check(
    *, order_id: int, expected_status: str, expected_deadline_at: str, now: dt.datetime | None = None
) -> str:
    """Run out the clock of one state, once: expire, escalate or flag overdue; "moved_on" when the
    order has left the state (or its deadline changed) since the check was scheduled."""
    order = (
        ServiceOrder.objects.select_related("region", "assigned_team")
        .select_for_update(of=("self",))
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        return "missing"
    expected = dt.datetime.fromisoformat(expected_deadline_at)
    if order.status != expected_status or order.deadline_at is None or order.deadline_at != expected:
        return "moved_on"
    now = now or timezone.now()
    if order.deadline_at > now:
        return "not_due"
    window_end = _window_end(order)
    if order.status in EXPIRE_FROM and window_end is not None and window_end <= now:
        reason = _("期望时间已过仍无队伍接单，订单过期。")
        _move(order, OrderStatus.EXPIRED, actor=None, reason=reason, team=order.assigned_team, now=now)
        _requester_notify(order, _("点单已过期：%(number)s") % {"number": order.number}, reason)
        return "expired"
    if order.status == OrderStatus.DISPATCHED:
        _escalate(order, now)
        return "escalated"
    if order.is_overdue:
        return "already_overdue"
    ServiceOrder.objects.filter(pk=order.pk).update(is_overdue=True)
    order.is_overdue = True
    reason = _("“%(status)s”环节已超过期限，请尽快办理。") % {"status": _status_label(order.status)}
    OrderEvent.objects.create(
        order=order,
        kind=OrderEventKind.OVERDUE,
        from_status=order.status,
        to_status=order.status,
        tier=order.tier,
        occurred_at=now,
        reason=reason[:REASON_LENGTH],
        team=order.assigned_team,
    )
    _notify(_responsible_users(order), _("订单已超期：%(number)s") % {"number": order.number}, reason, order)
    return "overdue"


def orders_deadlines_sweep(*, now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Check every order whose clock has run out (the housekeeping round, and where tasks cannot be
    deferred); each check runs in its own transaction."""
    now = now or timezone.now()
    due = (
        ServiceOrder.objects.filter(deadline_at__lte=now, status__in=list(STAGE_OF_STATUS))
        .filter(Q(is_overdue=False) | Q(status=OrderStatus.DISPATCHED))
        .order_by("deadline_at", "pk")
        .values_list("pk", "status", "deadline_at")[:limit]
    )
    outcomes: dict[str, int] = {}
    for order_id, status, deadline_at in list(due):
        assert deadline_at is not None  # filtered on deadline_at__lte
        outcome = order_deadline_check(
            order_id=order_id, expected_status=status, expected_deadline_at=deadline_at.isoformat(), now=now
        )
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


# -- API clients -----------------------------------------------------------------------------------


@transaction.atomic
def api_client_create(*, name: str, region: Region, acting_user: Any) -> tuple[ApiClient, str]:
    """A client with a new key; the key is returned here once and only its hash is kept.
    County admins make clients for their county (or a region inside it)."""
    name = _text(name)
    if not name:
        raise DomainError(_("请填写客户端名称。"), field="name")
    if len(name) > 60:
        raise DomainError(_("客户端名称不能超过60个字。"), field="name")
    paths = acting_user.region_paths(frozenset({Role.COUNTY_ADMIN})) if acting_user.is_authenticated else []
    if not (acting_user.is_superuser or any(region.path.startswith(path) for path in paths)):
        raise PermissionDeniedError(_("只有县级中心管理员可以创建接口客户端。"))
    if ApiClient.objects.filter(region=region, name=name).exists():
        raise DomainError(_("本区划已有同名接口客户端。"), field="name")
    prefix = secrets.token_hex(6)
    key = f"wm_{prefix}_{secrets.token_urlsafe(32)}"
    client = ApiClient.objects.create(
        name=name, region=region, key_prefix=prefix, key_hash=api_key_hash(key), created_by=acting_user
    )
    return client, key


def api_client_used(*, client: ApiClient) -> None:
    """Note when the client was last seen, at most once a minute (no write on every request)."""
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > dt.timedelta(minutes=1):
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
