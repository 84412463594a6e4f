from django.urls import path

from wenming.reports import views

urlpatterns = [path("", views.home_view, name="home")]
