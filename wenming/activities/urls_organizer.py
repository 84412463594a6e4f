"""The organizer's pages: publishing, sign-ups, the rotating check-in QR code, roster, hours approval."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
