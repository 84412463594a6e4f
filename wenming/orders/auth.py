"""The API key of a city app or Open311 client: sent in the `X-Api-Key` header (Open311 also takes an
`api_key` parameter); only its SHA-256 hash is stored (orders.models.ApiClient)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader

from wenming.orders.models import ApiClient
from wenming.orders.selectors import api_client_by_key
from wenming.orders.services import api_client_used

API_KEY_HEADER = "X-Api-Key"


def api_client_authenticate(request: HttpRequest, key: str | None) -> ApiClient | None:
    """The client holding the key, remembered on the request; None when the key is missing or wrong."""
    client = api_client_by_key(key=key)
    if client is None:
        return None
    api_client_used(client=client)
    request.api_client = client  # type: ignore[attr-defined]
    return client


class ApiKeyAuth(APIKeyHeader):
    param_name = API_KEY_HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return api_client_authenticate(request, key)


def request_client(request: HttpRequest) -> ApiClient:
    client: ApiClient = request.api_client  # type: ignore[attr-defined]
    return client
