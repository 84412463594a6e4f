"""Files refused as a whole: each with its own message naming the file, and nothing written."""

import pytest
from django.core.exceptions import ValidationError

from tests.imports.conftest import upload
from tests.imports.files import (
    GOOD_ID,
    LOWER_X_ID,
    csv_bytes,
    docx_like_bytes,
    extra_sheet_workbook,
    merged_workbook,
    missing_headers_workbook,
    random_bytes,
    xls_bytes,
)
from wenming.imports.models import ImportBatch, ImportRow
from wenming.volunteers.models import Volunteer

NOT_XLSX = "文件不是 Excel 表格（.xlsx），请下载导入模板填写后上传。"
REFUSALS = [
    ("empty.xlsx", b"", "文件是空的（0字节），请选择填好的 .xlsx 文件。"),
    ("old.xls", xls_bytes(), "这是旧版 Excel（.xls）文件，不能直接导入：请在 Excel 中“另存为” .xlsx 格式后重新上传。"),
    (
        "list.csv",
        csv_bytes(),
        "CSV 文件不能导入（身份证号会被当成数字而丢失后几位）：请下载导入模板，填好后保存为 .xlsx 上传。",
    ),
    ("photo.xlsx", random_bytes(), NOT_XLSX),
    ("letter.xlsx", docx_like_bytes(), NOT_XLSX),
    ("headers.xlsx", missing_headers_workbook(), "表头缺少必填列：身份证号、手机号。请使用导入模板，表头在第一行。"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refused_file_is_answered_on_the_file_field_and_leaves_nothing(county, name, content, message):
    volunteers = Volunteer.objects.count()
    with pytest.raises(ValidationError) as refusal:
        upload(county, content, name=name)
    assert refusal.value.message_dict == {"file": [message]}
    assert (ImportBatch.objects.count(), ImportRow.objects.count(), Volunteer.objects.count()) == (0, 0, volunteers)


def test_a_csv_renamed_to_xlsx_is_still_recognised_as_text(county):
    with pytest.raises(ValidationError) as refusal:
        upload(county, csv_bytes(), name="list.xlsx")
    assert refusal.value.message_dict["file"][0].startswith("CSV 文件不能导入")


def test_extra_sheets_are_ignored_with_a_note(county):
    batch = upload(county, extra_sheet_workbook())
    assert batch.notes == ["只导入了工作表“志愿者”；其他工作表（Sheet2、统计）未导入。"]
    assert list(ImportRow.objects.filter(batch=batch).values_list("row_number", "outcome")) == [(2, "imported")]


def test_merged_cells_reject_every_row_they_cover_with_the_range(county):
    batch = upload(county, merged_workbook())
    message = "单元格 A2:A3 是合并单元格：请取消合并，每行填写完整后再上传。"
    rows = list(ImportRow.objects.filter(batch=batch).values_list("row_number", "outcome", "reasons"))
    assert rows == [(2, "rejected", [message]), (3, "rejected", [message])]
    assert batch.notes == ["表中有合并单元格（A2:A3），涉及的行未导入。"]
    assert GOOD_ID != LOWER_X_ID
