from django.urls import path

from wenming.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("register/", views.volunteer_register_view, name="register"),
    path("register/done/", views.volunteer_register_done_view, name="register_done"),
    path("", views.volunteer_list_view, name="list"),
    path("export/", views.volunteer_export_view, name="export"),
    path("pending/", views.volunteer_pending_view, name="pending"),
    path("new/", views.volunteer_create_view, name="create"),
    path("<int:volunteer_id>/", views.volunteer_detail_view, name="detail"),
    path("<int:volunteer_id>/edit/", views.volunteer_edit_view, name="edit"),
    path("<int:volunteer_id>/approve/", views.volunteer_approve_view, name="approve"),
    path("<int:volunteer_id>/reject/", views.volunteer_reject_view, name="reject"),
]
