"""Excel (.xlsx) exports of lists: one streaming writer every list page and API shares.

Cells are written by type, never as formulas: a name such as `=HYPERLINK(...)` or `+86...` stays
text, so an exported sheet cannot run anything when opened (CSV/formula injection).
"""

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(*, sheet_title: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A workbook of one sheet: a bold header row, then one row per item; text stays text."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet(sheet_title[:31])
    bold = workbook.add_format({"bold": True})
    for column, header in enumerate(headers):
        sheet.write_string(0, column, str(header), bold)
        sheet.set_column(column, column, max(10, min(40, len(str(header)) * 2 + 2)))
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _cell_write(sheet, row_number, column, value)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _cell_write(sheet: Any, row: int, column: int, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_string(row, column, "是" if value else "否")
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, float(value))
    elif isinstance(value, dt.datetime):
        sheet.write_string(row, column, timezone.localtime(value).strftime("%Y-%m-%d %H:%M"))
    elif isinstance(value, dt.date):
        sheet.write_string(row, column, value.isoformat())
    else:
        sheet.write_string(row, column, str(value))


def xlsx_response(
    *, filename: str, sheet_title: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """An attachment download; `filename` may be Chinese (RFC 5987 encoding), without extension."""
    response = HttpResponse(xlsx_bytes(sheet_title=sheet_title, headers=headers, rows=rows), XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    response["Cache-Control"] = "no-store"
    return response
