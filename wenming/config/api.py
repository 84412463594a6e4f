"""The versioned API root; every app adds its Router here."""

from ninja import NinjaAPI

api = NinjaAPI(title="Wenming API", version="1", urls_namespace="api-v1")
