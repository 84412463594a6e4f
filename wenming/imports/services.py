"""Writes of import batches: upload with a dry-run preview, confirmation, and the run itself.

The upload is read and checked at once; a refused file (empty, .xls, .csv, not a spreadsheet,
headers missing) raises ValidationError({"file": …}) and leaves nothing behind. An accepted file
becomes a batch whose rows hold the preview's outcomes. Confirming queues the run (a background
task), which writes the volunteers and replaces the preview rows with the real outcomes in the
same transaction, updating `progress` as it goes.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import AuditAction
from wenming.accounts.services import audit_event_record
from wenming.core.errors import DomainError, PermissionDeniedError
from wenming.core.queue import enqueue_with_transaction
from wenming.imports.models import ImportBatch, ImportKind, ImportRow, ImportStatus
from wenming.imports.reading import WorkbookRead, volunteer_workbook_read
from wenming.imports.selectors import import_batch_get, import_may_into
from wenming.regions.models import Region
from wenming.volunteers.services_bulk import BulkImportResult, volunteer_rows_import

logger = logging.getLogger(__name__)

FILE_NAME_MAX = 200
READ_SHARE = 20  # percent of the progress bar for reading the file; checking and writing take the rest


def _progress_recorder(batch_id: int) -> Callable[[int], None]:
    """Writes the batch's progress when the whole percent grows (outside the writing transaction it is
    committed at once, so the page polling it sees it move)."""
    last = [-1]

    def record(percent: int) -> None:
        percent = max(0, min(100, percent))
        if percent > last[0]:
            last[0] = percent
            ImportBatch.objects.filter(pk=batch_id).update(progress=percent)

    return record


def _rows_store(batch: ImportBatch, result: BulkImportResult) -> None:
    ImportRow.objects.filter(batch=batch).delete()
    ImportRow.objects.bulk_create(
        [
            ImportRow(
                batch=batch,
                row_number=row.row_number,
                name=row.name[:64],
                id_number_masked=row.id_number_masked,
                outcome=row.outcome,
                reasons=row.reasons,
                volunteer_id=row.volunteer_id,
            )
            for row in result.rows
        ],
        batch_size=2000,
    )
    counts = result.counts
    batch.total_rows = len(result.rows)
    batch.imported_count = counts["imported"]
    batch.updated_count = counts["updated"]
    batch.unchanged_count = counts["unchanged"]
    batch.rejected_count = counts["rejected"]


STORED_FIELDS = [
    "total_rows",
    "imported_count",
    "updated_count",
    "unchanged_count",
    "rejected_count",
    "notes",
    "status",
    "dry_run",
    "progress",
    "finished_at",
]


def _import(
    batch: ImportBatch,
    *,
    dry_run: bool,
    acting_user: Any,
    record: Callable[[int], None] | None,
    read: WorkbookRead | None = None,
) -> None:
    """Read the batch's file and run the engine; the report rows are stored in the engine's transaction."""
    if read is None:
        read = volunteer_workbook_read(content=bytes(batch.upload), file_name=batch.file_name)
    if record:
        record(READ_SHARE)
    notes = read.notes

    def store(result: BulkImportResult) -> None:
        _rows_store(batch, result)
        batch.notes = notes
        if not dry_run:
            batch.status = ImportStatus.DONE
            batch.dry_run = False
            batch.progress = 100
            batch.finished_at = timezone.now()
            if acting_user is not None:
                audit_event_record(
                    actor=acting_user,
                    action=AuditAction.VOLUNTEERS_IMPORTED,
                    region=batch.region,
                    target=batch,
                    reason=str(
                        _("导入“%(file)s”：新增%(imported)d人，更新%(updated)d人，拒绝%(rejected)d行")
                        % {
                            "file": batch.file_name[:80],
                            "imported": batch.imported_count,
                            "updated": batch.updated_count,
                            "rejected": batch.rejected_count,
                        }
                    )[:200],
                )
        batch.save(update_fields=STORED_FIELDS)

    # Reasons are stored in the record's language (Chinese), whatever the language of the request.
    with translation.override(settings.LANGUAGE_CODE):
        volunteer_rows_import(
            rows=read.rows,
            region_scope=batch.region,
            acting_user=acting_user,
            dry_run=dry_run,
            progress=(lambda share: record(READ_SHARE + int(share * (99 - READ_SHARE)))) if record else None,
            on_result=store,
        )


def import_batch_upload(
    *, file_name: str, content: bytes, region: Region, acting_user: Any, kind: str = ImportKind.VOLUNTEERS
) -> ImportBatch:
    """Check the file, keep it in a new batch and preview it (a dry run: nothing else is written)."""
    if not import_may_into(user=acting_user, region=region):
        raise PermissionDeniedError(_("您只能导入到本人管辖的区划。"), field="region_code")
    file_name = _file_name_clean(file_name)
    read = volunteer_workbook_read(content=content, file_name=file_name)  # a refused file leaves no batch behind
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=kind,
            region=region,
            created_by=acting_user,
            file_name=file_name,
            upload=content,
            status=ImportStatus.PREVIEWED,
        )
        _import(batch, dry_run=True, acting_user=acting_user, record=None, read=read)
    return batch


def _file_name_clean(file_name: str) -> str:
    name = "".join(character for character in (file_name or "") if character.isprintable()).strip()
    return name.replace("/", "_").replace("\\", "_")[-FILE_NAME_MAX:] or "upload.xlsx"


def _failure_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        reason = error.messages[0] if error.messages else ""
    elif isinstance(error, IntegrityError):
        reason = str(_("与同时进行的登记或导入冲突"))
    else:
        reason = str(_("系统内部错误"))
    with translation.override(settings.LANGUAGE_CODE):
        return str(_("导入失败，全部未写入：%(reason)s。可重新确认或重新上传。") % {"reason": reason})[:500]


@transaction.atomic
def import_batch_confirm(*, batch_id: int, acting_user: Any) -> ImportBatch:
    """Queue the real import of a previewed batch (once); the task runs after this commits."""
    from wenming.imports.tasks import import_batch_run_task

    batch = import_batch_get(user=acting_user, batch_id=batch_id)
    batch = ImportBatch.objects.select_for_update().select_related("region").get(pk=batch.pk)
    if not import_may_into(user=acting_user, region=batch.region):
        raise PermissionDeniedError(_("您只能导入到本人管辖的区划。"))
    if batch.status != ImportStatus.PREVIEWED:
        raise DomainError(_("该批次已确认过导入，请勿重复确认。"), code="already_confirmed")
    if batch.imported_count + batch.updated_count == 0:
        raise DomainError(_("预览中没有可导入或更新的行，无需导入。"), code="nothing_to_import")
    batch.status = ImportStatus.RUNNING
    batch.progress = 0
    batch.started_at = timezone.now()
    batch.save(update_fields=["status", "progress", "started_at"])
    enqueue_with_transaction(import_batch_run_task, batch.pk)
    return batch


def import_batch_run(*, batch_id: int) -> ImportBatch:
    """The real import of a confirmed batch (the background task): atomic; a failure marks the batch failed."""
    batch = ImportBatch.objects.select_related("region", "created_by").get(pk=batch_id)
    if batch.status != ImportStatus.RUNNING:
        return batch
    try:
        _import(batch, dry_run=False, acting_user=batch.created_by, record=_progress_recorder(batch.pk))
    except Exception as error:  # whatever failed, the batch was rolled back and says so
        logger.exception("import batch %s failed", batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.FAILED, error_message=_failure_text(error), finished_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch


def import_file_run(
    *,
    file_name: str,
    content: bytes,
    region: Region,
    acting_user: Any,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
) -> ImportBatch:
    """Check and import a file at once, in this process (the command line): a dry run only previews."""
    if not import_may_into(user=acting_user, region=region):
        raise PermissionDeniedError(_("您只能导入到本人管辖的区划。"), field="region_code")
    file_name = _file_name_clean(file_name)
    read = volunteer_workbook_read(content=content, file_name=file_name)
    if dry_run:
        return import_batch_upload(file_name=file_name, content=content, region=region, acting_user=acting_user)
    batch = ImportBatch.objects.create(
        region=region,
        created_by=acting_user,
        file_name=file_name,
        upload=content,
        status=ImportStatus.RUNNING,
        started_at=timezone.now(),
    )
    recorder = _progress_recorder(batch.pk)

    def record(percent: int) -> None:
        recorder(percent)
        if progress:
            progress(percent)

    try:
        _import(batch, dry_run=False, acting_user=acting_user, record=record, read=read)
    except Exception as error:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.FAILED, error_message=_failure_text(error), finished_at=timezone.now()
        )
        raise
    batch.refresh_from_db()
    return batch
