"""Shared field helpers: coordinates and their database constraints."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.geo import coordinates_validate


def latitude_field() -> models.DecimalField:
    return models.DecimalField(_("纬度（WGS-84）"), max_digits=9, decimal_places=6, null=True, blank=True)


def longitude_field() -> models.DecimalField:
    return models.DecimalField(_("经度（WGS-84）"), max_digits=9, decimal_places=6, null=True, blank=True)


def coordinate_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Both coordinates or neither, and each within its range."""
    return [
        models.CheckConstraint(
            condition=models.Q(latitude__isnull=True, longitude__isnull=True)
            | models.Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_coordinates_both_or_neither",
        ),
        models.CheckConstraint(
            condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_in_range",
        ),
        models.CheckConstraint(
            condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_in_range",
        ),
    ]


_COORDINATE_FIELD_OF_CODE = {"coordinates_pair": "longitude", "latitude": "latitude", "longitude": "longitude"}


def coordinates_clean(instance: models.Model) -> None:
    """Model.clean() helper: coordinate errors named by field (a CheckConstraint only says which rule)."""
    latitude, longitude = getattr(instance, "latitude", None), getattr(instance, "longitude", None)
    try:
        coordinates_validate(
            float(latitude) if latitude is not None else None, float(longitude) if longitude is not None else None
        )
    except ValidationError as error:
        raise ValidationError({_COORDINATE_FIELD_OF_CODE.get(error.code or "", "latitude"): error}) from None


def ends_after_starts_clean(starts: object, ends: object, *, field: str = "ends_at") -> None:
    if starts is not None and ends is not None and ends <= starts:  # type: ignore[operator]
        raise ValidationError({field: _("结束时间必须晚于开始时间。")})


# The largest record id the API accepts in a path, query or body: a larger one is a 422 (bad input)
# rather than an integer overflow in the database.
ID_MAX = 2_147_483_647
