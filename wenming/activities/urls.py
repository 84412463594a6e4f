"""Activity pages: the volunteer's phone pages (urls_mobile) and the organizer's pages (urls_organizer)."""

from wenming.activities.urls_mobile import urlpatterns as mobile_urlpatterns
from wenming.activities.urls_organizer import urlpatterns as organizer_urlpatterns

app_name = "activities"
urlpatterns = [*mobile_urlpatterns, *organizer_urlpatterns]
