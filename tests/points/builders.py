"""Builders of the points tests: approved hours through the ledger services, goods, and a balance."""

import datetime as dt
from decimal import Decimal
from typing import Any

from wenming.ledger.models import HoursEntry, SourceKind
from wenming.ledger.services import hours_entry_approve, hours_entry_propose
from wenming.points.models import ShopItem
from wenming.points.services import points_adjust, shop_item_create
from wenming.regions.roles import Role


def hours_proposed(
    county: Any,
    *,
    hours: str,
    service_on: dt.date = dt.date(2024, 1, 5),
    volunteer_key: str = "own",
    region: Any = None,
) -> HoursEntry:
    """A pending duty credit of the volunteer, recorded in `region` (the volunteer's own by default)."""
    volunteer = county.volunteers[volunteer_key]
    return hours_entry_propose(
        volunteer=volunteer,
        source_kind=SourceKind.DUTY,
        hours=Decimal(hours),
        service_on=service_on,
        content="站点值守",
        region=region or volunteer.region,
        recorder=county.users[Role.COUNTY_ADMIN],
    )


def hours_approved(county: Any, **kwargs: Any) -> HoursEntry:
    """An approved credit (the county admin approves the proposal); returns the approving entry."""
    proposal = hours_proposed(county, **kwargs)
    return hours_entry_approve(entry_id=proposal.pk, acting_user=county.users[Role.COUNTY_ADMIN])


def item_make(
    county: Any, *, name: str = "洗衣液", price: int = 20, stock: int = 10, region: Any = None, is_active: bool = True
) -> ShopItem:
    """A good in the own village's shop (by default), opened by the county admin."""
    return shop_item_create(
        region=region or county.village,
        name=name,
        points_price=price,
        stock=stock,
        pickup_place="东兴村新时代文明实践站",
        is_active=is_active,
        acting_user=county.users[Role.COUNTY_ADMIN],
    )


def balance_give(county: Any, points: int, *, volunteer_key: str = "own") -> None:
    """Points for a test of spending: a county admin's adjustment (earning is tested on its own)."""
    points_adjust(
        volunteer=county.volunteers[volunteer_key],
        points=points,
        reason="测试前的积分",
        acting_user=county.users[Role.COUNTY_ADMIN],
    )


def points_in_every_scope(api_county: Any) -> dict[str, dict[str, Any]]:
    """One good and one pending redemption per matrix scope, kept on the fixture for the test.

    The own scope: the own village's shop, redeemed by the own volunteer (the volunteer user); the
    sibling scope: the sibling village's shop and volunteer; the parent scope: the township's shop and
    the township's volunteer. The sibling's and township's volunteers get logins of their own.
    """
    if "points_objects" not in api_county.targets:
        from wenming.accounts.services import role_assign, user_create
        from wenming.points.services import redemption_create
        from wenming.volunteers.models import Volunteer

        county = api_county.county
        regions = {"own": county.village, "sibling": county.sibling_village, "parent": county.township}
        volunteer_keys = {"own": "own", "sibling": "sibling", "parent": "township"}
        made: dict[str, dict[str, Any]] = {}
        for scope, region in regions.items():
            volunteer = Volunteer.objects.get(pk=county.volunteers[volunteer_keys[scope]].pk)
            user = county.users[Role.VOLUNTEER] if scope == "own" else None
            if user is None:
                user = user_create(
                    username=f"volunteer_{scope}", password="unused-password-1", display_name=volunteer.name
                )
                role_assign(user=user, role=Role.VOLUNTEER, region=region)
                Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
                volunteer.refresh_from_db()
            county.volunteers[volunteer_keys[scope]] = volunteer
            balance_give(county, 200, volunteer_key=volunteer_keys[scope])
            item = item_make(county, name=f"{region.name}的毛巾", price=10, stock=20, region=region)
            redemption = redemption_create(volunteer=volunteer, item_id=item.pk, quantity=1, acting_user=user)
            made[scope] = {"item": item, "redemption": redemption, "volunteer": volunteer}
        api_county.targets["points_objects"] = made
    return api_county.targets["points_objects"]
