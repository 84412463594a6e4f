"""Page-matrix rows of the service-order pages (merged by tests/pages/test_page_matrix.py).

The order is a phone order of the own village (station tier), entered by the station admin; the team
rows use it dispatched to the own village's team. POST rows send no data: a refusal, or a step that
needs none (their effects are tested in tests/orders/test_order_pages.py).
"""

from typing import Any

from tests.orders.order_builders import order_move, order_place
from wenming.orders.models import OrderStatus
from wenming.orders.selectors_pages import follow_token

ANONYMOUS = "anonymous"
ADMINS = {"county_admin": 200, "township_admin": 200, "station_admin": 200}
STAFF = {**ADMINS, "viewer": 200}  # the queue and the order page: admins and viewers


def _order(api_county: Any) -> dict[str, Any]:
    return {"order_id": order_place(api_county.county).pk}


def _dispatched(api_county: Any) -> dict[str, Any]:
    county = api_county.county
    return {"order_id": order_move(county, order_place(county), OrderStatus.DISPATCHED).pk}


def _follow(api_county: Any) -> dict[str, Any]:
    order = order_place(api_county.county)
    return {"number": order.number, "token": follow_token(order.number)}


def _staff_step(**statuses: int) -> dict[str, int]:
    """Who passes the page's gate (admins, viewers) gets the step's answer; the rest 403."""
    return {ANONYMOUS: 302, **{role: statuses.get(role, statuses["staff"]) for role in STAFF}, "*": 403}


def _team_step(leader: int) -> dict[str, int]:
    return {ANONYMOUS: 302, "team_leader": leader, "*": 403}


PAGES: dict[str, Any] = {
    # the resident's phone pages: no account needed
    "orders:new": ("get", {"*": 200}),
    "orders:code_send": ("post", {"*": 302}),  # no number: back to the form with the message
    "orders:follow": ("get", {"*": 200}, _follow),
    # staff
    "orders:list": ("get", {ANONYMOUS: 302, **STAFF, "*": 403}),
    "orders:staff_new": ("get", {ANONYMOUS: 302, **ADMINS, "*": 403}),
    "orders:detail": ("get", {ANONYMOUS: 302, **STAFF, "*": 403}, _order),
    # review needs no input: the admins at the station tier take it; the township admin and the viewer may not
    "orders:review": ("post", _staff_step(staff=302, township_admin=403, viewer=403), _order),
    # a reason is asked before anything else
    "orders:reject": ("post", _staff_step(staff=400), _order),
    "orders:cancel": ("post", _staff_step(staff=400), _order),
    "orders:expire": ("post", _staff_step(staff=400), _order),
    "orders:reopen": ("post", _staff_step(staff=400), _order),
    "orders:rate": ("post", _staff_step(staff=400), _order),
    # a submitted order cannot be dispatched yet (400) by those who may dispatch at its tier
    "orders:dispatch": ("post", _staff_step(staff=400, township_admin=403, viewer=403), _order),
    # nor closed; the viewer may not close at all
    "orders:close": ("post", _staff_step(staff=400, viewer=403), _order),
    # the team leader
    "orders:team": ("get", {ANONYMOUS: 302, "team_leader": 200, "*": 403}),
    "orders:team_accept": ("post", _team_step(302), _dispatched),
    "orders:team_decline": ("post", _team_step(400), _dispatched),  # no reason
    "orders:team_assign": ("post", _team_step(400), _dispatched),  # nobody chosen
    "orders:team_start": ("post", _team_step(400), _dispatched),  # not accepted yet
    "orders:team_complete": ("post", _team_step(400), _dispatched),  # no report
    # the member
    "orders:mine": ("get", {ANONYMOUS: 302, "*": 200}),
}
