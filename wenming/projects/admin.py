from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenming.projects.models import Award, Brand, Project, ProjectBeneficiaryReport
from wenming.regions.admin_base import ReadOnlyScopedAdmin, ScopedModelAdmin


@admin.register(Brand)
class BrandAdmin(ScopedModelAdmin):
    list_display = ("name", "slogan", "region")
    list_select_related = ("region",)
    search_fields = ("name",)
    autocomplete_fields = ("region",)


@admin.register(Project)
class ProjectAdmin(ScopedModelAdmin):
    list_display = ("name", "brand", "category", "lead_team", "region", "started_on", "is_active")
    list_select_related = ("brand", "category", "lead_team", "region")
    list_filter = ("is_active", ("brand", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name",)
    autocomplete_fields = ("region", "brand", "lead_team")


@admin.register(Award)
class AwardAdmin(ScopedModelAdmin):
    list_display = ("year", "level", "category", "title", "awardee_name", "region")
    list_select_related = ("region", "project", "team", "volunteer", "site", "organization")
    list_filter = ("level", "category", "year")
    search_fields = ("title", "issuer")
    autocomplete_fields = ("region", "project", "team", "volunteer", "site", "organization")

    @admin.display(description=_("获奖者"))
    def awardee_name(self, award: Award) -> str:
        return str(award.awardee)


@admin.register(ProjectBeneficiaryReport)
class ProjectBeneficiaryReportAdmin(ReadOnlyScopedAdmin):
    """Reports are filed on the project page (no overlapping periods, none in the future, signed by
    their reporter) and never edited afterwards: only read here."""

    list_display = ("project", "period_from", "period_to", "beneficiaries", "region", "reported_by", "created_at")
    list_select_related = ("project", "region", "reported_by")
    list_filter = (("project", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("project__name", "note")
    date_hierarchy = "period_from"
