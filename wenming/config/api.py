"""The versioned API root: session authentication, one error body, and every app's Router.

Every endpoint needs a logged-in user (Django's session, with CSRF for unsafe methods) and
answers only from selectors that scope to the user's region. Errors always have the shape
{"code", "message", "field"} in the request's language.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from wenming.activities.api import router as activities_router
from wenming.certificates.api import router as certificates_router
from wenming.core.errors import DomainError
from wenming.imports.api import router as imports_router
from wenming.ledger.api import router as ledger_router
from wenming.notifications.api import router as notifications_router
from wenming.orders.api import router as orders_router
from wenming.organizations.api import router as organizations_router
from wenming.points.api import router as points_router
from wenming.projects.api import router as projects_router
from wenming.regions.api import router as regions_router
from wenming.reports.api import router as reports_router
from wenming.sites.api import router as sites_router
from wenming.teams.api import router as teams_router
from wenming.trainings.api import router as trainings_router
from wenming.volunteers.api import router as volunteers_router

api = NinjaAPI(
    title="Wenming API",
    version="1",
    urls_namespace="api-v1",
    auth=django_auth,
    description="新时代文明实践志愿服务平台接口：所有接口需登录，只返回本人管辖范围内的数据。",
)


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None


def error_response(
    request: HttpRequest, *, status: int, code: str, message: Any, field: str | None = None, **extra: Any
) -> HttpResponse:
    body = {"code": code, "message": str(message), "field": field, **extra}
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def domain_error_handler(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(request, status=exc.status, code=exc.code, message=exc.message, field=exc.field)


@api.exception_handler(DjangoValidationError)
def validation_error_handler(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {name: [str(message) for message in messages] for name, messages in exc.message_dict.items()}
        field, messages = next(iter(errors.items()))
        return error_response(request, status=400, code="invalid", message=messages[0], field=field, errors=errors)
    return error_response(request, status=400, code="invalid", message=exc.messages[0] if exc.messages else "")


@api.exception_handler(NinjaValidationError)
def request_validation_error_handler(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ())]
    field = location[-1] if location else None
    return error_response(request, status=422, code="invalid", message=_("请求参数无效。"), field=field)


@api.exception_handler(Http404)
def not_found_handler(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, status=404, code="not_found", message=_("记录不存在。"))


@api.exception_handler(AuthenticationError)
def authentication_error_handler(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, status=401, code="not_authenticated", message=_("请先登录。"))


@api.exception_handler(AuthorizationError)
def authorization_error_handler(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    return error_response(request, status=403, code="permission_denied", message=_("没有权限执行此操作。"))


@api.exception_handler(HttpError)
def http_error_handler(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403:  # ninja's CSRF check on unsafe methods
        return error_response(request, status=403, code="csrf_failed", message=_("请求校验失败，请刷新页面后重试。"))
    return error_response(request, status=exc.status_code, code=f"http_{exc.status_code}", message=exc.message)


api.add_router("/regions", regions_router)
api.add_router("/sites", sites_router)
api.add_router("/teams", teams_router)
api.add_router("/volunteers", volunteers_router)
api.add_router("/figures", reports_router)
api.add_router("/", activities_router)  # /activities, /activity-series, /signups, /attendances
api.add_router("/hours", ledger_router)
api.add_router("/certificates", certificates_router)
api.add_router("/notifications", notifications_router)
api.add_router("/imports", imports_router)
api.add_router("/trainings", trainings_router)
api.add_router("/", organizations_router)  # /organizations, /pairings, /policy-documents, /joint-meetings
api.add_router("/", projects_router)  # /brands, /projects, /awards
api.add_router("/points", points_router)
api.add_router("/orders", orders_router)
