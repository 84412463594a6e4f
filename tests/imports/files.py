"""Workbooks for the import tests, written with openpyxl: the mixed file with every bad input the issue
lists (one row per case, each row's exact outcome in MIXED_EXPECTED) and the files refused as a whole."""

import io
import random
from collections.abc import Sequence
from typing import Any

import openpyxl

from tests.factories import id_number_for

HEADERS = ["姓名", "身份证号", "手机号", "所属区划", "队伍", "标签", "技能", "监护人姓名", "监护人电话"]

GOOD_ID = id_number_for("19850612", 101)
LOWER_X_ID = "11010519491231002X"  # valid, written with a lower-case x
FULL_WIDTH_ID = id_number_for("19900305", 102)
CHILD_ID = id_number_for("20150601", 103)
SPACED_PHONE_ID = id_number_for("19700101", 104)
SPACED_NAME_ID = id_number_for("19951111", 105)
TEAM_ID = id_number_for("19881010", 106)
OWN_REGISTERED_ID = id_number_for("19800101", 1)  # tests/factories: 张东兴 of the own village
SIBLING_REGISTERED_ID = id_number_for("19800101", 2)  # 李西林 of the sibling village
BAD_CHECK_DIGIT_ID = "110105198001011234"
NUMERIC_ID = 110105194912310016  # what Excel keeps of an ID typed into a number cell
IMPOSSIBLE_DATE_ID = "230781198002300013"  # 30 February
FUTURE_DATE_ID = id_number_for("20990101", 107)


def to_full_width(text: str) -> str:
    return "".join(chr(ord(character) + 0xFEE0) if "!" <= character <= "~" else character for character in text)


def workbook_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[str] = HEADERS,
    sheet_title: str = "志愿者",
    extra_sheets: Sequence[str] = (),
    merged: Sequence[str] = (),
) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for reference in merged:
        sheet.merge_cells(reference)
    for title in extra_sheets:
        workbook.create_sheet(title).append(["备注", "这一页不应被导入"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Row 2 onwards of the mixed file, in sheet order; the region column is empty (the batch's region)
# unless a row tests it. Imported into the own village (东兴村) by its station admin.
MIXED_ROWS: list[list[Any]] = [
    ["张三", GOOD_ID, "13812340001"],  # 2 imported
    ["李四", BAD_CHECK_DIGIT_ID, "13812340002"],  # 3 bad check digit
    ["王五", NUMERIC_ID, "13812340003"],  # 4 turned into a number by Excel
    ["赵六", LOWER_X_ID.lower(), "13812340004"],  # 5 lower-case x
    [
        "钱七",
        to_full_width(FULL_WIDTH_ID[:6]) + "\u3000" + to_full_width(FULL_WIDTH_ID[6:]),
        "１３８１２３４０００５",
    ],  # 6 full width
    ["张三", GOOD_ID, "13812340001"],  # 7 duplicate of row 2
    ["张东兴", OWN_REGISTERED_ID, "13900001111"],  # 8 already registered here: new phone
    ["李西林", SIBLING_REGISTERED_ID, "13812340002"],  # 9 already registered elsewhere
    ["孙八", IMPOSSIBLE_DATE_ID, "13812340008"],  # 10 impossible birth date
    ["周九", SPACED_PHONE_ID, "+86 138 1234 0009"],  # 11 phone with +86 and spaces
    [None, id_number_for("19750505", 108), None],  # 12 empty required cells
    ["吴十", id_number_for("19760606", 109), "13812340013"],  # 13 merged A13:A14
    [None, id_number_for("19770707", 110), "13812340014"],  # 14 merged A13:A14
    ["郑十一", id_number_for("19780808", 111), "=13812340000+15"],  # 15 formula cell
    ["<script>alert(1)</script>", id_number_for("19790909", 112), "13812340016"],  # 16 script name
    ["冯十二", FUTURE_DATE_ID, "13812340017"],  # 17 birth date in the future
    ["陈小小", CHILD_ID, "13812340018", "", "", "", "", "陈大大", "13812340019"],  # 18 child with guardian
    ["褚小", id_number_for("20160101", 113), "13812340020"],  # 19 child without guardian
    ["卫 十三", SPACED_NAME_ID, "138 1234 0021"],  # 20 stray spaces in the name
    ["蒋十四", TEAM_ID, "13812340022", "", "东兴村理论宣讲队"],  # 21 placed in the team
    ["沈十五", id_number_for("19890101", 114), "13812340023", "西林村"],  # 22 a region outside the scope
]
MIXED_MERGED = ["A13:A14"]
MIXED_EXTRA_SHEET = "Sheet2"

EXCEL_NUMBER = "身份证号被 Excel 存成了数字（只保留15位有效数字，后几位已丢失）：请将该列设为文本后重新填写。"
MERGED = "单元格 A13:A14 是合并单元格：请取消合并，每行填写完整后再上传。"

# row number → (outcome, reasons)
MIXED_EXPECTED: dict[int, tuple[str, list[str]]] = {
    2: ("imported", []),
    3: ("rejected", ["身份证号码校验位错误。"]),
    4: ("rejected", [EXCEL_NUMBER]),
    5: ("imported", []),
    6: ("imported", []),
    7: ("rejected", ["与第2行的身份证号重复。"]),
    8: ("updated", ["手机号已更新。"]),
    9: ("rejected", ["该身份证号已在其他地区注册为志愿者，不能在此导入或修改。"]),
    10: ("rejected", ["身份证号码中的出生日期不存在。"]),
    11: ("imported", []),
    12: ("rejected", ["姓名不能为空。", "手机号不能为空。"]),
    13: ("rejected", [MERGED]),
    14: ("rejected", [MERGED]),
    15: ("rejected", ["单元格 C15 是公式：导入不计算公式，请复制后“选择性粘贴”为数值再上传。"]),
    16: ("rejected", ["姓名含有不允许的字符（()/1<>），只能填写汉字、字母和间隔号“·”。"]),
    17: ("rejected", ["身份证号码中的出生日期不合理。"]),
    18: ("imported", []),
    19: ("rejected", ["未满14周岁的志愿者须填写监护人姓名和监护人电话（表示监护人已书面同意）。"]),
    20: ("imported", []),
    21: ("imported", []),
    22: ("rejected", ["所属区划“西林村”不存在或不在本次导入的范围内。"]),
}


def mixed_workbook() -> bytes:
    return workbook_bytes(MIXED_ROWS, merged=MIXED_MERGED, extra_sheets=[MIXED_EXTRA_SHEET])


SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
GIVEN = "一二三四五六七八九十明华强军伟芳娜敏静丽"


def person_name(index: int) -> str:
    return SURNAMES[index % 20] + GIVEN[index // 20 % 20] + GIVEN[index // 400 % 20]


def good_workbook(count: int = 3, *, first_sequence: int = 500) -> bytes:
    """`count` valid rows with distinct ID numbers (at most 1,000)."""
    rows = [
        [person_name(index), id_number_for("19900101", (first_sequence + index) % 1000), f"1391234{index:04d}"]
        for index in range(count)
    ]
    return workbook_bytes(rows)


def extra_sheet_workbook() -> bytes:
    return workbook_bytes([["张三", GOOD_ID, "13812340001"]], extra_sheets=["Sheet2", "统计"])


def merged_workbook() -> bytes:
    rows: list[list[Any]] = [["张三", GOOD_ID, "13812340001"], [None, LOWER_X_ID, "13812340004"]]
    return workbook_bytes(rows, merged=["A2:A3"])


def missing_headers_workbook() -> bytes:
    return workbook_bytes([["张三", "13812340001"]], headers=["姓名", "电话号码"])


def xls_bytes() -> bytes:
    """The start of an old binary Excel file (OLE compound document)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook"


def csv_bytes() -> bytes:
    return f"姓名,身份证号,手机号\n张三,{GOOD_ID},13812340001\n".encode()


def random_bytes() -> bytes:
    return random.Random(5).randbytes(4096).replace(b"PK", b"pk")


def docx_like_bytes() -> bytes:
    """A zip archive that is not a workbook (as a .docx would be)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()
