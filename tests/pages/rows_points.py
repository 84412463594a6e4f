"""Page-matrix rows of the points pages (merged by tests/pages/test_page_matrix.py once "points" is listed
there; run on their own by tests/points/test_points_matrix.py).

The records are the own village's good and pending redemption (tests/points/builders.points_in_every_scope).
POSTs send no data: a refusal or a redirect with the reason, never a write (their effects are tested in
tests/points/test_points_pages.py).
"""

from typing import Any

from tests.points.builders import points_in_every_scope

ANONYMOUS = "anonymous"
ADMINS_200 = {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 200, "*": 403}


def _own_item(api_county: Any) -> dict[str, Any]:
    return {"item_id": points_in_every_scope(api_county)["own"]["item"].pk}


def _own_redemption(api_county: Any) -> dict[str, Any]:
    return {"redemption_id": points_in_every_scope(api_county)["own"]["redemption"].pk}


PAGES: dict[str, Any] = {
    # the volunteer's pages answer everyone logged in (a "volunteers only" page for the rest)
    "points:home": ("get", {ANONYMOUS: 302, "*": 200}),
    "points:shop": ("get", {ANONYMOUS: 302, "*": 200}),
    "points:redemptions": ("get", {ANONYMOUS: 302, "*": 200}),
    # an empty redemption goes back to the shop with the reason
    "points:redeem": ("post", {ANONYMOUS: 302, "*": 302}, _own_item),
    # the volunteer cancels their own; staff of the shop are asked for a reason (a redirect with it);
    # to everyone else the redemption does not exist
    "points:redemption_cancel": (
        "post",
        {
            ANONYMOUS: 302,
            "county_admin": 302,
            "township_admin": 302,
            "station_admin": 302,
            "volunteer": 302,
            "*": 404,
        },
        _own_redemption,
    ),
    "points:manage": ("get", ADMINS_200),
    "points:manage_items_export": ("get", ADMINS_200),
    # an empty new good is the form again with its errors
    "points:item_create": (
        "post",
        {ANONYMOUS: 302, "county_admin": 400, "township_admin": 400, "station_admin": 400, "*": 403},
    ),
    "points:item_update": (
        "post",
        {ANONYMOUS: 302, "county_admin": 302, "township_admin": 302, "station_admin": 302, "*": 403},
        _own_item,
    ),
    "points:item_restock": (
        "post",
        {ANONYMOUS: 302, "county_admin": 302, "township_admin": 302, "station_admin": 302, "*": 403},
        _own_item,
    ),
    "points:manage_redemptions": ("get", ADMINS_200),
    "points:manage_redemptions_export": ("get", ADMINS_200),
    "points:redemption_hand_over": (
        "post",
        {
            ANONYMOUS: 302,
            "county_admin": 302,
            "township_admin": 302,
            "station_admin": 302,
            "volunteer": 403,
            "*": 404,
        },
        _own_redemption,
    ),
    # an empty adjustment is the form again with its errors
    "points:manage_adjustments": ("get", ADMINS_200),
    "points:manage_entries_export": ("get", ADMINS_200),
}
