"""Pages that belong to no domain."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz_view(request: HttpRequest) -> HttpResponse:
    """The load balancer's health check: answers "ok" from the full middleware stack, without a query."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
