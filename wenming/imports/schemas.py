import datetime as dt

from ninja import Schema

from wenming.imports.models import ImportBatch, ImportRow


class ImportRowOut(Schema):
    """One row of the report: the ID number only ever masked."""

    row_number: int
    name: str
    id_number_masked: str
    outcome: str
    outcome_display: str
    reasons: list[str]
    volunteer_id: int | None

    @staticmethod
    def resolve_outcome_display(row: ImportRow) -> str:
        return str(row.get_outcome_display())


class ImportBatchOut(Schema):
    id: int
    kind: str
    region_code: str
    region_name: str
    file_name: str
    status: str
    status_display: str
    dry_run: bool
    total_rows: int
    imported_count: int
    updated_count: int
    unchanged_count: int
    rejected_count: int
    progress: int
    notes: list[str]
    error_message: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_region_code(batch: ImportBatch) -> str:
        return batch.region.code

    @staticmethod
    def resolve_region_name(batch: ImportBatch) -> str:
        return batch.region.name

    @staticmethod
    def resolve_status_display(batch: ImportBatch) -> str:
        return str(batch.get_status_display())


class ImportBatchPreviewOut(ImportBatchOut):
    """The batch with the first rows of its preview (all rows: GET /imports/{batch_id}/rows)."""

    preview: list[ImportRowOut]
