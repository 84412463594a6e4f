"""English for the brand, project and award strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    "项目与荣誉": "Projects and awards",
    # models and audit
    "项目": "Project",
    "单位": "Unit",
    "项目受益人次填报": "Project beneficiary report",
    "统计起始日期": "Period from",
    "统计截止日期": "Period until",
    "受益人次": "Beneficiaries (person-times)",
    "填报人": "Reported by",
    "更正荣誉记录": "Award record corrected",
    "删除荣誉记录": "Delete the award record",
    # services and selectors
    "%(label)s不能超过%(count)d个字。": "%(label)s may not exceed %(count)d characters.",
    "本区划已有同名品牌。": "This region already has a brand of that name.",
    "本区划已有同名项目。": "This region already has a project of that name.",
    "您无权在该区划创建志愿服务品牌。": "You may not create volunteer service brands in this region.",
    "您无权修改该志愿服务品牌。": "You may not change this volunteer service brand.",
    "您无权在该区划创建志愿服务项目。": "You may not create volunteer service projects in this region.",
    "您无权修改该志愿服务项目。": "You may not change this volunteer service project.",
    "所选品牌不属于项目所在区划或其上级区划。": (
        "The chosen brand belongs neither to the project's region nor to a region above it."
    ),
    "牵头队伍须在项目所在区划内。": "The lead team must be within the project's region.",
    "所选本地服务类别不适用于项目所在区划。": (
        "The chosen local service category does not apply to the project's region."
    ),
    "启动日期不能晚于今天。": "The start date cannot be later than today.",
    "该项目已停用。": "This project is already inactive.",
    "截止日期不能晚于今天。": "The end date cannot be later than today.",
    "受益人次须为1至%(max)d之间的整数。": "Beneficiaries must be a whole number between 1 and %(max)d.",
    "该时段与已填报的时段重叠，请勿重复填报。": "This period overlaps a period already reported; do not report twice.",
    "请选择荣誉级别：县级、市级、省级或国家级。": "Choose the award level: county, city, province or national.",
    "请选择荣誉类别。": "Choose the award category.",
    "年度须在%(first)d年至%(last)d年之间。": "The year must be between %(first)d and %(last)d.",
    "请选择获奖对象的类型：项目、队伍、志愿者、阵地或单位。": (
        "Choose the kind of awardee: project, team, volunteer, site or unit."
    ),
    "请选择获奖对象。": "Choose the awardee.",
    "您无权为该获奖对象登记荣誉：它不在您的管辖范围内。": (
        "You may not record awards for this awardee: it is outside your scope."
    ),
    "您无权更正该荣誉记录。": "You may not correct this award record.",
    "请填写更正原因。": "Please give the reason for the correction.",
    "没有需要更正的内容。": "There is nothing to correct.",
    "更正荣誉：原为 %(before)s；原因：%(reason)s": "Award corrected: was %(before)s; reason: %(reason)s",
    "只有中心管理员可以删除荣誉记录；如有错误请更正。": (
        "Only county center admins may delete award records; correct a mistake instead."
    ),
    "请填写删除原因。": "Please give the reason for the deletion.",
    "删除荣誉：%(award)s；原因：%(reason)s": "Award deleted: %(award)s; reason: %(reason)s",
    "项目不存在。": "The project does not exist.",
    "品牌不存在。": "The brand does not exist.",
    "荣誉不存在。": "The award does not exist.",
    "获奖对象不存在，或不在您的管辖范围内。": "The awardee does not exist or is outside your scope.",
    "区划不存在，或不在您可以创建项目的范围内。": (
        "The region does not exist or is outside the scope in which you may create projects."
    ),
    "牵头队伍不存在，或不在您的管辖范围内。": "The lead team does not exist or is outside your scope.",
    "服务类别不存在。": "The service category does not exist.",
    # exports and forms
    "志愿服务项目-%(date)s": "Volunteer service projects-%(date)s",
    "荣誉-%(date)s": "Awards-%(date)s",
    "活动数": "Activities",
    "参与志愿者": "Volunteers",
    "荣誉数": "Awards",
    "获奖对象类型": "Kind of awardee",
    "阵地编号": "Site number",
    "获奖对象编号": "Awardee number",
    "项目、队伍、志愿者、阵地或单位在系统中的编号": (
        "The number of the project, team, volunteer, site or unit in the system"
    ),
    "更正原因": "Reason for the correction",
    "删除原因": "Reason for the deletion",
    # pages
    "只有中心或所管理员可以创建志愿服务品牌。": "Only county or township admins may create volunteer service brands.",
    "只有中心或所管理员可以创建志愿服务项目。": "Only county or township admins may create volunteer service projects.",
    "只有中心或所管理员可以登记荣誉。": "Only county or township admins may record awards.",
    "您无权为该项目填报受益人次。": "You may not report beneficiaries for this project.",
    "您无权更正或删除该荣誉记录。": "You may not correct or delete this award record.",
    "已保存品牌 %(name)s。": "Brand %(name)s saved.",
    "已保存项目 %(name)s。": "Project %(name)s saved.",
    "已保存荣誉 %(title)s。": "Award %(title)s saved.",
    "已删除荣誉 %(title)s。": "Award %(title)s deleted.",
    "已填报受益人次。": "Beneficiaries reported.",
    "项目 %(name)s 已停用。": "Project %(name)s deactivated.",
    "新建品牌": "New brand",
    "新建项目": "New project",
    "登记荣誉": "Record an award",
    "编辑品牌": "Edit brand",
    "编辑项目": "Edit project",
    "停用项目": "Deactivate project",
    "品牌项目": "Brand projects",
    "项目数": "Projects",
    "项目活动": "Project activities",
    "受益人次填报": "Beneficiary reports",
    "统计时段": "Period",
    "填报": "Report",
    "更正": "Correct",
    "删除": "Delete",
    "各项目已审核时长图表": "Chart of approved hours per project",
    "暂无受益人次填报。": "No beneficiary reports yet.",
    "暂无志愿服务品牌。": "No volunteer service brands yet.",
    "暂无志愿服务项目。": "No volunteer service projects yet.",
    "暂无荣誉。": "No awards yet.",
    "暂无项目活动。": "No project activities yet.",
    "该品牌暂无项目。": "This brand has no projects yet.",
    "活动数不含草稿和已取消的活动；志愿者和时长只计已审核且未冲销的时长；受益人次为工作人员按时段填报之和。": (
        "Activities exclude drafts and cancelled ones; volunteers and hours count approved, unreversed hours "
        "only; beneficiaries are the sum of what staff reported per period."
    ),
    "荣誉是档案记录：有误请更正；只有登记错误的记录才删除，仅限中心管理员，并记入审计日志。": (
        "Awards are records: correct a mistake; delete only a record entered in error (county center admins "
        "only, written to the audit log)."
    ),
}
