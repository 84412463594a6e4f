"""Permission-matrix rows of the service-order endpoints (merged by tests/api/test_permission_matrix.py).

Each cell makes one order per scope: in the own village and the sibling village (station tier) and in
the parent township (institute tier), each dispatched to the team of its scope when its state has a
team; the own village's order was placed by the resident. A row prepares the state its step leaves
from, sends the request and checks the answer and whether the order changed.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tests.api.conftest import client_as
from wenming.orders.models import OrderChannel, OrderStatus, ServiceOrder, Tier
from wenming.regions.roles import Role

API = "/api/v1"
ALL = frozenset({"own", "sibling", "parent"})
OWN = frozenset({"own"})
PARENT = frozenset({"parent"})
NONE: frozenset[str] = frozenset()

WITH_TEAM = {
    OrderStatus.DISPATCHED,
    OrderStatus.ACCEPTED,
    OrderStatus.IN_SERVICE,
    OrderStatus.COMPLETED,
    OrderStatus.RATED,
    OrderStatus.CLOSED,
}
# Who reads the scope's order (with a team: the team leader reads the own team's).
ORDER_VISIBILITY: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
    Role.TEAM_LEADER: OWN,
    Role.VOLUNTEER: NONE,
    Role.RESIDENT: OWN,  # placed it
    Role.CONTACT_UNIT: NONE,
    Role.VIEWER: ALL,
}
# Who moves it at its tier: county admins at every tier, the township admin at the institute tier.
STAFF: dict[str, frozenset[str]] = {Role.COUNTY_ADMIN: ALL, Role.TOWNSHIP_ADMIN: PARENT, Role.STATION_ADMIN: OWN}
# Admins of any tier whose region holds the order (close, record a rating).
ADMINS: dict[str, frozenset[str]] = {Role.COUNTY_ADMIN: ALL, Role.TOWNSHIP_ADMIN: ALL, Role.STATION_ADMIN: OWN}
TEAM_SIDE: dict[str, frozenset[str]] = {Role.TEAM_LEADER: OWN}
REQUESTER: dict[str, frozenset[str]] = {Role.RESIDENT: OWN}


def _teams(api_county: Any) -> dict[str, int]:
    return api_county.targets["teams"]


def _regions(api_county: Any) -> dict[str, Any]:
    county = api_county.county
    return {"own": county.village, "sibling": county.sibling_village, "parent": county.township}


def orders_make(api_county: Any, status: str = OrderStatus.DISPATCHED, **extra: Any) -> dict[str, ServiceOrder]:
    county = api_county.county
    now = timezone.now()
    made = {}
    for index, (scope, region) in enumerate(_regions(api_county).items(), start=1):
        made[scope] = ServiceOrder.objects.create(
            region=region,
            number=f"M{index:04d}",
            requester=county.users[Role.RESIDENT] if scope == "own" else None,
            requester_name="赵大娘",
            requester_phone="13912345678",
            channel=OrderChannel.WEB if scope == "own" else OrderChannel.PHONE,
            category=county.team.category,
            description="家中老人需要理发",
            address="村里",
            status=status,
            tier=Tier.INSTITUTE if scope == "parent" else Tier.STATION,
            assigned_team_id=_teams(api_county)[scope] if status in WITH_TEAM else None,
            submitted_at=now - dt.timedelta(hours=1),
            desired_at=now + dt.timedelta(days=2),
            **extra,
        )
    return made


def _visible(role: str, scope: str, status: str) -> bool:
    if role == Role.TEAM_LEADER and status not in WITH_TEAM:
        return False
    return scope in ORDER_VISIBILITY[role]


def _expected(role: str, scope: str, status: str, *allowed: dict[str, frozenset[str]], success: int = 200) -> int:
    if not _visible(role, scope, status):
        return 404
    return success if any(scope in table.get(role, NONE) for table in allowed) else 403


@dataclass(frozen=True)
class OrderListRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = orders_make(api_county)[scope]
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        seen = {item["id"] for item in response.json()["items"]}
        assert (target.pk in seen) is (scope in ORDER_VISIBILITY[role])


@dataclass(frozen=True)
class OrderReadRow:
    """Detail and history: 200 for those who read the order, 404 (like a missing one) for the rest."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = orders_make(api_county)[scope]
        response = client_as(api_county.users[role]).get(path.replace("{order_id}", str(target.pk)))
        expected = 200 if scope in ORDER_VISIBILITY[role] else 404
        assert response.status_code == expected, response.content
        if expected == 404:
            assert response.json()["code"] == "not_found"


# Who is responsible for an overdue order: admins at its tier, the leader of the team holding it.
OVERDUE_RESPONSIBLE: dict[str, frozenset[str]] = {**STAFF, Role.TEAM_LEADER: OWN}


@dataclass(frozen=True)
class OverdueListRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = orders_make(api_county, is_overdue=True)[scope]
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        seen = {item["id"] for item in response.json()["items"]}
        assert (target.pk in seen) is (scope in OVERDUE_RESPONSIBLE.get(role, NONE))


STATISTICS_ROLES = {Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.STATION_ADMIN, Role.VIEWER, Role.TEAM_LEADER}


@dataclass(frozen=True)
class StatisticsRow:
    """Admins, viewers and team leaders read the figures of the orders they see; others 403."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        orders_make(api_county)
        response = client_as(api_county.users[role]).get(path, {"region_code": api_county.county.county.code})
        if role not in STATISTICS_ROLES:
            assert response.status_code == 403, response.content
            return
        assert response.status_code == 200, response.content
        assert response.json()["received"] == len(ORDER_VISIBILITY[role])


@dataclass(frozen=True)
class CatalogueRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        response = client_as(api_county.users[role]).get(path, {"county_code": api_county.county.county.code})
        assert response.status_code == 200, response.content
        assert [entry["code"] for entry in response.json()] == ["theory"]


@dataclass(frozen=True)
class SubmitRow:
    """Staff entry of a phone order in the scope's region: the admins whose region holds it."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        region = _regions(api_county)[scope]
        before = ServiceOrder.objects.count()
        body = {
            "channel": "phone",
            "region_code": region.code,
            "category_id": api_county.county.team.category_id,
            "description": "帮忙搬家",
            "address": "村委会旁",
            "requester_name": "钱大爷",
            "requester_phone": "13712345678",
        }
        response = client_as(api_county.users[role]).post(path, body, content_type="application/json")
        expected = 201 if scope in ADMINS.get(role, NONE) else 403
        assert response.status_code == expected, response.content
        assert ServiceOrder.objects.count() == before + (1 if expected == 201 else 0)


@dataclass(frozen=True)
class ApiClientRow:
    write: bool = False

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        from wenming.orders.models import ApiClient

        browser = client_as(api_county.users[role])
        if not self.write:
            ApiClient.objects.create(name="城市App", region=api_county.county.county, key_prefix="p", key_hash="h")
            response = browser.get(path)
            assert response.status_code == 200
            assert len(response.json()) == (1 if role == Role.COUNTY_ADMIN else 0)
            return
        response = browser.post(
            path, {"name": "城市App", "region_code": api_county.county.county.code}, content_type="application/json"
        )
        expected = 201 if role == Role.COUNTY_ADMIN else 403
        assert response.status_code == expected, response.content
        assert ApiClient.objects.count() == (1 if expected == 201 else 0)


@dataclass(frozen=True)
class OrderStepRow:
    """One step on the scope's order from the state it leaves: allowed 200, seen but not allowed 403, else 404."""

    status: str
    allowed: tuple[dict[str, frozenset[str]], ...]
    body: str = ""
    extra: tuple[tuple[str, Any], ...] = ()

    def _body(self, api_county: Any, scope: str) -> dict[str, Any]:
        if self.body == "reason":
            return {"reason": "理由充分"}
        if self.body == "team":
            return {"team_id": _teams(api_county)[scope]}
        if self.body == "members":
            volunteer = api_county.county.volunteers["own"]
            return {"volunteer_ids": [volunteer.pk]}
        if self.body == "report":
            return {"report": "服务完成"}
        if self.body == "rating":
            return {"rating": 5, "comment": "满意"}
        return {}

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = orders_make(api_county, self.status, **dict(self.extra))[scope]
        before = (target.status, target.assignments.count())
        response = client_as(api_county.users[role]).post(
            path.replace("{order_id}", str(target.pk)), self._body(api_county, scope), content_type="application/json"
        )
        expected = _expected(role, scope, self.status, *self.allowed)
        assert response.status_code == expected, response.content
        target.refresh_from_db()
        after = (target.status, target.assignments.count())
        assert (after != before) is (expected == 200), (before, after)


@dataclass(frozen=True)
class ProposalsRow:
    """The engine's proposals for the scope's order waiting for dispatch: those who may dispatch it 200,
    those who only read it 403, the rest 404 (the matrix's orders have no map point: an empty list)."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = orders_make(api_county, OrderStatus.UNDER_REVIEW)[scope]
        response = client_as(api_county.users[role]).get(path.replace("{order_id}", str(target.pk)))
        expected = _expected(role, scope, OrderStatus.UNDER_REVIEW, STAFF)
        assert response.status_code == expected, response.content
        if expected == 200:
            assert response.json() == []


@dataclass(frozen=True)
class BatchProposalsRow:
    """A batch proposal for the scope's order: as for one order, and nothing dispatched either way."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = orders_make(api_county, OrderStatus.UNDER_REVIEW)[scope]
        response = client_as(api_county.users[role]).post(
            path, {"order_ids": [target.pk]}, content_type="application/json"
        )
        expected = _expected(role, scope, OrderStatus.UNDER_REVIEW, STAFF)
        assert response.status_code == expected, response.content
        if expected == 200:
            assert response.json()["unserved"] == [target.pk]  # no map point
        target.refresh_from_db()
        assert target.status == OrderStatus.UNDER_REVIEW


@dataclass(frozen=True)
class SettingRow:
    """The county's order settings: county admins read and set the auto-dispatch categories, others 403."""

    write: bool = False

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        from wenming.orders.models import CountyOrderSetting

        code = api_county.county.county.code
        browser = client_as(api_county.users[role])
        expected = 200 if role == Role.COUNTY_ADMIN else 403
        if not self.write:
            response = browser.get(path, {"county_code": code})
            assert response.status_code == expected, response.content
            if expected == 200:
                assert response.json()["auto_dispatch_categories"] == []
            return
        body = {"county_code": code, "auto_dispatch_categories": ["theory"]}
        response = browser.put(path, body, content_type="application/json")
        assert response.status_code == expected, response.content
        saved = CountyOrderSetting.objects.filter(county__code=code).values_list("auto_dispatch_categories", flat=True)
        assert list(saved) == ([["theory"]] if expected == 200 else [])


ROWS: dict[tuple[str, str], Any] = {
    ("get", f"{API}/orders"): OrderListRow(),
    ("post", f"{API}/orders"): SubmitRow(),
    ("get", f"{API}/orders/overdue"): OverdueListRow(),
    ("get", f"{API}/orders/statistics"): StatisticsRow(),
    ("get", f"{API}/orders/catalogue"): CatalogueRow(),
    ("get", f"{API}/orders/api-clients"): ApiClientRow(),
    ("post", f"{API}/orders/api-clients"): ApiClientRow(write=True),
    ("get", f"{API}/orders/settings"): SettingRow(),
    ("put", f"{API}/orders/settings"): SettingRow(write=True),
    ("post", f"{API}/orders/batch-proposals"): BatchProposalsRow(),
    ("get", f"{API}/orders/{{order_id}}/proposals"): ProposalsRow(),
    ("get", f"{API}/orders/{{order_id}}"): OrderReadRow(),
    ("get", f"{API}/orders/{{order_id}}/events"): OrderReadRow(),
    ("post", f"{API}/orders/{{order_id}}/review"): OrderStepRow(OrderStatus.SUBMITTED, (STAFF,)),
    ("post", f"{API}/orders/{{order_id}}/reject"): OrderStepRow(OrderStatus.SUBMITTED, (STAFF,), body="reason"),
    ("post", f"{API}/orders/{{order_id}}/dispatch"): OrderStepRow(OrderStatus.UNDER_REVIEW, (STAFF,), body="team"),
    ("post", f"{API}/orders/{{order_id}}/accept"): OrderStepRow(OrderStatus.DISPATCHED, (TEAM_SIDE,)),
    ("post", f"{API}/orders/{{order_id}}/decline"): OrderStepRow(OrderStatus.DISPATCHED, (TEAM_SIDE,), body="reason"),
    ("post", f"{API}/orders/{{order_id}}/members"): OrderStepRow(OrderStatus.ACCEPTED, (TEAM_SIDE,), body="members"),
    ("post", f"{API}/orders/{{order_id}}/start"): OrderStepRow(OrderStatus.ACCEPTED, (TEAM_SIDE,)),
    ("post", f"{API}/orders/{{order_id}}/complete"): OrderStepRow(OrderStatus.IN_SERVICE, (TEAM_SIDE,), body="report"),
    ("post", f"{API}/orders/{{order_id}}/rate"): OrderStepRow(
        OrderStatus.COMPLETED, (REQUESTER, ADMINS), body="rating"
    ),
    ("post", f"{API}/orders/{{order_id}}/close"): OrderStepRow(OrderStatus.COMPLETED, (STAFF, ADMINS)),
    ("post", f"{API}/orders/{{order_id}}/cancel"): OrderStepRow(
        OrderStatus.UNDER_REVIEW, (STAFF, REQUESTER), body="reason"
    ),
    ("post", f"{API}/orders/{{order_id}}/expire"): OrderStepRow(OrderStatus.UNDER_REVIEW, (STAFF,), body="reason"),
    ("post", f"{API}/orders/{{order_id}}/reopen"): OrderStepRow(
        OrderStatus.RATED, (STAFF, REQUESTER), body="reason", extra=(("rating", 2),)
    ),
}
