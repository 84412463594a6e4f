from django.urls import path

from wenming.certificates import views

app_name = "certificates"
urlpatterns = [
    path("verify/<str:token>/", views.certificate_verify_view, name="verify"),
    path("mine/", views.certificate_mine_view, name="mine"),
    path("mine/request/", views.certificate_request_view, name="request"),
    path("issue/", views.certificate_issue_view, name="issue"),
    path("<int:certificate_id>/pdf/", views.certificate_pdf_view, name="pdf"),
    path("<int:certificate_id>/revoke/", views.certificate_revoke_view, name="revoke"),
]
