"""Permission-matrix rows of the points endpoints (merged by tests/api/test_permission_matrix.py; run on
their own by tests/points/test_points_matrix.py).

The records are one good and one pending redemption per scope (tests/points/builders.points_in_every_scope):
the own village's shop (redeemed by the volunteer user), the sibling village's and the township's.
Admins manage the shops of their subtree; a viewer reads the goods; a volunteer sees the active goods of
their own village's and the township's shop, and their own redemptions; nobody else sees any.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from tests.api.conftest import SCOPES, client_as
from tests.points.builders import points_in_every_scope
from wenming.accounts.models import AuditEvent
from wenming.points.models import PointsEntry, PointsRate, Redemption, ShopItem, StockChange
from wenming.regions.roles import Role

API = "/api/v1"
JSON = "application/json"
ALL = frozenset(SCOPES)
OWN = frozenset({"own"})
NONE: frozenset[str] = frozenset()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MANAGE: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: ALL,
    Role.TOWNSHIP_ADMIN: ALL,
    Role.STATION_ADMIN: OWN,
}
ITEM_VISIBILITY: dict[str, frozenset[str]] = {
    **MANAGE,
    Role.VIEWER: ALL,
    Role.VOLUNTEER: frozenset({"own", "parent"}),  # the own village's and the township's shop
}
REDEMPTION_VISIBILITY: dict[str, frozenset[str]] = {**MANAGE, Role.VOLUNTEER: OWN}
# Who finds the scope's volunteer (to adjust their points): admins, the own team's leader, the volunteer.
VOLUNTEER_VISIBILITY: dict[str, frozenset[str]] = {**MANAGE, Role.TEAM_LEADER: OWN, Role.VOLUNTEER: OWN}
MANAGER_ROLES = frozenset(MANAGE)


def _target(api_county: Any, scope: str, kind: str) -> Any:
    return points_in_every_scope(api_county)[scope][kind]


def _url(path: str, **ids: int) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    return path


@dataclass(frozen=True)
class PointsListRow:
    kind: str  # "item" or "redemption" (a points entry is listed through its redemption)
    visibility: dict[str, frozenset[str]]

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _target(api_county, scope, "item" if self.kind == "item" else "redemption")
        response = client_as(api_county.users[role]).get(path)
        assert response.status_code == 200, response.content
        items = response.json()["items"]
        key = "redemption_id" if self.kind == "entry" else "id"
        seen = {row[key] for row in items}
        assert (target.pk in seen) is (scope in self.visibility.get(role, NONE))


@dataclass(frozen=True)
class PointsDetailRow:
    kind: str
    visibility: dict[str, frozenset[str]]

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        target = _target(api_county, scope, self.kind)
        response = client_as(api_county.users[role]).get(_url(path, item_id=target.pk, redemption_id=target.pk))
        expected = 200 if scope in self.visibility.get(role, NONE) else 404
        assert response.status_code == expected, response.content
        if expected == 404:
            assert response.json()["code"] == "not_found"


@dataclass(frozen=True)
class MineRow:
    """The caller's own points: the volunteer user 200, anyone without a volunteer record 404."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        points_in_every_scope(api_county)
        response = client_as(api_county.users[role]).get(path)
        if role == Role.VOLUNTEER:
            assert response.status_code == 200, response.content
            body = response.json()
            if path.endswith("/me"):
                assert (body["balance"], body["redeemed"], body["adjusted"]) == (190, 10, 200)
            else:
                assert body["count"] >= 1
        else:
            assert response.status_code == 404, response.content


@dataclass(frozen=True)
class ExportRow:
    """Admins of a shop get the Excel file; everyone else 403."""

    managers: frozenset[str] = MANAGER_ROLES

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        points_in_every_scope(api_county)
        response = client_as(api_county.users[role]).get(path)
        if role in self.managers:
            assert response.status_code == 200, response.content
            assert response["Content-Type"] == XLSX
        else:
            assert response.status_code == 403, response.content


@dataclass(frozen=True)
class ItemCreateRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        region = {"own": api_county.county.village, "sibling": api_county.county.sibling_village}.get(
            scope, api_county.county.township
        )
        before = ShopItem.objects.count()
        response = client_as(api_county.users[role]).post(
            path, {"region_code": region.code, "name": "洗洁精", "points_price": 15, "stock": 4}, content_type=JSON
        )
        allowed = scope in MANAGE.get(role, NONE)
        assert response.status_code == (201 if allowed else 403), response.content
        assert ShopItem.objects.count() == before + (1 if allowed else 0)


@dataclass(frozen=True)
class ItemChangeRow:
    """PATCH or restock a good: managers of its shop; who only sees it 403; the rest 404."""

    method: str
    body: dict[str, Any]
    success: int

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        item = _target(api_county, scope, "item")
        changes = StockChange.objects.count()
        response = getattr(client_as(api_county.users[role]), self.method)(
            _url(path, item_id=item.pk), self.body, content_type=JSON
        )
        allowed = scope in MANAGE.get(role, NONE)
        visible = scope in ITEM_VISIBILITY.get(role, NONE)
        expected = self.success if allowed else 403 if visible else 404
        assert response.status_code == expected, response.content
        current = ShopItem.objects.get(pk=item.pk)
        if "change" in self.body:
            assert current.stock == 19 + (self.body["change"] if allowed else 0)
            assert StockChange.objects.count() == changes + (1 if allowed else 0)
        else:
            assert current.points_price == (self.body["points_price"] if allowed else 10)


@dataclass(frozen=True)
class RedeemRow:
    """A volunteer redeems in their own village's or the township's shop (201); no one else redeems."""

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        item = _target(api_county, scope, "item")
        before = Redemption.objects.count()
        response = client_as(api_county.users[role]).post(
            _url(path, item_id=item.pk), {"quantity": 2}, content_type=JSON
        )
        allowed = role == Role.VOLUNTEER and scope in ITEM_VISIBILITY[Role.VOLUNTEER]
        assert response.status_code == (201 if allowed else 404), response.content
        assert Redemption.objects.count() == before + (1 if allowed else 0)
        if allowed:
            assert (response.json()["points"], response.json()["status"]) == (20, "pending")


@dataclass(frozen=True)
class RedemptionActionRow:
    """Hand over or cancel: managers of the shop; the volunteer may cancel (not hand over) their own."""

    own_may: bool
    status: str

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        redemption = _target(api_county, scope, "redemption")
        response = client_as(api_county.users[role]).post(
            _url(path, redemption_id=redemption.pk), {"reason": "物品缺货"}, content_type=JSON
        )
        visible = scope in REDEMPTION_VISIBILITY.get(role, NONE)
        is_own = role == Role.VOLUNTEER and scope == "own"
        allowed = scope in MANAGE.get(role, NONE) or (self.own_may and is_own)
        expected = 200 if allowed else 403 if visible else 404
        assert response.status_code == expected, response.content
        assert Redemption.objects.get(pk=redemption.pk).status == (self.status if allowed else "pending")


@dataclass(frozen=True)
class AdjustRow:
    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        volunteer = _target(api_county, scope, "volunteer")
        entries, audits = PointsEntry.objects.count(), AuditEvent.objects.count()
        response = client_as(api_county.users[role]).post(
            path, {"volunteer_id": volunteer.pk, "points": 5, "reason": "补录"}, content_type=JSON
        )
        allowed = scope in MANAGE.get(role, NONE)
        found = scope in VOLUNTEER_VISIBILITY.get(role, NONE)
        expected = 201 if allowed else 403 if found else 404
        assert response.status_code == expected, response.content
        assert PointsEntry.objects.count() == entries + (1 if allowed else 0)
        assert AuditEvent.objects.count() == audits + (1 if allowed else 0)


@dataclass(frozen=True)
class RateRow:
    """A county's rate: its county admin sets it; the county admin and the city viewer read it."""

    is_write: bool = False
    readers: frozenset[str] = field(default_factory=lambda: frozenset({Role.COUNTY_ADMIN, Role.VIEWER}))

    def check(self, api_county: Any, role: str, scope: str, path: str) -> None:
        county = api_county.county
        day = timezone.localdate() + dt.timedelta(days=1 + SCOPES.index(scope))
        browser = client_as(api_county.users[role])
        if self.is_write:
            response = browser.post(
                path,
                {"region_code": county.county.code, "points_per_hour": "12.5", "effective_on": day.isoformat()},
                content_type=JSON,
            )
            allowed = role == Role.COUNTY_ADMIN
            assert response.status_code == (201 if allowed else 403), response.content
            assert PointsRate.objects.count() == (1 if allowed else 0)
            return
        PointsRate.objects.create(
            region=county.county, points_per_hour=12, effective_on=day, set_by=county.users[Role.COUNTY_ADMIN]
        )
        response = browser.get(path)
        assert response.status_code == 200, response.content
        assert len(response.json()) == (1 if role in self.readers else 0)


ROWS: dict[tuple[str, str], Any] = {
    ("get", f"{API}/points/me"): MineRow(),
    ("get", f"{API}/points/me/entries"): MineRow(),
    ("get", f"{API}/points/me/redemptions"): MineRow(),
    ("get", f"{API}/points/items"): PointsListRow("item", ITEM_VISIBILITY),
    ("post", f"{API}/points/items"): ItemCreateRow(),
    ("get", f"{API}/points/items/export"): ExportRow(),
    ("get", f"{API}/points/items/{{item_id}}"): PointsDetailRow("item", ITEM_VISIBILITY),
    ("patch", f"{API}/points/items/{{item_id}}"): ItemChangeRow("patch", {"points_price": 12}, 200),
    ("post", f"{API}/points/items/{{item_id}}/restock"): ItemChangeRow("post", {"change": 5}, 201),
    ("post", f"{API}/points/items/{{item_id}}/redeem"): RedeemRow(),
    ("get", f"{API}/points/redemptions"): PointsListRow("redemption", REDEMPTION_VISIBILITY),
    ("get", f"{API}/points/redemptions/export"): ExportRow(),
    ("get", f"{API}/points/redemptions/{{redemption_id}}"): PointsDetailRow("redemption", REDEMPTION_VISIBILITY),
    ("post", f"{API}/points/redemptions/{{redemption_id}}/hand-over"): RedemptionActionRow(False, "handed_over"),
    ("post", f"{API}/points/redemptions/{{redemption_id}}/cancel"): RedemptionActionRow(True, "cancelled"),
    ("get", f"{API}/points/entries"): PointsListRow("entry", REDEMPTION_VISIBILITY),
    ("get", f"{API}/points/entries/export"): ExportRow(),
    ("post", f"{API}/points/adjustments"): AdjustRow(),
    ("get", f"{API}/points/rates"): RateRow(),
    ("post", f"{API}/points/rates"): RateRow(is_write=True),
}
