"""Spreadsheet imports: batches and the outcome of every row.

The uploaded workbook is kept in the batch row itself (`upload`, a database blob), not under
MEDIA_ROOT: it is written in the same transaction as the batch, needs no access-checked file view
and goes with the batch when the batch is deleted. The plain ID numbers inside it are read only
while the batch is previewed or run; an ImportRow keeps the masked ID number and nothing else of it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    VOLUNTEERS = "volunteers", _("志愿者")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传")
    PREVIEWED = "previewed", _("已预览")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class RowOutcome(models.TextChoices):
    IMPORTED = "imported", _("新增")
    UPDATED = "updated", _("更新")
    UNCHANGED = "unchanged", _("无变化")
    REJECTED = "rejected", _("拒绝")


class ImportBatch(models.Model):
    region_field = "region"

    kind = models.CharField(_("导入类型"), max_length=16, choices=ImportKind.choices, default=ImportKind.VOLUNTEERS)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("导入到区划")
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("导入人")
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    upload = models.BinaryField(_("上传的文件"), editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    # True while the rows hold the preview's outcomes (nothing written yet); False once written.
    dry_run = models.BooleanField(_("仅预览"), default=True)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    imported_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    rejected_count = models.PositiveIntegerField(_("拒绝"), default=0)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    notes = models.JSONField(_("文件说明"), default=list, blank=True)
    error_message = models.CharField(_("失败原因"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="import_batch_progress_at_most_100"),
            models.CheckConstraint(
                condition=models.Q(
                    total_rows__gte=models.F("imported_count")
                    + models.F("updated_count")
                    + models.F("unchanged_count")
                    + models.F("rejected_count")
                ),
                name="import_batch_counts_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class ImportRow(models.Model):
    """One data row of the sheet and what became of it; the ID number only ever masked."""

    region_field = "batch__region"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows", verbose_name=_("导入批次"))
    row_number = models.PositiveIntegerField(_("行号"))
    name = models.CharField(_("姓名"), max_length=64, blank=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=RowOutcome.choices)
    reasons = models.JSONField(_("原因"), default=list, blank=True)
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("志愿者"),
    )

    class Meta:
        verbose_name = _("导入行")
        verbose_name_plural = _("导入行")
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="import_row_unique_per_batch"),
        ]
        indexes = [models.Index(fields=["batch", "outcome", "row_number"], name="import_row_batch_outcome")]

    def __str__(self) -> str:
        return f"{self.row_number}: {self.get_outcome_display()}"

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)
