"""`wenming import_volunteers FILE --region CODE [--dry-run] [--user USERNAME] [--report OUT.xlsx]`."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wenming.accounts.models import User
from wenming.core.errors import DomainError
from wenming.core.exports import xlsx_bytes
from wenming.imports.selectors import import_report_rows
from wenming.imports.services import import_file_run
from wenming.regions.models import Region

BAR_WIDTH = 40


class Command(BaseCommand):
    help = "Import volunteers from an .xlsx workbook (the import template) into a region; a dry run only previews."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--region", required=True, help="code of the region to import into")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--user", default="", help="import as this user (their scope applies; audited)")
        parser.add_argument("--report", default="", help="also write the per-row report to this .xlsx file")

    shown = -1

    def _bar(self, percent: int) -> None:
        if percent <= self.shown:
            return
        self.shown = percent
        filled = BAR_WIDTH * percent // 100
        self.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}%", ending="")
        self.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("文件不存在：%(path)s") % {"path": path})
        region = Region.objects.filter(code=options["region"].strip()).first()
        if region is None:
            raise CommandError(_("区划不存在：%(code)s") % {"code": options["region"]})
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(_("用户不存在或已停用：%(user)s") % {"user": options["user"]})
        try:
            batch = import_file_run(
                file_name=path.name,
                content=path.read_bytes(),
                region=region,
                acting_user=user,
                dry_run=options["dry_run"],
                progress=None if options["dry_run"] else self._bar,
            )
        except ValidationError as refusal:
            raise CommandError(_("文件未导入：%(reason)s") % {"reason": "；".join(refusal.messages)}) from None
        except DomainError as refusal:
            raise CommandError(str(refusal.message)) from None
        except Exception as error:  # the batch was rolled back and marked failed
            self.stderr.write("")
            raise CommandError(_("导入失败，全部未写入：%(error)s") % {"error": type(error).__name__}) from error
        if not options["dry_run"]:
            self._bar(batch.progress)
            self.stderr.write("")
        summary = _(
            "%(mode)s批次 %(id)d（%(status)s）：共%(total)d行，新增%(imported)d，更新%(updated)d，"
            "无变化%(unchanged)d，拒绝%(rejected)d。"
        ) % {
            "mode": _("预览") if options["dry_run"] else _("导入"),
            "id": batch.pk,
            "status": batch.get_status_display(),
            "total": batch.total_rows,
            "imported": batch.imported_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
            "rejected": batch.rejected_count,
        }
        for note in batch.notes:
            self.stdout.write(note)
        for number, name, masked, _outcome, reasons in import_report_rows(batch=batch, outcome="rejected"):
            self.stdout.write(
                _("第%(row)d行 %(name)s %(id)s：%(reasons)s")
                % {"row": number, "name": name, "id": masked, "reasons": reasons}
            )
        self.stdout.write(summary)
        if options["report"]:
            report = xlsx_bytes(
                sheet_title=_("导入报告"),
                headers=[_("行号"), _("姓名"), _("身份证号"), _("结果"), _("原因")],
                rows=import_report_rows(batch=batch),
            )
            Path(options["report"]).write_bytes(report)
