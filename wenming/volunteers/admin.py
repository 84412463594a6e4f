from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wenming.core.crypto import keyed_hash
from wenming.core.errors import PermissionDeniedError
from wenming.core.identity import ID_SHAPE
from wenming.regions.admin_base import ReferenceDataAdmin, ScopedModelAdmin, SuperuserReadOnlyAdmin
from wenming.volunteers.forms import IdNumberRevealForm, VolunteerAddForm, VolunteerChangeForm
from wenming.volunteers.models import Skill, Volunteer, VolunteerNumberCounter, VolunteerTag
from wenming.volunteers.services import id_number_reveal_allowed, volunteer_id_number_reveal, volunteer_register


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
        (None, {"fields": ("volunteer_number", "name", "id_number_display", "gender", "birth_on", "phone", "region")}),
        (_("服务"), {"fields": ("status", "tags", "skills", "registered_at", "user")}),
        (_("监护人"), {"fields": ("guardian_name", "guardian_phone", "guardian_consent_at")}),
    )
    readonly_fields = (
        "volunteer_number",
        "id_number_masked",
        "id_number_with_reveal_link",
        "gender",
        "birth_on",
        "registered_at",
        "user",
        "guardian_consent_at",
    )

    @admin.display(description=_("手机号"))
    def phone_masked(self, volunteer: Volunteer) -> str:
        return volunteer.phone_masked

    @admin.display(description=_("身份证号"))
    def id_number_with_reveal_link(self, volunteer: Volunteer) -> str:
        """The masked number and a link that asks why before showing it in full (audited)."""
        url = reverse("admin:volunteers_volunteer_id_number", args=[volunteer.pk])
        return format_html('{} <a href="{}">{}</a>', volunteer.id_number_masked, url, _("查看完整号码（记入审计日志）"))

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "<path:object_id>/id-number/",
                self.admin_site.admin_view(self.id_number_view),
                name="volunteers_volunteer_id_number",
            )
        ]
        return own + super().get_urls()

    def id_number_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Ask for a reason, then show the full ID number once; the service refuses and audits."""
        volunteer = self.get_object(request, object_id)
        if volunteer is None or not self.has_view_permission(request, volunteer):
            raise Http404
        form = IdNumberRevealForm(request.POST or None)
        id_number = None
        if request.method == "POST" and form.is_valid():
            try:
                id_number = volunteer_id_number_reveal(
                    volunteer=volunteer,
                    acting_user=request.user,
                    reason=form.cleaned_data["reason"],
                    ip_address=request.META.get("REMOTE_ADDR"),
                )
            except PermissionDeniedError:
                raise PermissionDenied from None
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
        context = {
            **self.admin_site.each_context(request),
            "title": _("查看完整身份证号"),
            "opts": self.model._meta,
            "original": volunteer,
            "form": form,
            "id_number": id_number,
        }
        response = TemplateResponse(request, "admin/volunteers/volunteer/id_number.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.add_fieldsets
        # Only admins who may see the full number get the link to ask for it.
        shown = (
            "id_number_with_reveal_link"
            if id_number_reveal_allowed(user=request.user, volunteer=obj)
            else "id_number_masked"
        )
        return [
            (name, {**options, "fields": tuple(shown if f == "id_number_display" else f for f in options["fields"])})
            for name, options in self.fieldsets
        ]

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


@admin.register(VolunteerNumberCounter)
class VolunteerNumberCounterAdmin(SuperuserReadOnlyAdmin):
    """Superusers only: a counter has no region path (a county code, no foreign key), so no region role
    reaches it. Read-only even for them: registration takes numbers under its row lock, and a hand-edited
    counter would hand out numbers already taken."""

    list_display = ("county_code", "last_number")
    search_fields = ("^county_code",)
