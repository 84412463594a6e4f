from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import User
from wenming.activities.models import Activity, Attendance, SignUp
from wenming.regions.admin_base import ReadOnlyScopedAdmin, ScopedModelAdmin, changelist_link


@admin.register(Activity)
class ActivityAdmin(ScopedModelAdmin):
    list_display = (
        "title",
        "starts_at",
        "venue_type",
        "status",
        "organizer_site",
        "organizer_team",
        "region",
        "places",
        "links",
    )
    list_select_related = ("organizer_site", "organizer_team", "region")
    list_filter = ("status", "venue_type", "requires_insurance", "region__level")
    search_fields = ("title", "place", "organizer_site__name", "organizer_team__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("region", "project", "organizer_site", "organizer_team", "pairing", "required_training")
    filter_horizontal = ("required_skills",)
    readonly_fields = ("confirmed_count", "created_by", "published_at", "cancelled_at", "cancel_reason", "series")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "content",
                    "recipient",
                    "region",
                    "project",
                    "category",
                    "series",
                    "status",
                    "published_at",
                    "cancelled_at",
                    "cancel_reason",
                )
            },
        ),
        (
            _("组织"),
            {"fields": ("organizer_site", "organizer_team", "pairing", "contact_name", "contact_phone", "created_by")},
        ),
        (
            _("时间地点"),
            {
                "fields": (
                    "venue_type",
                    "place",
                    "latitude",
                    "longitude",
                    "geofence_radius_m",
                    "starts_at",
                    "ends_at",
                )
            },
        ),
        (
            _("招募"),
            {"fields": ("capacity", "confirmed_count", "signup_method", "signup_closes_at", "late_cancel_hours")},
        ),
        (
            _("风险与条件"),
            {
                "fields": (
                    "risk_statement",
                    "safeguards",
                    "requires_insurance",
                    "insurance_note",
                    "min_age",
                    "max_age",
                    "required_skills",
                    "required_training",
                )
            },
        ),
    )

    @admin.display(description=_("名额"))
    def places(self, activity: Activity) -> str:
        return f"{activity.confirmed_count}/{activity.capacity}"

    @admin.display(description=_("报名与签到"))
    def links(self, activity: Activity) -> str:
        # Sign-ups and attendance have their own filtered lists: an activity may have hundreds.
        return format_html(
            "{} · {}",
            changelist_link(SignUp, _("报名"), activity__id__exact=activity.pk),
            changelist_link(Attendance, _("签到"), activity__id__exact=activity.pk),
        )

    def save_model(self, request: HttpRequest, obj: Activity, form: ModelForm, change: bool) -> None:
        if not change and isinstance(request.user, User):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyScopedAdmin):
    """Sign-ups move the activity's place counter: they are written by the sign-up services only."""

    list_display = ("volunteer", "activity", "status", "created_at", "cancelled_at")
    list_select_related = ("volunteer", "activity")
    list_filter = ("status",)
    search_fields = ("volunteer__name", "=volunteer__volunteer_number", "activity__title")


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyScopedAdmin):
    """Attendance is the source of hours: written by check-in/check-out, corrected by review."""

    list_display = (
        "volunteer",
        "activity",
        "checked_in_at",
        "checked_out_at",
        "method",
        "is_no_show",
        "needs_review",
    )
    list_select_related = ("volunteer", "activity")
    list_filter = ("method", "is_no_show", "needs_review")
    search_fields = ("volunteer__name", "=volunteer__volunteer_number", "activity__title")
    exclude = ("idempotency_key",)
