"""Reads of import batches and their rows, scoped to the admins of the batch's region."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import NotFoundError
from wenming.imports.models import ImportBatch, ImportRow, RowOutcome
from wenming.regions.access import scoped
from wenming.regions.models import Region
from wenming.regions.roles import ADD, VIEW, roles_allowed
from wenming.regions.scoping import region_subtree_q

VOLUNTEER_LABEL = "volunteers.volunteer"


def import_region_paths(*, user: Any) -> list[str]:
    """Region paths into which the user may import volunteers (those in which they may add volunteers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return user.region_paths(roles_allowed(VOLUNTEER_LABEL, ADD))


def import_may(*, user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or bool(import_region_paths(user=user))


def import_may_into(*, user: Any, region: Region) -> bool:
    """Whether the user may import into `region`: the command line without a user, a superuser, or an admin above it."""
    if user is None or (user.is_superuser and user.is_active):
        return True
    return any(region.path.startswith(path) for path in import_region_paths(user=user))


def import_regions(*, user: Any) -> QuerySet[Region]:
    """The regions a user may pick as the target of an import (their subtree), broadest first."""
    regions = Region.objects.all()
    if not (user.is_superuser and user.is_active):
        regions = regions.filter(region_subtree_q(import_region_paths(user=user), field=""))
    return regions.order_by("path")


def import_region_find(*, user: Any, code: str) -> Region | None:
    return import_regions(user=user).filter(code=(code or "").strip()).first()


def import_batch_list(*, user: Any) -> QuerySet[ImportBatch]:
    return scoped(ImportBatch.objects.select_related("region", "created_by"), user, VIEW).order_by("-created_at", "-id")


def import_batch_get(*, user: Any, batch_id: int) -> ImportBatch:
    """One batch of the user's scope; one outside it is reported exactly like a missing one."""
    batch = import_batch_list(user=user).filter(pk=batch_id).first()
    if batch is None:
        raise NotFoundError(_("导入批次不存在。"), field="batch_id")
    return batch


def import_row_list(*, batch: ImportBatch, outcome: str | None = None) -> QuerySet[ImportRow]:
    """The rows of a batch the caller already got through import_batch_get, in sheet order."""
    rows = ImportRow.objects.filter(batch=batch)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.order_by("row_number")


def import_report_rows(*, batch: ImportBatch, outcome: str | None = None) -> list[list[Any]]:
    """The per-row report (row number, name, masked ID number, outcome, reasons) as export rows."""
    labels = dict(RowOutcome.choices)
    return [
        [
            row["row_number"],
            row["name"],
            row["id_number_masked"],
            str(labels[row["outcome"]]),
            "；".join(row["reasons"]),
        ]
        for row in import_row_list(batch=batch, outcome=outcome).values(
            "row_number", "name", "id_number_masked", "outcome", "reasons"
        )
    ]
