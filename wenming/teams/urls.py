from django.urls import path

from wenming.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.team_list_view, name="list"),
    path("export/", views.team_export_view, name="export"),
    path("register/", views.team_register_view, name="register"),
    path("mine/", views.team_mine_view, name="mine"),
    path("categories/", views.category_list_view, name="categories"),
    path("requests/<int:request_id>/decide/", views.membership_request_decide_view, name="request_decide"),
    path("requests/<int:request_id>/withdraw/", views.membership_request_withdraw_view, name="request_withdraw"),
    path("<int:team_id>/", views.team_detail_view, name="detail"),
    path("<int:team_id>/approve/", views.team_approve_view, name="approve"),
    path("<int:team_id>/reject/", views.team_reject_view, name="reject"),
    path("<int:team_id>/dissolve/", views.team_dissolve_view, name="dissolve"),
    path("<int:team_id>/leader/", views.team_leader_view, name="leader"),
    path("<int:team_id>/deputies/add/", views.team_deputy_add_view, name="deputy_add"),
    path("<int:team_id>/deputies/remove/", views.team_deputy_remove_view, name="deputy_remove"),
    path("<int:team_id>/members/export/", views.team_members_export_view, name="members_export"),
    path("<int:team_id>/join/", views.team_join_view, name="join"),
    path("<int:team_id>/leave/", views.team_leave_view, name="leave"),
]
