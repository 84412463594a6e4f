from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wenming.imports.models import ImportBatch, ImportRow
from wenming.regions.admin_base import ReadOnlyScopedAdmin, changelist_link


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyScopedAdmin):
    """Batches are uploaded, previewed and run on the import page: only read here.

    The uploaded workbook (plain ID numbers inside) is never read here: not shown, and not even
    loaded; its size comes from the database.
    """

    list_display = (
        "file_name",
        "kind",
        "region",
        "status",
        "dry_run",
        "total_rows",
        "imported_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
        "created_by",
        "created_at",
        "rows",
    )
    list_select_related = ("region", "created_by")
    list_filter = ("status", "kind", "dry_run")
    search_fields = ("file_name",)
    date_hierarchy = "created_at"
    fields = (
        "kind",
        "region",
        "file_name",
        "upload_size",
        "status",
        "dry_run",
        "total_rows",
        "imported_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
        "progress",
        "notes",
        "error_message",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportBatch]:
        return super().get_queryset(request).defer("upload").annotate(upload_bytes=Length("upload"))

    @admin.display(description=_("文件大小"))
    def upload_size(self, batch: ImportBatch) -> str:
        return filesizeformat(batch.upload_bytes)  # type: ignore[attr-defined]

    @admin.display(description=_("导入行"))
    def rows(self, batch: ImportBatch) -> str:
        return changelist_link(ImportRow, _("查看"), batch__id__exact=batch.pk)


@admin.register(ImportRow)
class ImportRowAdmin(ReadOnlyScopedAdmin):
    """What became of each row; the ID number was masked before it was stored."""

    list_display = ("batch", "row_number", "name", "id_number_masked", "outcome", "reason", "volunteer")
    list_select_related = ("batch", "volunteer")
    list_filter = ("outcome",)
    search_fields = ("name", "batch__file_name")
    fields = ("batch", "row_number", "name", "id_number_masked", "outcome", "reason", "volunteer")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportRow]:
        # The batch is joined for its name, not its workbook.
        return super().get_queryset(request).select_related("batch", "volunteer").defer("batch__upload")

    @admin.display(description=_("原因"))
    def reason(self, row: ImportRow) -> str:
        return row.reason_text
