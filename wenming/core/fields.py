"""Shared field helpers: coordinates and their database constraints."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
