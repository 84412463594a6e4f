"""The volunteer's phone pages (mobile-first HTMX) and the private iCalendar feed."""

from django.urls import URLPattern, path

from wenming.activities.views import mobile

urlpatterns: list[URLPattern] = [
    path("m/", mobile.mobile_home_view, name="mobile_home"),
    path("m/activities/", mobile.activity_list_view, name="activities"),
    path("m/activities/<int:activity_id>/", mobile.activity_detail_view, name="activity_detail"),
    path("m/activities/<int:activity_id>/signup/", mobile.signup_create_view, name="mobile_signup"),
    path("m/activities/<int:activity_id>/cancel/", mobile.signup_cancel_view, name="mobile_signup_cancel"),
    path("m/commitments/", mobile.commitments_view, name="commitments"),
    path("m/checkin/<str:token>/", mobile.checkin_view, name="checkin"),
    path("m/checkout/<str:token>/", mobile.checkout_view, name="checkout"),
    path("m/hours/", mobile.my_hours_view, name="my_hours"),
    path("m/calendar/", mobile.calendar_settings_view, name="calendar_settings"),
    path("calendar/<str:token>.ics", mobile.calendar_feed_view, name="calendar"),
]
