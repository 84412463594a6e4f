from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wenming.regions.admin_base import ReadOnlyScopedAdmin, ReferenceDataAdmin, ScopedModelAdmin, changelist_link
from wenming.teams.models import CountyCategory, Membership, MembershipRequest, Team, TeamCategory


@admin.register(TeamCategory)
class TeamCategoryAdmin(ReferenceDataAdmin):
    list_display = ("name", "code", "is_standing", "region", "position")
    list_select_related = ("region",)
    list_filter = ("is_standing",)
    search_fields = ("code", "name")
    autocomplete_fields = ("region",)


@admin.register(CountyCategory)
class CountyCategoryAdmin(ScopedModelAdmin):
    """A county's switch, name and order of one category (also on the county admins' page /teams/categories/)."""

    list_display = ("county", "category", "is_enabled", "name", "position")
    list_select_related = ("county", "category")
    list_filter = ("is_enabled",)
    search_fields = ("category__name", "name", "^county__code")
    autocomplete_fields = ("county",)


@admin.register(Team)
class TeamAdmin(ScopedModelAdmin):
    list_display = (
        "name",
        "category",
        "region",
        "home_site",
        "leader",
        "member_count",
        "founded_on",
        "status",
        "is_active",
    )
    list_select_related = ("category", "region", "home_site", "leader")
    list_filter = ("status", "is_active", ("category", admin.RelatedOnlyFieldListFilter), "region__level")
    search_fields = ("name", "^region__code")
    autocomplete_fields = ("region", "home_site", "leader")
    # Review and leadership change through the services (team page and API), which keep the
    # team-leader role and memberships consistent.
    readonly_fields = ("status", "is_active", "leader", "submitted_by", "reviewed_at", "reviewed_by", "review_reason")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        return (
            super()
            .get_queryset(request)
            .annotate(active_members=Count("memberships", filter=Q(memberships__left_on__isnull=True), distinct=True))
        )

    @admin.display(description=_("在队人数"), ordering="active_members")
    def member_count(self, team: Team) -> str:
        # Members are listed on their own page: a team may have hundreds, too many for an inline.
        return changelist_link(Membership, team.active_members, team__id__exact=team.pk)  # type: ignore[attr-defined]


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    list_display = ("volunteer", "team", "role", "joined_on", "left_on")
    list_select_related = ("volunteer", "team")
    list_filter = ("role", ("left_on", admin.EmptyFieldListFilter))
    search_fields = ("volunteer__name", "=volunteer__volunteer_number", "team__name")
    autocomplete_fields = ("team", "volunteer")


@admin.register(MembershipRequest)
class MembershipRequestAdmin(ReadOnlyScopedAdmin):
    """Join and leave requests are decided on the team pages, which open or close the membership and tell
    the volunteer: only read here."""

    list_display = ("volunteer", "team", "kind", "status", "created_at", "decided_at", "decided_by")
    list_select_related = ("volunteer", "team", "decided_by")
    list_filter = ("kind", "status")
    search_fields = ("volunteer__name", "=volunteer__volunteer_number", "team__name")
