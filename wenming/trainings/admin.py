from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wenming.regions.admin_base import ScopedModelAdmin, changelist_link
from wenming.trainings.models import Training, TrainingAttendance, TrainingHoursSetting


@admin.register(Training)
class TrainingAdmin(ScopedModelAdmin):
    list_display = (
        "title",
        "starts_at",
        "place",
        "organizer_site",
        "region",
        "status",
        "capacity",
        "credit_hours",
        "attendees",
    )
    list_filter = ("status",)
    list_select_related = ("organizer_site", "region")
    search_fields = ("title", "topic", "place")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("region", "organizer_site", "trainer")
    readonly_fields = ("created_by", "published_at", "cancelled_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Training]:
        present = Q(attendances__is_present=True)
        return super().get_queryset(request).annotate(present_count=Count("attendances", filter=present))

    @admin.display(description=_("出席人次"), ordering="present_count")
    def attendees(self, training: Training) -> str:
        # A session may gather hundreds: the attendance has its own filtered list, not an inline.
        count = training.present_count  # type: ignore[attr-defined]
        return changelist_link(TrainingAttendance, count, training__id__exact=training.pk)


@admin.register(TrainingAttendance)
class TrainingAttendanceAdmin(ScopedModelAdmin):
    list_display = ("volunteer", "training", "status", "is_present", "is_passed")
    list_select_related = ("volunteer", "training")
    list_filter = ("status", "is_present", "is_passed")
    search_fields = ("volunteer__name", "=volunteer__volunteer_number", "training__title")
    autocomplete_fields = ("training", "volunteer")


@admin.register(TrainingHoursSetting)
class TrainingHoursSettingAdmin(ScopedModelAdmin):
    list_display = ("region", "counts_training_hours")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
