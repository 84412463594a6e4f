from django.urls import URLPattern, path

from wenming.core import views

urlpatterns: list[URLPattern] = [
    path("healthz", views.healthz_view, name="healthz"),
]
