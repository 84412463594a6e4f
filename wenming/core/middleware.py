"""Request hygiene shared by pages and the API."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"


class RejectNulCharactersMiddleware:
    """A NUL character in the path or a query value is refused as bad input (400).

    PostgreSQL cannot store or compare text containing NUL, so without this a crafted query
    string would reach the database and fail there as a server error. Forms already refuse NUL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = self._offending_field(request)
        if field is None:
            return self.get_response(request)
        message = _("请求中含有不允许的空字符（NUL）。")
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "invalid", "message": message, "field": field}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _offending_field(request: HttpRequest) -> str | None:
        if NUL in request.path:
            return "path"
        for name, values in request.GET.lists():
            if NUL in name or any(NUL in value for value in values):
                return name.replace(NUL, "")
        return None
