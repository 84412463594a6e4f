"""The organizer's pages: publishing, sign-ups, the rotating check-in QR code, roster, hours approval."""

from django.urls import URLPattern, path

from wenming.activities.views import organizer

urlpatterns: list[URLPattern] = [
    path("manage/activities/", organizer.manage_list_view, name="manage_list"),
    path("manage/activities/new/", organizer.manage_create_view, name="manage_create"),
    path("manage/activities/series/new/", organizer.manage_series_view, name="manage_series"),
    path(
        "manage/activities/series/<int:series_id>/publish/",
        organizer.manage_series_publish_view,
        name="manage_series_publish",
    ),
    path("manage/activities/<int:activity_id>/", organizer.manage_detail_view, name="manage_detail"),
    path("manage/activities/<int:activity_id>/edit/", organizer.manage_edit_view, name="manage_edit"),
    path("manage/activities/<int:activity_id>/status/", organizer.manage_status_view, name="manage_status"),
    path("manage/activities/<int:activity_id>/qr/", organizer.manage_qr_view, name="manage_qr"),
    path("manage/activities/<int:activity_id>/roster/", organizer.manage_roster_view, name="manage_roster"),
    path(
        "manage/activities/<int:activity_id>/roster/<int:volunteer_id>/",
        organizer.manage_roster_record_view,
        name="manage_roster_record",
    ),
    path("manage/hours/", organizer.manage_hours_view, name="manage_hours"),
    path("manage/hours/approve/", organizer.manage_hours_bulk_view, name="manage_hours_bulk"),
    path("manage/hours/<int:entry_id>/approve/", organizer.manage_hours_approve_view, name="manage_hours_approve"),
    path("manage/hours/<int:entry_id>/reject/", organizer.manage_hours_reject_view, name="manage_hours_reject"),
    path("manage/hours/<int:entry_id>/reverse/", organizer.manage_hours_reverse_view, name="manage_hours_reverse"),
]
