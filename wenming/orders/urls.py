from django.urls import path

from wenming.orders import views

app_name = "orders"
urlpatterns = [
    # the resident's phone pages, no account
    path("new/", views.order_new_view, name="new"),
    path("new/code/", views.order_code_send_view, name="code_send"),
    path("follow/<str:number>/<str:token>/", views.order_follow_view, name="follow"),
    # staff
    path("", views.order_list_view, name="list"),
    path("staff-new/", views.order_staff_new_view, name="staff_new"),
    path("<int:order_id>/", views.order_detail_view, name="detail"),
    path("<int:order_id>/review/", views.order_review_view, name="review"),
    path("<int:order_id>/reject/", views.order_reject_view, name="reject"),
    path("<int:order_id>/dispatch/", views.order_dispatch_view, name="dispatch"),
    path("<int:order_id>/close/", views.order_close_view, name="close"),
    path("<int:order_id>/cancel/", views.order_cancel_view, name="cancel"),
    path("<int:order_id>/expire/", views.order_expire_view, name="expire"),
    path("<int:order_id>/reopen/", views.order_reopen_view, name="reopen"),
    path("<int:order_id>/rate/", views.order_rate_view, name="rate"),
    # the team leader
    path("team/", views.team_orders_view, name="team"),
    path("team/<int:order_id>/accept/", views.team_accept_view, name="team_accept"),
    path("team/<int:order_id>/decline/", views.team_decline_view, name="team_decline"),
    path("team/<int:order_id>/assign/", views.team_assign_view, name="team_assign"),
    path("team/<int:order_id>/start/", views.team_start_view, name="team_start"),
    path("team/<int:order_id>/complete/", views.team_complete_view, name="team_complete"),
    # the member
    path("mine/", views.my_orders_view, name="mine"),
]
