from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenming.organizations.models import Organization, Pairing, PolicyDocument
from wenming.regions.admin_base import ScopedModelAdmin


@admin.register(Organization)
class OrganizationAdmin(ScopedModelAdmin):
    list_display = ("name", "kind", "region", "contact_name", "is_active")
    list_select_related = ("region",)
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    autocomplete_fields = ("region",)


@admin.register(Pairing)
class PairingAdmin(ScopedModelAdmin):
    list_display = ("organization", "site", "mode_list", "started_on", "ended_on", "region")
    list_select_related = ("organization", "site", "region")
    list_filter = ("shares_site", "shares_team", "gives_technical_guidance", "shares_resources")
    search_fields = ("organization__name", "site__name")
    autocomplete_fields = ("region", "organization", "site")

    @admin.display(description=_("结对方式"))
    def mode_list(self, pairing: Pairing) -> str:
        return "、".join(pairing.modes)


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(ScopedModelAdmin):
    list_display = ("title", "kind", "document_number", "issuer", "issued_on", "region")
    list_select_related = ("region",)
    list_filter = ("kind",)
    search_fields = ("title", "document_number", "issuer")
    autocomplete_fields = ("region",)
