"""The base of every admin page: querysets, choices and permissions scoped to the user's region."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from wenming.regions.access import may, scoped
from wenming.regions.roles import ADD, CHANGE, DELETE, MODEL_GROUPS, STAFF_ROLES, VIEW, Role


def scoped_foreignkey_kwargs(db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Offer (and accept) only the related records the user may see: a choice outside is invalid."""
    related = db_field.remote_field.model
    if f"{related._meta.app_label}.{related._meta.model_name}" in MODEL_GROUPS and "queryset" not in kwargs:
        kwargs["queryset"] = scoped(related._default_manager.all(), request.user, VIEW)
    return kwargs


class ScopedModelAdmin(admin.ModelAdmin):
    """Lists only the user's subtree, offers only in-scope choices, and checks each object."""

    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over a large table on every list page

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return scoped(super().get_queryset(request), request.user, VIEW)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return super().formfield_for_foreignkey(
            db_field, request, **scoped_foreignkey_kwargs(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Many-to-many choices too (a joint meeting's attending units and sites): none from outside the scope.
        return super().formfield_for_manytomany(
            db_field, request, **scoped_foreignkey_kwargs(db_field, request, kwargs)
        )

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
    """For append-only records (ledger, order events): readable; written only by the services."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class ReferenceDataAdmin(ScopedModelAdmin):
    """Shared lists with no region of their own (tags, skills, team categories).

    Every staff role and viewer reads them; only superusers change them, since they are common
    to every county of the installation.
    """

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if self.has_view_permission(request) else queryset.none()

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        user: Any = request.user
        if not (user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or user.has_role(*STAFF_ROLES, Role.VIEWER)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class SuperuserReadOnlyAdmin(admin.ModelAdmin):
    """For records with no region at all (personal inboxes, number counters): superusers read them, nobody writes."""

    list_per_page = 50
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        user: Any = request.user
        return bool(user.is_active and user.is_superuser)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class ScopedInlineMixin:
    """Inline rows scoped like ScopedModelAdmin; permissions by the inline model's capability."""

    model: type[models.Model]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return scoped(super().get_queryset(request), request.user, VIEW)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs = scoped_foreignkey_kwargs(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs = scoped_foreignkey_kwargs(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may(request.user, VIEW, self.model)

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may(request.user, ADD, self.model)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may(request.user, CHANGE, self.model)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return may(request.user, DELETE, self.model)


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline):
    extra = 0


class ReadOnlyTabularInline(ScopedTabularInline):
    """Append-only children shown beside their parent, never edited there."""

    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


def changelist_link(model: type[models.Model], text: Any, **filters: Any) -> str:
    """A link to another admin list filtered to this row's children, instead of a heavy inline."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, urlencode(filters), text)
