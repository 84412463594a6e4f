"""Open311 GeoReport v2 (JSON) mapped onto the service catalogue and orders, so that existing Open311
clients can file and follow orders: https://wiki.open311.org/GeoReport_v2/

- `GET services.json`: the catalogue of a jurisdiction (`jurisdiction_id` = county code, or the
  client's county from its `api_key`); `GET services/{service_code}.json`: a service's definition
  (our services ask for no extra attributes).
- `POST requests.json` (form-encoded, `api_key` required): a new order through the API channel.
- `GET requests.json` and `GET requests/{service_request_id}.json` (`api_key` required): the orders
  this client filed; residents' needs and addresses are not published to other clients.

Errors are Open311's: a list of `{"code", "description"}` with the HTTP status as code.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Form, NinjaAPI, Query, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from wenming.core.errors import DomainError
from wenming.orders import selectors, services
from wenming.orders.auth import API_KEY_HEADER, api_client_authenticate
from wenming.orders.models import ApiClient, OrderStatus, ServiceOrder
from wenming.orders.schemas import service_code_of
from wenming.regions.models import Region, RegionLevel

open311_api = NinjaAPI(
    title="Open311 GeoReport v2",
    version="georeport-v2",
    urls_namespace="open311-v2",
    auth=None,
    description="Open311 GeoReport v2 接口（JSON）：服务目录与点单。提交和查询点单须带 api_key。",
)
router = Router(tags=["open311"])

CLOSED_STATUSES = frozenset(
    {
        OrderStatus.REJECTED,
        OrderStatus.COMPLETED,
        OrderStatus.RATED,
        OrderStatus.CLOSED,
        OrderStatus.CANCELLED,
        OrderStatus.EXPIRED,
    }
)
DEFAULT_PERIOD = dt.timedelta(days=90)  # GeoReport v2: without dates, the last 90 days
MAX_REQUESTS = 1000


class Open311Error(Exception):
    def __init__(self, status: int, description: Any) -> None:
        super().__init__(str(description))
        self.status = status
        self.description = description


def _errors(request: HttpRequest, status: int, description: Any) -> HttpResponse:
    return open311_api.create_response(request, [{"code": status, "description": str(description)}], status=status)


@open311_api.exception_handler(Open311Error)
def _open311_error(request: HttpRequest, exc: Open311Error) -> HttpResponse:
    return _errors(request, exc.status, exc.description)


@open311_api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    field = {"latitude": "lat", "longitude": "long", "requester_phone": "phone", "requester_name": "last_name"}.get(
        exc.field or "", exc.field
    )
    message = f"{exc.message}（{field}）" if field else str(exc.message)
    return _errors(request, exc.status, message)


@open311_api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ())]
    return _errors(request, 400, _("参数无效：%(field)s") % {"field": location[-1] if location else ""})


@open311_api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _errors(request, 404, _("记录不存在。"))


@open311_api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _errors(request, exc.status_code, exc.message)


def _client(request: HttpRequest, api_key: str | None) -> ApiClient:
    key = api_key or request.headers.get(API_KEY_HEADER)
    client = api_client_authenticate(request, key)
    if client is None:
        raise Open311Error(403, _("api_key 缺失或无效。"))
    return client


def _jurisdiction(request: HttpRequest, jurisdiction_id: str | None, api_key: str | None) -> Region:
    """The county whose catalogue is asked for: named, the client's, or the installation's only one."""
    if jurisdiction_id:
        county = Region.objects.filter(code=jurisdiction_id.strip(), level=RegionLevel.COUNTY).first()
        if county is None:
            raise Open311Error(404, _("jurisdiction_id 不存在。"))
        return county
    if api_key or request.headers.get(API_KEY_HEADER):
        client = _client(request, api_key)
        own = selectors.county_of_region(client.region)
        counties = [own] if own is not None else list(selectors.counties_under(client.region)[:2])
    else:
        counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")[:2])
    if len(counties) != 1:
        raise Open311Error(400, _("请提供 jurisdiction_id（县级区划代码）。"))
    return counties[0]


def _service_out(entry: selectors.CatalogueEntry) -> dict[str, Any]:
    return {
        "service_code": entry.code,
        "service_name": entry.name,
        "description": entry.description,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": entry.group,
    }


def _local(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment is not None else None


def _request_out(order: ServiceOrder) -> dict[str, Any]:
    responsible = order.assigned_team or order.assigned_site
    return {
        "service_request_id": order.number,
        "status": "closed" if order.status in CLOSED_STATUSES else "open",
        "status_notes": str(order.get_status_display()),
        "service_name": order.project.name if order.project is not None else order.category.name,
        "service_code": service_code_of(order),
        "description": order.description,
        "agency_responsible": responsible.name if responsible is not None else "",
        "service_notice": "",
        "requested_datetime": _local(order.submitted_at),
        "updated_datetime": _local(order.updated_at),
        "expected_datetime": _local(order.deadline_at),
        "address": order.address,
        "address_id": None,
        "zipcode": None,
        "lat": float(order.latitude) if order.latitude is not None else None,
        "long": float(order.longitude) if order.longitude is not None else None,
        "media_url": None,
    }


@router.get("/services.json", url_name="open311_service_list")
def open311_service_list_api(
    request: HttpRequest, jurisdiction_id: str | None = Query(None, max_length=12), api_key: str | None = None
) -> HttpResponse:
    """The service list: the county's "8+N" categories and its brand projects."""
    county = _jurisdiction(request, jurisdiction_id, api_key)
    entries = selectors.service_catalogue(county=county)
    return open311_api.create_response(request, [_service_out(entry) for entry in entries], status=200)


@router.get("/services/{service_code}.json", url_name="open311_service_definition")
def open311_service_definition_api(
    request: HttpRequest,
    service_code: str,
    jurisdiction_id: str | None = Query(None, max_length=12),
    api_key: str | None = None,
) -> HttpResponse:
    """A service's definition: no extra attributes are asked for."""
    county = _jurisdiction(request, jurisdiction_id, api_key)
    if selectors.catalogue_entry(county=county, code=service_code) is None:
        raise Open311Error(404, _("服务编码不存在。"))
    return open311_api.create_response(request, {"service_code": service_code, "attributes": []}, status=200)


class RequestIn(Schema):
    api_key: str = ""
    jurisdiction_id: str = ""
    service_code: str = ""
    lat: float | None = None
    long: float | None = None
    address_string: str = ""
    description: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""


@router.post("/requests.json", url_name="open311_request_create")
def open311_request_create_api(request: HttpRequest, payload: Form[RequestIn]) -> HttpResponse:
    """File a service request (an order by the API channel): `service_code`, `lat`/`long` (WGS-84) or
    `address_string`, `description`, `first_name`/`last_name`, `phone`."""
    client = _client(request, payload.api_key)
    if not payload.service_code.strip():
        raise Open311Error(400, _("缺少 service_code。"))
    if payload.lat is None and payload.long is None and not payload.address_string.strip():
        raise Open311Error(400, _("请提供 lat/long 或 address_string。"))
    name = f"{payload.last_name.strip()}{payload.first_name.strip()}"
    order = services.order_submit_by_client(
        client=client,
        service_code=payload.service_code,
        description=payload.description,
        address=payload.address_string or _("（按地图位置）"),
        requester_name=name,
        requester_phone=payload.phone,
        region_code=payload.jurisdiction_id if len(payload.jurisdiction_id.strip()) > 6 else None,
        latitude=payload.lat,
        longitude=payload.long,
        coordinate_system="wgs84",
    )
    body = [
        {
            "service_request_id": order.number,
            "service_notice": _("已受理，可凭订单号查询办理进度。"),
            "account_id": None,
        }
    ]
    return open311_api.create_response(request, body, status=201)


def _client_requests(client: ApiClient) -> QuerySet[ServiceOrder]:
    return selectors.orders_of_client(client=client)


def _moment(value: str | None, name: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = parse_datetime(value.strip().replace(" ", "+"))
    except ValueError:  # well formed but impossible, such as month 13
        moment = None
    if moment is None or not selectors.FIRST_DAY.year <= moment.year <= selectors.LAST_DAY.year:
        raise Open311Error(400, _("%(name)s 须为 ISO 8601 时间。") % {"name": name})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@router.get("/requests.json", url_name="open311_request_list")
def open311_request_list_api(
    request: HttpRequest,
    api_key: str | None = None,
    service_request_id: str | None = Query(None, max_length=2000),
    service_code: str | None = Query(None, max_length=40),
    status: str | None = Query(None, max_length=20),
    start_date: str | None = Query(None, max_length=40),
    end_date: str | None = Query(None, max_length=40),
) -> HttpResponse:
    """The client's requests, newest first (at most 1000; without dates, the last 90 days)."""
    orders = _client_requests(_client(request, api_key))
    if service_request_id:
        numbers = [number.strip() for number in service_request_id.split(",") if number.strip()]
        orders = orders.filter(number__in=numbers)
    else:
        start, end = _moment(start_date, "start_date"), _moment(end_date, "end_date")
        if start is None and end is None:
            start = timezone.now() - DEFAULT_PERIOD
        if start is not None:
            orders = orders.filter(submitted_at__gte=start)
        if end is not None:
            orders = orders.filter(submitted_at__lte=end)
        if service_code:
            codes = {code.strip() for code in service_code.split(",") if code.strip()}
            prefix = selectors.PROJECT_CODE_PREFIX
            project_ids = [int(code[len(prefix) :]) for code in codes if code[len(prefix) :].isdigit()]
            category_codes = [code for code in codes if not code.startswith(prefix)]
            orders = orders.filter(
                Q(project_id__in=project_ids) | Q(category__code__in=category_codes, project__isnull=True)
            )
        if status:
            wanted = {value.strip() for value in status.split(",")}
            if not wanted <= {"open", "closed"}:
                raise Open311Error(400, _("status 只能是 open 或 closed。"))
            if wanted == {"open"}:
                orders = orders.exclude(status__in=CLOSED_STATUSES)
            elif wanted == {"closed"}:
                orders = orders.filter(status__in=CLOSED_STATUSES)
    return open311_api.create_response(request, [_request_out(order) for order in orders[:MAX_REQUESTS]], status=200)


@router.get("/requests/{service_request_id}.json", url_name="open311_request_detail")
def open311_request_detail_api(
    request: HttpRequest, service_request_id: str, api_key: str | None = None
) -> HttpResponse:
    client = _client(request, api_key)
    order = _client_requests(client).filter(number=service_request_id).first()
    if order is None:
        raise Open311Error(404, _("service_request_id 不存在。"))
    return open311_api.create_response(request, [_request_out(order)], status=200)


open311_api.add_router("/", router)
