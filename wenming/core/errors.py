"""Domain errors: raised by services, rendered by views and the API in the user's language."""

from typing import Any


class DomainError(Exception):
    """A business rule refused the request; nothing was changed."""

    code = "domain_error"
    status = 400

    def __init__(self, message: Any, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "field": self.field, "message": str(self.message)}


class NotFoundError(DomainError):
    """The record does not exist or lies outside the user's scope (the two are never told apart)."""

    code = "not_found"
    status = 404


class PermissionDeniedError(DomainError):
    code = "permission_denied"
    status = 403
