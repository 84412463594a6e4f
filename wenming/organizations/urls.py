from django.urls import path

from wenming.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.unit_list_view, name="unit_list"),
    path("export/", views.unit_export_view, name="unit_export"),
    path("new/", views.unit_create_view, name="unit_create"),
    path("<int:organization_id>/", views.unit_detail_view, name="unit_detail"),
    path("<int:organization_id>/edit/", views.unit_edit_view, name="unit_edit"),
    path("<int:organization_id>/deactivate/", views.unit_deactivate_view, name="unit_deactivate"),
    path("pairings/", views.pairing_list_view, name="pairing_list"),
    path("pairings/export/", views.pairing_export_view, name="pairing_export"),
    path("pairings/new/", views.pairing_create_view, name="pairing_create"),
    path("pairings/<int:pairing_id>/", views.pairing_detail_view, name="pairing_detail"),
    path("pairings/<int:pairing_id>/edit/", views.pairing_edit_view, name="pairing_edit"),
    path("pairings/<int:pairing_id>/end/", views.pairing_end_view, name="pairing_end"),
    path(
        "pairings/<int:pairing_id>/activities/export/",
        views.pairing_activities_export_view,
        name="pairing_activities_export",
    ),
    path("documents/", views.document_list_view, name="document_list"),
    path("documents/export/", views.document_export_view, name="document_export"),
    path("documents/new/", views.document_create_view, name="document_create"),
    path("documents/<int:document_id>/", views.document_detail_view, name="document_detail"),
    path("documents/<int:document_id>/versions/", views.document_upload_view, name="document_upload"),
    path("meetings/", views.meeting_list_view, name="meeting_list"),
    path("meetings/export/", views.meeting_export_view, name="meeting_export"),
    path("meetings/new/", views.meeting_create_view, name="meeting_create"),
    path("meetings/<int:meeting_id>/", views.meeting_detail_view, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit_view, name="meeting_edit"),
    path("meetings/<int:meeting_id>/files/", views.meeting_upload_view, name="meeting_upload"),
]
