from django.urls import path

from wenming.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list_view, name="project_list"),
    path("export/", views.project_export_view, name="project_export"),
    path("new/", views.project_create_view, name="project_create"),
    path("<int:project_id>/", views.project_detail_view, name="project_detail"),
    path("<int:project_id>/edit/", views.project_edit_view, name="project_edit"),
    path("<int:project_id>/deactivate/", views.project_deactivate_view, name="project_deactivate"),
    path("<int:project_id>/beneficiaries/", views.project_beneficiary_report_view, name="project_beneficiaries"),
    path("brands/", views.brand_list_view, name="brand_list"),
    path("brands/new/", views.brand_create_view, name="brand_create"),
    path("brands/<int:brand_id>/", views.brand_detail_view, name="brand_detail"),
    path("brands/<int:brand_id>/edit/", views.brand_edit_view, name="brand_edit"),
    path("awards/", views.award_list_view, name="award_list"),
    path("awards/export/", views.award_export_view, name="award_export"),
    path("awards/new/", views.award_create_view, name="award_create"),
    path("awards/<int:award_id>/edit/", views.award_edit_view, name="award_edit"),
    path("awards/<int:award_id>/delete/", views.award_delete_view, name="award_delete"),
]
