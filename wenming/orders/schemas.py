import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from wenming.core.fields import ID_MAX
from wenming.core.masking import mask_phone
from wenming.orders.models import ApiClient, CountyOrderSetting, OrderAssignment, OrderEvent, ServiceOrder
from wenming.orders.selectors import PROJECT_CODE_PREFIX, CatalogueEntry

CoordinateSystem = Literal["wgs84", "gcj02"]
StaffChannel = Literal["phone", "walk_in", "web"]


def service_code_of(order: ServiceOrder) -> str:
    return f"{PROJECT_CODE_PREFIX}{order.project_id}" if order.project_id else order.category.code


class OrderOut(Schema):
    id: int
    number: str
    status: str
    status_display: str
    tier: str
    tier_display: str
    channel: str
    channel_display: str
    service_code: str
    category_id: int
    category_name: str
    project_id: int | None
    project_name: str | None
    region_code: str
    region_name: str
    description: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    desired_at: dt.datetime | None
    desired_end_at: dt.datetime | None
    people_needed: int
    requester_name: str
    requester_phone: str = Field(..., description="总是脱敏显示（138****5678）")
    assigned_site_id: int | None
    assigned_site_name: str | None
    assigned_team_id: int | None
    assigned_team_name: str | None
    submitted_at: dt.datetime
    deadline_at: dt.datetime | None
    is_overdue: bool
    escalation_count: int
    completion_report: str
    proposed_hours: Decimal | None
    rating: int | None
    rating_comment: str

    @staticmethod
    def resolve_status_display(order: ServiceOrder) -> str:
        return str(order.get_status_display())

    @staticmethod
    def resolve_tier_display(order: ServiceOrder) -> str:
        return str(order.get_tier_display())

    @staticmethod
    def resolve_channel_display(order: ServiceOrder) -> str:
        return str(order.get_channel_display())

    @staticmethod
    def resolve_service_code(order: ServiceOrder) -> str:
        return service_code_of(order)

    @staticmethod
    def resolve_category_name(order: ServiceOrder) -> str:
        return order.category.name

    @staticmethod
    def resolve_project_name(order: ServiceOrder) -> str | None:
        return order.project.name if order.project is not None else None

    @staticmethod
    def resolve_region_code(order: ServiceOrder) -> str:
        return order.region.code

    @staticmethod
    def resolve_region_name(order: ServiceOrder) -> str:
        return order.region.name

    @staticmethod
    def resolve_requester_phone(order: ServiceOrder) -> str:
        return mask_phone(order.requester_phone)

    @staticmethod
    def resolve_assigned_site_name(order: ServiceOrder) -> str | None:
        return order.assigned_site.name if order.assigned_site is not None else None

    @staticmethod
    def resolve_assigned_team_name(order: ServiceOrder) -> str | None:
        return order.assigned_team.name if order.assigned_team is not None else None


class AssignmentOut(Schema):
    volunteer_id: int
    volunteer_number: str
    volunteer_name: str
    assigned_at: dt.datetime

    @staticmethod
    def resolve_volunteer_number(assignment: OrderAssignment) -> str:
        return assignment.volunteer.volunteer_number

    @staticmethod
    def resolve_volunteer_name(assignment: OrderAssignment) -> str:
        return assignment.volunteer.name


class OrderDetailOut(OrderOut):
    assignments: list[AssignmentOut]

    @staticmethod
    def resolve_assignments(order: ServiceOrder) -> list[Any]:
        return list(order.assignments.select_related("volunteer").order_by("assigned_at", "pk"))


class OrderEventOut(Schema):
    id: int
    from_status: str
    to_status: str
    to_status_display: str
    kind: str = Field(..., description="transition：状态变更；overdue：本环节超期（状态不变）")
    tier: str
    actor_name: str | None = Field(..., description="空：系统（期限检查）")
    occurred_at: dt.datetime
    reason: str
    team_id: int | None
    team_name: str | None

    @staticmethod
    def resolve_to_status_display(event: OrderEvent) -> str:
        return str(event.get_to_status_display())

    @staticmethod
    def resolve_actor_name(event: OrderEvent) -> str | None:
        if event.actor is None:
            return None
        return event.actor.display_name or event.actor.username

    @staticmethod
    def resolve_team_name(event: OrderEvent) -> str | None:
        return event.team.name if event.team is not None else None


class OrderSubmitIn(Schema):
    """Staff entry of a phone or walk-in request, or a resident's own order (web)."""

    channel: StaffChannel = "phone"
    region_code: str = Field(..., max_length=12, description="服务地点所在的村（社区）、乡镇或县的区划代码")
    category_id: int | None = Field(None, ge=1, le=ID_MAX)
    project_id: int | None = Field(None, ge=1, le=ID_MAX, description="品牌项目（可选，须属于所选类别）")
    service_code: str | None = Field(None, max_length=40, description="或用服务目录编码代替类别和项目")
    description: str = Field(..., max_length=4000)
    address: str = Field(..., max_length=400)
    latitude: float | None = Field(None, allow_inf_nan=False)
    longitude: float | None = Field(None, allow_inf_nan=False)
    coordinate_system: CoordinateSystem = "wgs84"
    desired_at: dt.datetime | None = None
    desired_end_at: dt.datetime | None = None
    people_needed: int = Field(1, ge=-1000, le=1000)
    requester_name: str = Field("", max_length=128)
    requester_phone: str = Field("", max_length=40)


class ReasonIn(Schema):
    reason: str = Field("", max_length=1000)


class DispatchIn(Schema):
    team_id: int | None = Field(None, ge=1, le=ID_MAX)
    site_id: int | None = Field(None, ge=1, le=ID_MAX)
    tier: Literal["station", "institute", "center"] | None = None
    reason: str = Field("", max_length=1000)


class AcceptIn(Schema):
    team_id: int | None = Field(None, ge=1, le=ID_MAX)


class DeclineIn(Schema):
    reason: str = Field("", max_length=1000)
    team_id: int | None = Field(None, ge=1, le=ID_MAX)


class MembersIn(Schema):
    volunteer_ids: list[int] = Field(..., max_length=200)


class HoursIn(Schema):
    volunteer_id: int = Field(..., ge=1, le=ID_MAX)
    hours: Decimal = Field(..., max_digits=6, decimal_places=2)


class CompleteIn(Schema):
    report: str = Field("", max_length=4000)
    hours: list[HoursIn] = Field(default_factory=list, max_length=200)


class RateIn(Schema):
    rating: int = Field(..., ge=-100, le=100)
    comment: str = Field("", max_length=1000)


class CatalogueEntryOut(Schema):
    code: str
    name: str
    group: str
    description: str
    category_id: int
    project_id: int | None

    @staticmethod
    def resolve_category_id(entry: CatalogueEntry) -> int:
        return entry.category.pk

    @staticmethod
    def resolve_project_id(entry: CatalogueEntry) -> int | None:
        return entry.project.pk if entry.project is not None else None


class DurationsOut(Schema):
    count: int
    median_hours: float | None
    p90_hours: float | None


class CategoryCountOut(Schema):
    code: str
    name: str
    count: int


class StatisticsOut(Schema):
    region_code: str
    region_name: str
    date_from: dt.date | None
    date_until: dt.date | None
    received: int
    handled: int = Field(..., description="受理的点单数，口径与“主要数据”第8项（点单派单）相同：所有收到的点单")
    completed: int
    open: int
    by_channel: dict[str, int]
    by_category: list[CategoryCountOut]
    by_status: dict[str, int]
    response: DurationsOut = Field(..., description="从点单到第一次处理（小时）")
    completion: DurationsOut = Field(..., description="从点单到服务完成（小时）")
    overdue: int
    escalated: int
    rated: int
    average_rating: float | None
    satisfied_share: float | None = Field(..., description="评分4星及以上的占比")


class ApiClientIn(Schema):
    name: str = Field(..., max_length=120)
    region_code: str = Field(..., max_length=12)


class ApiClientOut(Schema):
    id: int
    name: str
    region_code: str
    key_prefix: str
    is_active: bool
    created_at: dt.datetime
    last_used_at: dt.datetime | None

    @staticmethod
    def resolve_region_code(client: ApiClient) -> str:
        return client.region.code


class ApiClientCreatedOut(ApiClientOut):
    key: str = Field(..., description="接口密钥，只显示这一次；请求时放在 X-Api-Key 头中")


# -- the city app ----------------------------------------------------------------------------------


class CityOrderIn(Schema):
    service_code: str = Field(..., max_length=40)
    description: str = Field(..., max_length=4000)
    address: str = Field(..., max_length=400)
    latitude: float = Field(..., allow_inf_nan=False)
    longitude: float = Field(..., allow_inf_nan=False)
    coordinate_system: CoordinateSystem = "gcj02"
    region_code: str | None = Field(None, max_length=12, description="留空：按地图位置确定")
    desired_at: dt.datetime | None = None
    desired_end_at: dt.datetime | None = None
    people_needed: int = Field(1, ge=-1000, le=1000)
    requester_name: str = Field(..., max_length=128)
    requester_phone: str = Field(..., max_length=40)


class CityEventOut(Schema):
    to_status: str
    to_status_display: str
    occurred_at: dt.datetime
    reason: str

    @staticmethod
    def resolve_to_status_display(event: OrderEvent) -> str:
        return str(event.get_to_status_display())


class CityOrderOut(Schema):
    number: str
    status: str
    status_display: str
    service_code: str
    region_code: str
    submitted_at: dt.datetime
    assigned_team_name: str | None
    rating: int | None

    @staticmethod
    def resolve_status_display(order: ServiceOrder) -> str:
        return str(order.get_status_display())

    @staticmethod
    def resolve_service_code(order: ServiceOrder) -> str:
        return service_code_of(order)

    @staticmethod
    def resolve_region_code(order: ServiceOrder) -> str:
        return order.region.code

    @staticmethod
    def resolve_assigned_team_name(order: ServiceOrder) -> str | None:
        return order.assigned_team.name if order.assigned_team is not None else None


class CityOrderDetailOut(CityOrderOut):
    events: list[CityEventOut]

    @staticmethod
    def resolve_events(order: ServiceOrder) -> list[Any]:
        return list(order.events.order_by("occurred_at", "pk"))


# -- dispatch proposals and the county's auto-dispatch setting -------------------------------------


class CostPartsOut(Schema):
    """Cost terms in whole metres of straight-line distance (orders.dispatch)."""

    distance: float
    load: float
    rating: float
    skill: float
    unserved: float
    total: float


class ProposalReasonOut(Schema):
    category_id: int
    distance_metres: float
    walking_metres: float
    walking_minutes: float
    is_available: bool
    recent_load: int = Field(..., description="近 30 天已服务的订单数")
    rating: float | None = Field(..., description="平均评分（1–5），空：尚无评分")
    capacity: int = Field(..., description="还可接的订单数")
    cost: CostPartsOut

    @staticmethod
    def resolve_category_id(reason: Any) -> int:
        return int(reason.category)


class ProposalOut(Schema):
    rank: int
    team_id: int
    team_name: str
    reason: ProposalReasonOut
    explanation: str


class BatchProposalIn(Schema):
    order_ids: list[int] | None = Field(None, max_length=500, description="要派的订单；省略：您可派单的全部待派订单")


class BatchItemOut(Schema):
    order_id: int
    order_number: str
    team_id: int | None = Field(..., description="空：本批无法派出")
    team_name: str
    distance_metres: float | None


class BatchProposalOut(Schema):
    items: list[BatchItemOut]
    cost: CostPartsOut
    unserved: list[int]


class CountyOrderSettingOut(Schema):
    county_code: str
    review_hours: int
    acceptance_hours: int
    start_hours: int
    completion_hours: int
    auto_dispatch_categories: list[str] = Field(..., description="系统自动派给排名第一队伍的服务类别编码")

    @staticmethod
    def resolve_county_code(setting: CountyOrderSetting) -> str:
        return setting.county.code


class CountyOrderSettingIn(Schema):
    county_code: str | None = Field(None, max_length=12, description="省略：您管理的县")
    auto_dispatch_categories: list[str] = Field(..., max_length=100)
