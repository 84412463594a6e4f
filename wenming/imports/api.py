"""Imports through the API: upload (with a dry-run preview), confirm, progress, and the per-row report."""

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from wenming.core.errors import NotFoundError, PermissionDeniedError
from wenming.core.exports import XLSX_CONTENT_TYPE
from wenming.core.fields import ID_MAX
from wenming.core.pagination import BoundedPageNumberPagination
from wenming.imports import selectors
from wenming.imports.exports import import_report_response
from wenming.imports.models import ImportBatch, ImportRow, RowOutcome
from wenming.imports.schemas import ImportBatchOut, ImportBatchPreviewOut, ImportRowOut
from wenming.imports.services import import_batch_confirm, import_batch_upload
from wenming.regions.models import Region

router = Router(tags=["imports"])

PREVIEW_ROWS = 20
BatchId = Annotated[int, Path(ge=1, le=ID_MAX)]
RegionCode = Annotated[str, Form(max_length=12, description="导入到的区划代码；留空为本人的管辖范围")]
NOT_ADMIN = _("只有中心、所、站管理员可以导入志愿者。")
XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "Excel",
            "content": {XLSX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class RowFilter(Schema):
    outcome: RowOutcome | None = None


def _preview(batch: ImportBatch) -> ImportBatch:
    batch.preview = list(selectors.import_row_list(batch=batch)[:PREVIEW_ROWS])  # type: ignore[attr-defined]
    return batch


@router.post("/volunteers", response={201: ImportBatchPreviewOut}, url_name="import_volunteers_upload")
def import_volunteers_upload_api(
    request: HttpRequest,
    file: File[UploadedFile],
    region_code: RegionCode = "",
) -> Status[ImportBatch]:
    """Upload a volunteer workbook (.xlsx): refused as a whole (400, field "file") or previewed row by row.

    Nothing but the batch is written until POST /imports/{batch_id}/confirm.
    """
    if not selectors.import_may(user=request.user):
        raise PermissionDeniedError(NOT_ADMIN)
    region = _region(request, region_code)
    batch = import_batch_upload(file_name=file.name or "", content=file.read(), region=region, acting_user=request.user)
    return Status(201, _preview(batch))


def _region(request: HttpRequest, region_code: str) -> Region:
    """The region named by code (whether the user may import there is the service's question), or the
    user's own broadest region when none is given."""
    code = (region_code or "").strip()
    if not code:
        regions = selectors.import_regions(user=request.user)
        region = regions.first()
        if region is None:
            raise PermissionDeniedError(NOT_ADMIN)
        return region
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFoundError(_("区划不存在。"), field="region_code")
    return region


@router.get("", response=list[ImportBatchOut], url_name="import_batch_list")
@paginate(BoundedPageNumberPagination, page_size=50)
def import_batch_list_api(request: HttpRequest) -> QuerySet[ImportBatch]:
    """Import batches of the caller's scope, newest first."""
    return selectors.import_batch_list(user=request.user)


@router.get("/{batch_id}", response=ImportBatchOut, url_name="import_batch_detail")
def import_batch_detail_api(request: HttpRequest, batch_id: BatchId) -> ImportBatch:
    """Status, counts and progress (0–100) of one batch."""
    return selectors.import_batch_get(user=request.user, batch_id=batch_id)


@router.post("/{batch_id}/confirm", response={202: ImportBatchOut}, url_name="import_batch_confirm")
def import_batch_confirm_api(request: HttpRequest, batch_id: BatchId) -> Status[ImportBatch]:
    """Import a previewed batch: queued at once (202); follow `progress` on GET /imports/{batch_id}."""
    return Status(202, import_batch_confirm(batch_id=batch_id, acting_user=request.user))


@router.get("/{batch_id}/rows", response=list[ImportRowOut], url_name="import_row_list")
@paginate(BoundedPageNumberPagination, page_size=100)
def import_row_list_api(
    request: HttpRequest,
    batch_id: BatchId,
    filters: Query[RowFilter],
) -> QuerySet[ImportRow]:
    """Every row of the batch with its outcome and reasons, in sheet order; `outcome` filters."""
    batch = selectors.import_batch_get(user=request.user, batch_id=batch_id)
    return selectors.import_row_list(batch=batch, outcome=filters.outcome)


@router.get("/{batch_id}/report.xlsx", url_name="import_report_xlsx", openapi_extra=XLSX_RESPONSE)
def import_report_xlsx_api(
    request: HttpRequest,
    batch_id: BatchId,
    filters: Query[RowFilter],
) -> Any:
    """The per-row report as Excel (row number, name, masked ID number, outcome, reasons)."""
    batch = selectors.import_batch_get(user=request.user, batch_id=batch_id)
    return import_report_response(batch=batch, outcome=filters.outcome)
