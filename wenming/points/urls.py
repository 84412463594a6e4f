from django.urls import path

from wenming.points import views

app_name = "points"
urlpatterns = [
    path("", views.points_home_view, name="home"),
    path("shop/", views.points_shop_view, name="shop"),
    path("shop/<int:item_id>/redeem/", views.points_redeem_view, name="redeem"),
    path("redemptions/", views.points_redemptions_view, name="redemptions"),
    path("redemptions/<int:redemption_id>/cancel/", views.redemption_cancel_view, name="redemption_cancel"),
    path("manage/", views.manage_items_view, name="manage"),
    path("manage/items/export/", views.manage_items_export_view, name="manage_items_export"),
    path("manage/items/new/", views.item_create_view, name="item_create"),
    path("manage/items/<int:item_id>/", views.item_update_view, name="item_update"),
    path("manage/items/<int:item_id>/restock/", views.item_restock_view, name="item_restock"),
    path("manage/redemptions/", views.manage_redemptions_view, name="manage_redemptions"),
    path("manage/redemptions/export/", views.manage_redemptions_export_view, name="manage_redemptions_export"),
    path(
        "manage/redemptions/<int:redemption_id>/hand-over/",
        views.redemption_hand_over_view,
        name="redemption_hand_over",
    ),
    path("manage/adjustments/", views.manage_adjustments_view, name="manage_adjustments"),
    path("manage/adjustments/export/", views.manage_entries_export_view, name="manage_entries_export"),
]
