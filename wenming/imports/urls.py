from django.urls import path

from wenming.imports import views

app_name = "imports"
urlpatterns = [
    path("volunteers/", views.import_volunteers_view, name="volunteers"),
    path("volunteers/template.xlsx", views.import_template_view, name="template"),
    path("batches.xlsx", views.import_batch_list_xlsx_view, name="batches_xlsx"),
    path("batches/<int:batch_id>/", views.import_batch_view, name="batch"),
    path("batches/<int:batch_id>/confirm/", views.import_batch_confirm_view, name="confirm"),
    path("batches/<int:batch_id>/progress/", views.import_batch_progress_view, name="progress"),
    path("batches/<int:batch_id>/report.xlsx", views.import_report_xlsx_view, name="report"),
]
