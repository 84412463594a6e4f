from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wenming.accounts.admin_base import ReferenceDataAdmin, ScopedModelAdmin
from wenming.core.crypto import keyed_hash
from wenming.core.identity import ID_SHAPE
from wenming.volunteers.forms import VolunteerAddForm, VolunteerChangeForm
from wenming.volunteers.models import Skill, Volunteer, VolunteerTag
from wenming.volunteers.services import volunteer_register


@admin.register(VolunteerTag)
class VolunteerTagAdmin(ReferenceDataAdmin):
    list_display = ("name", "code", "group")
    list_filter = ("group",)
    search_fields = ("code", "name")


@admin.register(Skill)
class SkillAdmin(ReferenceDataAdmin):
    list_display = ("name", "code", "requires_qualification")
    list_filter = ("requires_qualification",)
    search_fields = ("code", "name")


@admin.register(Volunteer)
class VolunteerAdmin(ScopedModelAdmin):
    """Masked everywhere: the ID number only as id_number_masked, the phone as 138****5678."""

    form = VolunteerChangeForm
    add_form = VolunteerAddForm
    list_display = (
        "volunteer_number",
        "name",
        "gender",
        "id_number_masked",
        "phone_masked",
        "region",
        "status",
        "registered_at",
    )
    list_select_related = ("region",)
    list_filter = ("status", "gender", "region__level", "tags", "skills")
    search_fields = ("^volunteer_number", "name", "=phone")
    autocomplete_fields = ("region",)
    filter_horizontal = ("tags", "skills")
    add_fieldsets = (
        (None, {"fields": ("name", "id_number", "phone", "region")}),
        (_("未满14周岁：监护人"), {"fields": ("guardian_name", "guardian_phone", "guardian_consent")}),
    )
    fieldsets = (
        (None, {"fields": ("volunteer_number", "name", "id_number_masked", "gender", "birth_on", "phone", "region")}),
        (_("服务"), {"fields": ("status", "tags", "skills", "registered_at", "user")}),
        (_("监护人"), {"fields": ("guardian_name", "guardian_phone", "guardian_consent_at")}),
    )
    readonly_fields = (
        "volunteer_number",
        "id_number_masked",
        "gender",
        "birth_on",
        "registered_at",
        "user",
        "guardian_consent_at",
    )

    @admin.display(description=_("手机号"))
    def phone_masked(self, volunteer: Volunteer) -> str:
        return volunteer.phone_masked

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        # A full ID number finds its volunteer through the keyed hash, never by decrypting.
        term = search_term.strip().upper()
        if ID_SHAPE.match(term):
            return queryset.filter(id_number_hash=keyed_hash(term)), False
        return super().get_search_results(request, queryset, search_term)

    def save_form(self, request: HttpRequest, form: ModelForm, change: bool) -> Any:
        if change:
            return super().save_form(request, form, change)
        assert isinstance(form, VolunteerAddForm)
        # Registration encrypts, hashes and numbers the volunteer: only the service creates one.
        return volunteer_register(**form.registration(), acting_user=request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        elif not self.has_view_permission(request, obj):
            # volunteer_register has saved it; the region choices are scoped, so this is a backstop.
            raise PermissionDenied
        else:
            sealed = getattr(form, "sealed", None)
            for warning in sealed.warnings if sealed else ():
                # An unknown region prefix may be an old, retired code: saved, but worth a second look.
                messages.warning(request, warning)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        if change:
            super().save_related(request, form, formsets, change)
