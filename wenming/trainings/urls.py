from django.urls import path

from wenming.trainings import views

app_name = "trainings"
urlpatterns = [
    path("", views.training_list_view, name="list"),
    path("export/", views.training_export_view, name="export"),
    path("new/", views.training_create_view, name="create"),
    path("mine/", views.training_mine_view, name="mine"),
    path("<int:training_id>/", views.training_detail_view, name="detail"),
    path("<int:training_id>/edit/", views.training_edit_view, name="edit"),
    path("<int:training_id>/status/", views.training_status_view, name="status"),
    path("<int:training_id>/cancel/", views.training_cancel_view, name="cancel"),
    path("<int:training_id>/marks/", views.training_marks_view, name="marks"),
    path("<int:training_id>/hours/", views.training_hours_view, name="hours"),
    path("<int:training_id>/roster/export/", views.training_roster_export_view, name="roster_export"),
    path("<int:training_id>/enrol/", views.training_enrol_view, name="enrol"),
    path("enrolments/<int:attendance_id>/cancel/", views.training_enrolment_cancel_view, name="enrolment_cancel"),
]
