"""The city app's door (城市App点单): its own API root, authenticated by the client's API key in the
`X-Api-Key` header instead of a session. A client places orders in its region and follows only the
orders it placed.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Router, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from wenming.core.errors import DomainError
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.orders import selectors, services
from wenming.orders.auth import ApiKeyAuth, request_client
from wenming.orders.models import ServiceOrder
from wenming.orders.schemas import CatalogueEntryOut, CityOrderDetailOut, CityOrderIn, CityOrderOut

city_api = NinjaAPI(
    title="Wenming city app API",
    version="city-1",
    urls_namespace="city-v1",
    auth=ApiKeyAuth(),
    description="城市App点单接口：请求头 X-Api-Key 携带接口密钥；只能查看本客户端提交的订单。",
)
router = Router(tags=["city-app"])


def _error(request: HttpRequest, *, status: int, code: str, message: Any, field: str | None = None) -> HttpResponse:
    return city_api.create_response(request, {"code": code, "message": str(message), "field": field}, status=status)


@city_api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, status=exc.status, code=exc.code, message=exc.message, field=exc.field)


@city_api.exception_handler(DjangoValidationError)
def _validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        return _error(request, status=400, code="invalid", message=messages[0], field=field)
    return _error(request, status=400, code="invalid", message=exc.messages[0] if exc.messages else "")


@city_api.exception_handler(NinjaValidationError)
def _request_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ())]
    return _error(
        request, status=422, code="invalid", message=_("请求参数无效。"), field=location[-1] if location else None
    )


@city_api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, status=404, code="not_found", message=_("记录不存在。"))


@city_api.exception_handler(AuthenticationError)
def _no_key(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, status=401, code="invalid_api_key", message=_("缺少接口密钥或密钥无效（请求头 X-Api-Key）。")
    )


@city_api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, status=exc.status_code, code=f"http_{exc.status_code}", message=exc.message)


@router.get("/services", response=list[CatalogueEntryOut], url_name="city_service_list")
def city_service_list_api(request: HttpRequest) -> list[selectors.CatalogueEntry]:
    """The services of the client's counties (the "8+N" categories and brand projects), by code."""
    client = request_client(request)
    entries: list[selectors.CatalogueEntry] = []
    county = selectors.county_of_region(client.region)
    for each in [county] if county is not None else list(selectors.counties_under(client.region)):
        entries.extend(selectors.service_catalogue(county=each))
    return entries


@router.post("/orders", response={201: CityOrderDetailOut}, url_name="city_order_submit")
def city_order_submit_api(request: HttpRequest, payload: CityOrderIn) -> Status[ServiceOrder]:
    """Place a resident's order (coordinates from the app's map, GCJ-02 by default); answers its number."""
    order = services.order_submit_by_client(
        client=request_client(request),
        service_code=payload.service_code,
        description=payload.description,
        address=payload.address,
        requester_name=payload.requester_name,
        requester_phone=payload.requester_phone,
        region_code=payload.region_code,
        latitude=payload.latitude,
        longitude=payload.longitude,
        coordinate_system=payload.coordinate_system,
        desired_at=payload.desired_at,
        desired_end_at=payload.desired_end_at,
        people_needed=payload.people_needed,
    )
    return Status(201, order)


@router.get("/orders", response=list[CityOrderOut], url_name="city_order_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def city_order_list_api(request: HttpRequest) -> QuerySet[ServiceOrder]:
    """The orders this client placed, latest first."""
    return selectors.orders_of_client(client=request_client(request))


@router.get("/orders/{number}", response=CityOrderDetailOut, url_name="city_order_detail")
def city_order_detail_api(request: HttpRequest, number: str) -> ServiceOrder:
    """One order this client placed, by number, with its history (who acted is not shown)."""
    return selectors.order_by_number_for_client(client=request_client(request), number=number)


city_api.add_router("/", router)
