"""English for the imports strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    # models
    "表格导入": "Spreadsheet import",
    "已上传": "Uploaded",
    "已预览": "Previewed",
    "导入中": "Importing",
    "失败": "Failed",
    "新增": "Imported",
    "更新": "Updated",
    "无变化": "Unchanged",
    "拒绝": "Rejected",
    "导入类型": "Import kind",
    "文件名": "File name",
    "上传的文件": "Uploaded file",
    "仅预览": "Preview only",
    "总行数": "Rows",
    "进度（%）": "Progress (%)",
    "文件说明": "Notes on the file",
    "失败原因": "Reason of failure",
    "完成时间": "Finished at",
    "导入批次": "Import batch",
    "导入行": "Import row",
    "导入到区划": "Region imported into",
    "导入人": "Imported by",
    "批次": "Batch",
    "行号": "Row",
    "结果": "Outcome",
    "表格导入志愿者": "Volunteers imported from a spreadsheet",
    # reading the file
    "文件不是 Excel 表格（.xlsx），请下载导入模板填写后上传。": (
        "The file is not an Excel workbook (.xlsx); please download the import template, fill it in and upload it."
    ),
    "文件是空的（0字节），请选择填好的 .xlsx 文件。": (
        "The file is empty (0 bytes); please choose the filled-in .xlsx file."
    ),
    "这是旧版 Excel（.xls）文件，不能直接导入：请在 Excel 中“另存为” .xlsx 格式后重新上传。": (
        "This is an old Excel file (.xls) and cannot be imported: in Excel, use “Save as” .xlsx and upload again."
    ),
    "CSV 文件不能导入（身份证号会被当成数字而丢失后几位）：请下载导入模板，填好后保存为 .xlsx 上传。": (
        "CSV files cannot be imported (ID numbers are read as numbers and lose their last digits): "
        "please download the import template, fill it in and save it as .xlsx."
    ),
    "文件超过%(megabytes)dMB，请分成几个文件导入。": (
        "The file is larger than %(megabytes)d MB; please split it into several files."
    ),
    "文件解压后过大，请分成几个文件导入。": "The file is too large once unpacked; please split it into several files.",
    "工作簿中没有工作表。": "The workbook has no worksheet.",
    "表头缺少必填列：%(columns)s。请使用导入模板，表头在第一行。": (
        "Required columns are missing from the header: %(columns)s. Please use the import template, "
        "with the header in the first row."
    ),
    "表中有合并单元格（%(ranges)s），涉及的行未导入。": (
        "The sheet has merged cells (%(ranges)s); the rows they cover were not imported."
    ),
    "只导入了工作表“%(sheet)s”；其他工作表（%(others)s）未导入。": (
        "Only the sheet “%(sheet)s” was imported; the other sheets (%(others)s) were not."
    ),
    "一次最多导入%(count)d行，请分成几个文件导入。": (
        "At most %(count)d rows can be imported at once; please split the file."
    ),
    "单元格 %(range)s 是合并单元格：请取消合并，每行填写完整后再上传。": (
        "Cells %(range)s are merged: please unmerge them, fill in every row and upload again."
    ),
    "单元格 %(cell)s 是公式：导入不计算公式，请复制后“选择性粘贴”为数值再上传。": (
        "Cell %(cell)s holds a formula: imports never calculate formulas; copy it, “paste special” as values "
        "and upload again."
    ),
    "单元格 %(cell)s 是错误值 %(value)s。": "Cell %(cell)s holds the error value %(value)s.",
    "身份证号被 Excel 存成了数字（只保留15位有效数字，后几位已丢失）：请将该列设为文本后重新填写。": (
        "Excel stored the ID number as a number (keeping only 15 significant digits, so the last ones are lost): "
        "format the column as text and enter the numbers again."
    ),
    # checking the rows
    "姓名不能为空。": "The name is required.",
    "姓名不能超过%(count)d个字符。": "The name cannot be longer than %(count)d characters.",
    "姓名含有不允许的字符（%(characters)s），只能填写汉字、字母和间隔号“·”。": (
        "The name contains characters that are not allowed (%(characters)s): only Chinese characters, "
        "letters and the separator “·”."
    ),
    "未知的标签：%(values)s。": "Unknown tags: %(values)s.",
    "未知的技能：%(values)s。": "Unknown skills: %(values)s.",
    "监护人姓名含有不允许的字符。": "The guardian's name contains characters that are not allowed.",
    "未满14周岁的志愿者须填写监护人姓名和监护人电话（表示监护人已书面同意）。": (
        "A volunteer under 14 needs the guardian's name and phone (meaning the guardian consented in writing)."
    ),
    "手机号已更新。": "Phone updated.",
    "监护人姓名已更新。": "Guardian's name updated.",
    "监护人电话已更新。": "Guardian's phone updated.",
    "已添加标签。": "Tags added.",
    "已添加技能。": "Skills added.",
    "身份证号不能为空。": "The ID number is required.",
    "手机号不能为空。": "The phone is required.",
    "已加入队伍“%(team)s”。": "Joined the team “%(team)s”.",
    "该身份证号已在其他地区注册为志愿者，不能在此导入或修改。": (
        "This ID number is already registered as a volunteer elsewhere; it cannot be imported or changed here."
    ),
    "所属区划“%(value)s”不存在或不在本次导入的范围内。": (
        "The region “%(value)s” does not exist or lies outside this import's region."
    ),
    "所属区划“%(value)s”有重名，请改填区划代码。": "More than one region is called “%(value)s”; please give its code.",
    "未找到队伍“%(value)s”（须为本次导入范围内在用的队伍）。": (
        "No team “%(value)s” was found (it must be an active team within this import's region)."
    ),
    "队伍“%(value)s”有重名，无法确定是哪一支。": "More than one team is called “%(value)s”; it is unclear which one.",
    "该身份证号已登记的志愿者姓名为“%(name)s”，与表中姓名不一致。": (
        "The volunteer registered with this ID number is called “%(name)s”, not as in the sheet."
    ),
    "与第%(row)d行的身份证号重复。": "The same ID number as row %(row)d.",
    "手机号：%(message)s": "Phone: %(message)s",
    "监护人电话：%(message)s": "Guardian's phone: %(message)s",
    # services
    "您只能导入到本人管辖的区划。": "You can only import into the regions you administer.",
    "该批次已确认过导入，请勿重复确认。": "This batch has already been confirmed.",
    "预览中没有可导入或更新的行，无需导入。": "The preview has no row to import or update; there is nothing to import.",
    "与同时进行的登记或导入冲突": "a conflict with a registration or import made at the same time",
    "系统内部错误": "an internal error",
    "导入失败，全部未写入：%(reason)s。可重新确认或重新上传。": (
        "The import failed and nothing was written: %(reason)s. You may confirm again or upload again."
    ),
    "导入“%(file)s”：新增%(imported)d人，更新%(updated)d人，拒绝%(rejected)d行": (
        "Imported “%(file)s”: %(imported)d new, %(updated)d updated, %(rejected)d rows rejected"
    ),
    "导入批次不存在。": "The import batch does not exist.",
    "只有中心、所、站管理员可以导入志愿者。": "Only center, institute and station admins may import volunteers.",
    # template and report
    "导入报告": "Import report",
    "导入报告-%(id)d": "import-report-%(id)d",
    "志愿者导入模板填写说明": "How to fill in the volunteer import template",
    "1. 必填列：姓名、身份证号、手机号。每行一名志愿者，请勿合并单元格，请勿使用公式。": (
        "1. Required columns: name, ID number, phone. One volunteer per row; no merged cells, no formulas."
    ),
    "2. 身份证号、手机号列已设为文本格式，请勿改为数字格式，否则 Excel 会丢失身份证号的后几位。": (
        "2. The ID number and phone columns are formatted as text; do not change them to numbers, "
        "or Excel loses the last digits of the ID numbers."
    ),
    "3. 所属区划填写区划名称或代码，须在您的管辖范围内；留空则为导入时选择的区划。": (
        "3. Region: the name or code of a region you administer; empty means the region chosen when importing."
    ),
    "4. 队伍填写本辖区在用的队伍名称；标签、技能可填多个，用顿号“、”分隔。": (
        "4. Team: the name of an active team of your region; several tags or skills are separated by “、”."
    ),
    "5. 未满14周岁的志愿者须填写监护人姓名和监护人电话，表示已取得监护人书面同意。": (
        "5. A volunteer under 14 needs the guardian's name and phone, meaning the guardian consented in writing."
    ),
    "6. 已登记的志愿者（身份证号相同）会更新手机号、监护人、标签、技能和队伍，不会重复登记。": (
        "6. A volunteer already registered (same ID number) gets the phone, guardian, tags, skills and team "
        "updated, and is never registered twice."
    ),
    "7. 请保存为 .xlsx 格式上传；.xls、.csv 文件不能导入。只导入“志愿者”工作表。": (
        "7. Save as .xlsx to upload; .xls and .csv files cannot be imported. Only the “志愿者” sheet is imported."
    ),
    # pages and form
    "志愿者表格（.xlsx）": "Volunteer workbook (.xlsx)",
    "请使用导入模板；上传后先预览，确认后才导入。": (
        "Please use the import template; an upload is previewed first and imported only once confirmed."
    ),
    "以下为预览结果，尚未写入": "a preview: nothing has been written yet",
    "确认导入": "Confirm the import",
    "只写入预览中“新增”和“更新”的行；被拒绝的行不会写入。": (
        "Only the rows previewed as imported or updated are written; rejected rows never are."
    ),
    "导入已完成。": "The import is complete.",
    "下载报告（.xlsx）": "Download the report (.xlsx)",
    "没有符合条件的行。": "No rows match.",
    "只显示前 %(rows_shown)s 行，完整结果请下载报告。": (
        "Only the first %(rows_shown)s rows are shown; download the report for all of them."
    ),
    "导入进度": "Import progress",
    "导入志愿者": "Import volunteers",
    "先下载导入模板，按模板填写后上传。上传后先预览每一行的结果，确认后才写入；同一文件重复导入不会重复登记。": (
        "Download the import template, fill it in and upload it. Each row's outcome is previewed first and "
        "written only once you confirm; importing the same file again never registers anyone twice."
    ),
    "下载导入模板（.xlsx）": "Download the import template (.xlsx)",
    "上传并预览": "Upload and preview",
    "最近的导入": "Recent imports",
    "导出全部导入批次（.xlsx）": "Export every import batch (.xlsx)",
    "暂无导入记录。": "No imports yet.",
    "预览": "Preview",
    # command
    (
        "%(mode)s批次 %(id)d（%(status)s）：共%(total)d行，新增%(imported)d，更新%(updated)d，"
        "无变化%(unchanged)d，拒绝%(rejected)d。"
    ): (
        "%(mode)s batch %(id)d (%(status)s): %(total)d rows, %(imported)d imported, %(updated)d updated, "
        "%(unchanged)d unchanged, %(rejected)d rejected."
    ),
    "文件不存在：%(path)s": "No such file: %(path)s",
    "区划不存在：%(code)s": "No such region: %(code)s",
    "第%(row)d行 %(name)s %(id)s：%(reasons)s": "Row %(row)d %(name)s %(id)s: %(reasons)s",
    "用户不存在或已停用：%(user)s": "No such active user: %(user)s",
    "文件未导入：%(reason)s": "The file was not imported: %(reason)s",
    "导入失败，全部未写入：%(error)s": "The import failed and nothing was written: %(error)s",
}
