"""The base of every admin page: querysets, choices and permissions scoped to the user's region."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest

from wenming.accounts.access import may, scoped
from wenming.accounts.roles import ADD, CHANGE, DELETE, MODEL_GROUPS, VIEW


class ScopedModelAdmin(admin.ModelAdmin):
    """Lists only the user's subtree, offers only in-scope choices, and checks each object."""

    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over a large table on every list page

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return scoped(super().get_queryset(request), request.user, VIEW)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.remote_field.model
        if f"{related._meta.app_label}.{related._meta.model_name}" in MODEL_GROUPS and "queryset" not in kwargs:
            kwargs["queryset"] = scoped(related._default_manager.all(), request.user, VIEW)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may(request.user, VIEW, self.model, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may(request.user, ADD, self.model)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may(request.user, CHANGE, self.model, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may(request.user, DELETE, self.model, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The saved row must still be reachable: no moving a record out of one's own scope.
        if not may(request.user, VIEW, self.model, obj):
            raise PermissionDenied


class ReadOnlyScopedAdmin(ScopedModelAdmin):
    """For append-only records (ledger, order events): readable, never changed from the admin."""

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False
