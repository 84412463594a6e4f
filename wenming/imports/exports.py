"""Excel files of imports: the blank template to fill in, and a batch's per-row report."""

import io

import xlsxwriter
from django.http import HttpResponse
from django.utils.translation import gettext as _

from wenming.core.exports import XLSX_CONTENT_TYPE, xlsx_response
from wenming.imports.models import ImportBatch
from wenming.imports.reading import INSTRUCTIONS_SHEET, SHEET_NAME
from wenming.imports.selectors import import_report_rows

TEMPLATE_COLUMNS = [
    ("姓名", 14, False),
    ("身份证号", 22, True),
    ("手机号", 16, True),
    ("所属区划", 18, True),
    ("队伍", 22, False),
    ("标签", 18, False),
    ("技能", 18, False),
    ("监护人姓名", 12, False),
    ("监护人电话", 16, True),
]
TEMPLATE_ROWS = 5000  # the text format is set on this many rows below the header


def import_template_bytes() -> bytes:
    """The volunteer import template: Chinese headers, ID and phone columns formatted as text ('@')."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(SHEET_NAME)
    header = workbook.add_format({"bold": True, "bg_color": "#FDE9D9", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for column, (title, width, is_text) in enumerate(TEMPLATE_COLUMNS):
        sheet.set_column(column, column, width, text if is_text else None)
        sheet.write_string(0, column, title, header)
    sheet.freeze_panes(1, 0)
    for column, (_title, _width, is_text) in enumerate(TEMPLATE_COLUMNS):
        if is_text:  # a column format alone is lost when a user pastes: each cell carries it as well
            for row in range(1, TEMPLATE_ROWS + 1):
                sheet.write_blank(row, column, None, text)
    notes = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    notes.set_column(0, 0, 100)
    lines = [
        _("志愿者导入模板填写说明"),
        _("1. 必填列：姓名、身份证号、手机号。每行一名志愿者，请勿合并单元格，请勿使用公式。"),
        _("2. 身份证号、手机号列已设为文本格式，请勿改为数字格式，否则 Excel 会丢失身份证号的后几位。"),
        _("3. 所属区划填写区划名称或代码，须在您的管辖范围内；留空则为导入时选择的区划。"),
        _("4. 队伍填写本辖区在用的队伍名称；标签、技能可填多个，用顿号“、”分隔。"),
        _("5. 未满14周岁的志愿者须填写监护人姓名和监护人电话，表示已取得监护人书面同意。"),
        _("6. 已登记的志愿者（身份证号相同）会更新手机号、监护人、标签、技能和队伍，不会重复登记。"),
        _("7. 请保存为 .xlsx 格式上传；.xls、.csv 文件不能导入。只导入“志愿者”工作表。"),
    ]
    bold = workbook.add_format({"bold": True})
    for row, line in enumerate(lines):
        notes.write_string(row, 0, line, bold if row == 0 else None)
    workbook.close()
    return buffer.getvalue()


def import_template_response() -> HttpResponse:
    response = HttpResponse(import_template_bytes(), XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''volunteer-import-template.xlsx"
    response["Cache-Control"] = "no-store"
    return response


def import_report_response(*, batch: ImportBatch, outcome: str | None = None) -> HttpResponse:
    """The per-row report: ID numbers are stored masked only, so the report can never show them whole."""
    return xlsx_response(
        filename=_("导入报告-%(id)d") % {"id": batch.pk},
        sheet_title=_("导入报告"),
        headers=[_("行号"), _("姓名"), _("身份证号"), _("结果"), _("原因")],
        rows=import_report_rows(batch=batch, outcome=outcome),
    )
