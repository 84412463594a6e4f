"""Builders for the trainings tests: trainings made and published through the services, volunteers enrolled."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.factories import SmallCounty, id_number_for
from wenming.regions.roles import Role
from wenming.trainings.models import Training, TrainingAttendance
from wenming.trainings.services import training_create, training_enrol, training_publish
from wenming.volunteers.models import Volunteer
from wenming.volunteers.services import id_number_seal

SESSION = {
    "title": "应急救护志愿者培训",
    "topic": "心肺复苏与创伤救护",
    "content": "心肺复苏、AED 使用和常见创伤的现场处置",
    "trainer_name": "刘医生",
    "place": "铁力市新时代文明实践中心报告厅",
}


def training_make(
    county: SmallCounty,
    *,
    site: Any = None,
    publish: bool = True,
    starts_in_hours: float = 48,
    capacity: int = 5,
    credit_hours: Decimal = Decimal("3.00"),
    **fields: Any,
) -> Training:
    """A training at `site` (default: the own village's station), made by the county admin, published."""
    admin = county.users[Role.COUNTY_ADMIN]
    starts_at = fields.pop("starts_at", timezone.now() + dt.timedelta(hours=starts_in_hours))
    values: dict[str, Any] = {
        **SESSION,
        "organizer_site": site or county.station,
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=3),
        "capacity": capacity,
        "credit_hours": credit_hours,
        **fields,
    }
    training = training_create(acting_user=admin, **values)
    if publish:
        training = training_publish(training_id=training.pk, acting_user=admin)
    return training


def enrol(county: SmallCounty, training: Training, volunteer: Any) -> TrainingAttendance:
    return training_enrol(
        training_id=training.pk, acting_user=county.users[Role.COUNTY_ADMIN], volunteer_id=volunteer.pk
    )


def held(training: Training, *, ended: bool = True) -> Training:
    """Move a published training into the past (it was held), as time would; the services refuse a past start."""
    starts_at = timezone.now() - dt.timedelta(hours=4 if ended else 1)
    Training.objects.filter(pk=training.pk).update(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3))
    training.refresh_from_db()
    return training


def trainings_in_every_scope(api_county: Any) -> dict[str, Training]:
    """One published training per matrix scope, each with the scope's volunteer enrolled: the own village's
    station, the sibling village's station, the township's institute. Made once per test."""
    if "training_objects" not in api_county.targets:
        county = api_county.county
        sites = {"own": county.station, "sibling": county.sibling_station, "parent": county.institute}
        volunteers = {"own": "own", "sibling": "sibling", "parent": "township"}
        made = {}
        attendances = {}
        for scope, site in sites.items():
            training = training_make(county, site=site, title=f"{site.name}培训")
            attendances[scope] = enrol(county, training, county.volunteers[volunteers[scope]])
            made[scope] = training
        api_county.targets["trainings"] = {scope: training.pk for scope, training in made.items()}
        api_county.targets["training_objects"] = made
        api_county.targets["training_attendances"] = attendances
    return api_county.targets["training_objects"]


def volunteers_make(region: Any, count: int) -> list[int]:
    """Many distinct volunteers quickly: sealed ID numbers, one bulk insert."""
    rows = []
    for index in range(count):
        sealed = id_number_seal(id_number_for((dt.date(1960, 1, 1) + dt.timedelta(days=index)).strftime("%Y%m%d"), 8))
        rows.append(
            Volunteer(
                region=region,
                volunteer_number=f"T{index:06d}",
                name=f"培训志愿者{index}",
                id_number_encrypted=sealed.encrypted,
                id_number_hash=sealed.hash,
                id_number_masked=sealed.masked,
                gender=sealed.gender,
                birth_on=sealed.birth_on,
                phone=f"137{index:08d}",
                registered_at=timezone.now(),
            )
        )
    return [volunteer.pk for volunteer in Volunteer.objects.bulk_create(rows)]
