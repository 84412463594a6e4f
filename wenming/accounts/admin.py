from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import AuditEvent, RoleAssignment, User
from wenming.accounts.services import role_assign
from wenming.regions.access import may
from wenming.regions.admin_base import ReadOnlyScopedAdmin, ScopedModelAdmin, ScopedTabularInline
from wenming.regions.roles import CHANGE, VIEW, Role, roles_allowed
from wenming.regions.scoping import region_subtree_q

SCOPE_FIELDS = ("role", "region", "site", "team", "organization")
SCOPE_REQUIRED = {
    Role.STATION_ADMIN: ("site", _("站管理员必须指定所管理的阵地。")),
    Role.TEAM_LEADER: ("team", _("队长必须指定队伍。")),
    Role.CONTACT_UNIT: ("organization", _("联系单位账号必须指定单位。")),
}


class RoleAssignmentForm(forms.ModelForm):
    """A new assignment takes its region from its site, team or unit; an existing one is fixed.

    To change someone's role, grant the new one and deactivate (or delete) the old one, so that the
    record of who held which role stays true.
    """

    class Meta:
        model = RoleAssignment
        fields = ("role", "region", "site", "team", "organization", "is_active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].required = False
            self.fields["region"].help_text = _("指定阵地、队伍或单位时，自动取其所属区划。")
        if self.instance.pk:
            for name in SCOPE_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk:
            return cleaned
        role = cleaned.get("role")
        required = SCOPE_REQUIRED.get(role) if role else None
        if required and not cleaned.get(required[0]) and required[0] not in self.errors:
            self.add_error(required[0], required[1])
        scope = cleaned.get("site") or cleaned.get("team") or cleaned.get("organization")
        if scope is not None:
            cleaned["region"] = scope.region
        elif not cleaned.get("region") and "region" not in self.errors:
            self.add_error("region", _("请指定角色的区划范围。"))
        return cleaned


class RoleAssignmentFormSet(BaseInlineFormSet):
    """Staff other than superusers must leave each user they create with a role in their scope."""

    requires_assignment = False

    def clean(self) -> None:
        super().clean()
        if not self.requires_assignment or any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("is_active")
        ]
        if not kept:
            raise ValidationError(_("请至少为该用户分配一个有效角色。"), code="no_assignment")


class RoleAssignmentInline(ScopedTabularInline):
    model = RoleAssignment
    fk_name = "user"
    form = RoleAssignmentForm
    formset = RoleAssignmentFormSet
    fields = ("role", "region", "site", "team", "organization", "is_active", "granted_by")
    readonly_fields = ("granted_by",)
    autocomplete_fields = ("region", "site", "team", "organization")

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        return super().get_queryset(request).select_related("region", "site", "team", "organization", "granted_by")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.requires_assignment = not request.user.is_superuser  # type: ignore[attr-defined]
        return formset


def assignment_formset_save(request: HttpRequest, user: User, formset: Any) -> None:
    """New assignments go through role_assign (region, staff flag, who granted); others toggle."""
    acting_user = request.user
    assert isinstance(acting_user, User)
    assignments = formset.save(commit=False)
    for assignment in formset.deleted_objects:
        assignment.delete()
    for assignment in assignments:
        if assignment.pk is None:
            created = role_assign(
                user=user,
                role=assignment.role,
                region=assignment.region,
                site=assignment.site,
                team=assignment.team,
                organization=assignment.organization,
                acting_user=acting_user,
            )
            assignment.pk = created.pk
            assignment._state.adding = False
        else:
            assignment.save(update_fields=["is_active", "updated_at"])
    user.__dict__.pop("active_assignments", None)


@admin.register(User)
class UserAdmin(ScopedModelAdmin, DjangoUserAdmin):
    """Users are scoped by their role assignments: a user lies where one of their roles does."""

    inlines = (RoleAssignmentInline,)
    list_display = ("username", "display_name", "role_list", "is_staff", "is_active", "last_login")
    list_filter = ("is_active", "is_staff", "role_assignments__role")
    search_fields = ("username", "display_name", "email", "=phone")
    ordering = ("username",)
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("个人信息"), {"fields": ("display_name", "phone", "email")}),
    )
    base_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "phone", "email")}),
        (_("状态"), {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    superuser_fieldsets = ((_("系统权限"), {"fields": ("is_superuser", "groups", "user_permissions")}),)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        active = RoleAssignment.objects.filter(is_active=True).select_related("region")
        return super().get_queryset(request).prefetch_related(Prefetch("role_assignments", queryset=active))

    @admin.display(description=_("角色"))
    def role_list(self, user: User) -> str:
        return "；".join(f"{a.get_role_display()}·{a.region.name}" for a in user.role_assignments.all())

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.add_fieldsets
        if request.user.is_superuser:
            return self.base_fieldsets + self.superuser_fieldsets
        return self.base_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The staff flag follows from the roles (role_assign sets it); the rest is the system's.
        return ("last_login", "date_joined") if request.user.is_superuser else ("is_staff", "last_login", "date_joined")

    def _within_scope(self, request: HttpRequest, obj: User) -> bool:
        """Every active role of `obj` lies in the acting user's subtree: no one edits a superior."""
        acting: Any = request.user
        if acting.is_superuser:
            return True
        if obj.is_superuser:
            return False
        paths = acting.region_paths(roles_allowed("accounts.user", CHANGE))
        outside = RoleAssignment.objects.filter(user=obj, is_active=True).exclude(region_subtree_q(paths))
        return not outside.exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._within_scope(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._within_scope(request, obj))

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        # A new user has no role yet: the scope is checked once the assignments are saved.
        admin.ModelAdmin.save_model(self, request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: Any, change: bool) -> None:
        if formset.model is RoleAssignment:
            assignment_formset_save(request, form.instance, formset)
        else:
            super().save_formset(request, form, formset, change)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not may(request.user, VIEW, User, form.instance):
            raise PermissionDenied


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedModelAdmin):
    """Roles are granted on the user's page; here they are listed, deactivated or removed."""

    form = RoleAssignmentForm
    list_display = ("user", "role", "region", "site", "team", "organization", "is_active", "granted_by", "created_at")
    list_select_related = ("user", "region", "site", "team", "organization", "granted_by")
    list_filter = ("role", "is_active", "region__level")
    search_fields = ("user__username", "user__display_name", "region__name", "^region__code")
    readonly_fields = ("user", "granted_by")
    autocomplete_fields = ("region", "site", "team", "organization")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        obj.user.__dict__.pop("active_assignments", None)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyScopedAdmin):
    """The audit log, readable by county and township admins for their subtree; never changed."""

    list_display = ("occurred_at", "actor", "action", "target_type", "target_id", "region", "reason", "ip_address")
    list_select_related = ("actor", "region")
    list_filter = ("action", "region__level")
    search_fields = ("reason", "actor__username", "actor__display_name")
    date_hierarchy = "occurred_at"
