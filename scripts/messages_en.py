"""Fill the English message catalogue from the table below; list what is still untranslated.

Run by `make messages` after `makemessages`: existing translations in the .po file are kept, an
empty msgstr is filled from ENGLISH when the table has its msgid, and the rest are printed so that
whoever added them can add a line here. Exit status 0 either way; untranslated strings fall back
to Chinese at run time.
"""

import importlib.util
import re
import sys
from pathlib import Path

ENGLISH: dict[str, str] = {
    # accounts
    "站管理员必须指定所管理的阵地。": "A station administrator must be given the site they manage.",
    "队长必须指定队伍。": "A team leader must be given a team.",
    "联系单位账号必须指定单位。": "A contact-unit account must be given its unit.",
    "指定阵地、队伍或单位时，自动取其所属区划。": "When a site, team or unit is given, its region is used.",
    "请指定角色的区划范围。": "Please give the region the role covers.",
    "请至少为该用户分配一个有效角色。": "Please give this user at least one active role.",
    "个人信息": "Personal information",
    "状态": "Status",
    "系统权限": "System permissions",
    "角色": "Role",
    "用户与角色": "Users and roles",
    "姓名": "Name",
    "手机号": "Mobile number",
    "用户": "User",
    "所属区划": "Region",
    "阵地": "Site",
    "队伍": "Team",
    "联系单位": "Contact unit",
    "有效": "Active",
    "授权人": "Granted by",
    "角色分配": "Role assignment",
    "中心管理员": "County center administrator",
    "所管理员": "Township institute administrator",
    "站管理员": "Village station administrator",
    "队长": "Team leader",
    "志愿者": "Volunteer",
    "群众": "Resident",
    "挂点联系单位": "Paired contact unit",
    "市/省级查看": "City/province viewer",
    "登录": "Log in",
    "登录失败次数过多，账号已被暂时锁定。请30分钟后再试，或联系管理员解锁。": (
        "Too many failed logins: the account is locked for now. "
        "Please try again in 30 minutes, or ask an administrator to unlock it."
    ),
    "用户名": "Username",
    "密码": "Password",
    "主导航": "Main navigation",
    "管理后台": "Administration",
    "接口文档": "API documentation",
    "退出": "Log out",
    # activities
    "组织": "Organizer",
    "时间地点": "Time and place",
    "招募": "Recruitment",
    "风险与条件": "Risks and conditions",
    "名额": "Places",
    "报名与签到": "Sign-ups and check-ins",
    "报名": "Sign-up",
    "签到": "Check-in",
    "志愿服务活动": "Volunteer service activity",
    "进乡村": "Into villages",
    "进校园": "Into schools",
    "进社区": "Into communities",
    "进机关": "Into government offices",
    "进企业": "Into enterprises",
    "进庭院": "Into households",
    "草稿": "Draft",
    "报名中": "Open for sign-up",
    "报名截止": "Sign-up closed",
    "已结束": "Finished",
    "已取消": "Cancelled",
    "活动名称": "Activity title",
    "服务内容": "Service content",
    "所属项目": "Project",
    "组织阵地": "Organizing site",
    "组织队伍": "Organizing team",
    "结对共建": "Pairing",
    "服务类别": "Service category",
    "六进类型": '"Six into" venue type',
    "地点": "Place",
    "开始时间": "Starts at",
    "结束时间": "Ends at",
    "招募名额": "Places offered",
    "已确认人数": "Confirmed volunteers",
    "报名方式": "How to sign up",
    "风险提示": "Risk statement",
    "保障措施": "Safeguards",
    "需意外保险": "Accident insurance required",
    "保险说明": "Insurance details",
    "最低年龄": "Minimum age",
    "最高年龄": "Maximum age",
    "所需技能": "Skills required",
    "须参加的培训": "Training required",
    "发布时间": "Published at",
    "创建人": "Created by",
    "已确认": "Confirmed",
    "候补": "Waitlisted",
    "未通过": "Rejected",
    "活动": "Activity",
    "取消时间": "Cancelled at",
    "说明": "Note",
    "扫码签到": "QR code check-in",
    "手工签到": "Manual check-in",
    "导入": "Import",
    "签到时间": "Checked in at",
    "签退时间": "Checked out at",
    "签到方式": "Check-in method",
    "缺席": "Absent",
    "待复核": "Awaiting review",
    "幂等键": "Idempotency key",
    "签到记录": "Attendance records",
    # core and API errors
    "请求参数无效。": "The request parameters are invalid.",
    "记录不存在。": "The record does not exist.",
    "请先登录。": "Please log in first.",
    "没有权限执行此操作。": "You do not have permission to do this.",
    "请求校验失败，请刷新页面后重试。": "The request could not be verified; please reload the page and try again.",
    "基础": "Core",
    "纬度（WGS-84）": "Latitude (WGS-84)",
    "经度（WGS-84）": "Longitude (WGS-84)",
    "纬度和经度须同时填写。": "Latitude and longitude must be given together.",
    "纬度须在 -90 到 90 之间。": "Latitude must be between -90 and 90.",
    "经度须在 -180 到 180 之间。": "Longitude must be between -180 and 180.",
    "身份证号码应为18位：17位数字加1位数字或X。": (
        "The ID number must have 18 characters: 17 digits, then a digit or X."
    ),
    "身份证号码中的出生日期不存在。": "The birth date in the ID number does not exist.",
    "身份证号码中的出生日期不合理。": "The birth date in the ID number is not plausible.",
    "身份证号码校验位错误。": "The check digit of the ID number is wrong.",
    "身份证号码的地区码未知（可能是旧编码），请核对。": (
        "The region code of the ID number is unknown (perhaps an old code); please check it."
    ),
    "电话号码格式不正确。": "The phone number is badly formed.",
    "电话号码无效。": "The phone number is not valid.",
    "创建时间": "Created at",
    "更新时间": "Updated at",
    "演示数据": "Demo data",
    "来源记录": "Source record",
    # ledger
    "志愿服务时长": "Volunteer service hours",
    "志愿服务时长台账只能追加，不能修改或删除；更正请登记冲销记录。": (
        "The service-hours ledger is append-only: entries cannot be changed or deleted; "
        "record a reversing entry to correct one."
    ),
    "主题活动": "Themed activity",
    "培训": "Training",
    "点单服务": "Service order",
    "站点值守": "Duty at a site",
    "历史记录导入": "Import of historical records",
    "记入": "Credit",
    "冲销": "Reversal",
    "待审核": "Pending",
    "已审核": "Approved",
    "类型": "Kind",
    "来源": "Source",
    "服务订单": "Service order",
    "服务阵地": "Service site",
    "服务日期": "Service date",
    "时长（小时）": "Hours",
    "服务地点": "Service place",
    "服务对象": "Recipient",
    "服务评价": "Evaluation",
    "负责人": "Person in charge",
    "记录人": "Recorder",
    "审核人": "Approver",
    "冲销的记录": "Reversed entry",
    "审核的待审记录": "Decided pending entry",
    "原因": "Reason",
    "记录时间": "Recorded at",
    "时长记录": "Hours entry",
    "时长台账": "Hours ledger",
    # orders
    "需求": "Request",
    "办理": "Handling",
    "联系电话": "Contact phone",
    "点单派单": "Service orders",
    "网页/H5": "Web/H5",
    "城市App（接口）": "City app (API)",
    "电话（工作人员录入）": "Phone (entered by staff)",
    "现场（工作人员录入）": "Walk-in (entered by staff)",
    "已点单": "Submitted",
    "审核中": "Under review",
    "已驳回": "Rejected",
    "已派单": "Dispatched",
    "已接单": "Accepted",
    "已拒单": "Declined",
    "服务中": "In service",
    "已完成": "Completed",
    "已评价": "Rated",
    "已办结": "Closed",
    "已过期": "Expired",
    "站": "Station",
    "所": "Institute",
    "中心": "Center",
    "订单编号": "Order number",
    "点单人账号": "Requester account",
    "点单人": "Requester",
    "渠道": "Channel",
    "需求描述": "Description of the request",
    "服务地址": "Service address",
    "期望时间": "Desired time",
    "当前层级": "Current tier",
    "承办阵地": "Handling site",
    "承接队伍": "Assigned team",
    "点单时间": "Submitted at",
    "本环节期限": "Deadline of this stage",
    "服务情况": "Service report",
    "评分": "Rating",
    "评价": "Comment",
    "点单": "Service order",
    "订单事件只能追加。": "Order events are append-only.",
    "订单": "Order",
    "原状态": "From status",
    "新状态": "To status",
    "层级": "Level",
    "操作人": "Actor",
    "时间": "Time",
    "相关队伍": "Team concerned",
    "订单事件": "Order event",
    # organizations
    "结对方式": "Pairing modes",
    "联系单位与结对": "Contact units and pairings",
    "党政机关": "Party or government office",
    "事业单位": "Public institution",
    "国有企业": "State-owned enterprise",
    "民营企业": "Private enterprise",
    "学校": "School",
    "医院": "Hospital",
    "社会组织": "Social organization",
    "其他": "Other",
    "单位名称": "Unit name",
    "单位类型": "Unit type",
    "联系人": "Contact person",
    "地址": "Address",
    "在用": "In use",
    "结对阵地": "Paired site",
    "阵地联建": "Joint site building",
    "队伍共用": "Shared teams",
    "技术指导": "Technical guidance",
    "资源共享": "Shared resources",
    "开始日期": "Start date",
    "结束日期": "End date",
    "备注": "Notes",
    "工作方案": "Work plan",
    "联席会议制度": "Joint meeting rules",
    "挂点联系制度": "Contact-unit pairing rules",
    "其他制度文件": "Other policy document",
    "发文区划": "Issuing region",
    "标题": "Title",
    "类别": "Category",
    "文号": "Document number",
    "发文单位": "Issued by",
    "印发日期": "Issued on",
    "摘要": "Summary",
    "制度文件": "Policy document",
    # projects
    "获奖者": "Awardee",
    "品牌、项目与荣誉": "Brands, projects and awards",
    "品牌名称": "Brand name",
    "口号": "Slogan",
    "志愿服务品牌": "Volunteer service brand",
    "所属品牌": "Brand",
    "项目名称": "Project name",
    "牵头队伍": "Lead team",
    "简介": "Description",
    "启动日期": "Launched on",
    "志愿服务项目": "Volunteer service project",
    "县级": "County level",
    "市级": "City level",
    "省级": "Province level",
    "国家级": "National level",
    "优秀志愿服务项目": "Excellent volunteer service project",
    "项目大赛获奖": "Project contest prize",
    "优秀组织奖": "Organization prize",
    "优秀志愿服务贡献单位（个人）": "Outstanding contribution to volunteer service (unit or person)",
    "优秀志愿者": "Excellent volunteer",
    "优秀志愿服务社区": "Excellent volunteer service community",
    "级别": "Level",
    "年度": "Year",
    "荣誉名称": "Award title",
    "授予单位": "Awarded by",
    "获奖项目": "Awarded project",
    "获奖队伍": "Awarded team",
    "获奖志愿者": "Awarded volunteer",
    "获奖阵地": "Awarded site",
    "获奖单位": "Awarded unit",
    "荣誉": "Award",
    # regions
    "名称": "Name",
    "上级区划": "Parent region",
    "行政区划": "Region",
    "省": "Province",
    "市": "City",
    "县（市、区）": "County (county-level city, district)",
    "乡镇（街道）": "Township (town, subdistrict)",
    "村（社区）": "Village (community)",
    "区划代码": "Division code",
    "路径": "Path",
    "常住人口": "Resident population",
    "是社区": "Is a community",
    "村级区划中：社区为是，行政村为否": (
        "For village-level regions: yes for a community, no for an administrative village"
    ),
    "该层级的区划代码应为%(n)d位数字。": "The division code of this level must have %(n)d digits.",
    "上级区划的层级必须高于本级。": "The parent region must be of a higher level.",
    "区划代码必须以上级区划代码开头。": "The division code must start with the parent region's code.",
    "行政区划不存在。": "The region does not exist.",
    # reports and pages
    "统计报表": "Reports",
    "%(name)s（%(code)s）主要数据": "Key figures of %(name)s (%(code)s)",
    "指标": "Figure",
    "数值": "Value",
    "主要数据图表": "Chart of the key figures",
    "图表为对数刻度，数值见上表。": "The chart uses a logarithmic scale; the values are in the table above.",
    "首页": "Home",
    "文明实践志愿服务平台": "Civilization practice volunteer service platform",
    "%(name)s文明实践数据": "Civilization practice figures of %(name)s",
    "以下数字均由原始记录实时统计：服务时长只计已审核的台账记录。": (
        "Every figure below is counted live from the raw records: service hours count approved ledger entries only."
    ),
    "刷新数据": "Refresh",
    "欢迎，%(name)s": "Welcome, %(name)s",
    (
        "你的账号暂时没有可查看的统计范围。"
        "如需查看本地区的文明实践数据，请联系所在文明实践站（所、中心）的管理员为你分配角色。"
    ): (
        "Your account has no statistics to show yet. To see the civilization practice figures of your area, "
        "ask the administrator of your practice station (institute, center) to give you a role."
    ),
    # sites
    "地址与开放": "Address and opening",
    "新时代文明实践中心": "New Era Civilization Practice Center",
    "新时代文明实践所": "New Era Civilization Practice Institute",
    "新时代文明实践站": "New Era Civilization Practice Station",
    "志愿服务站点": "Volunteer service post",
    "志愿者广场": "Volunteer square",
    "文明实践点": "Civilization practice point",
    "党校/党群服务中心": "Party school / Party-masses service center",
    "乡镇政府/街道办": "Township government / subdistrict office",
    "村委会": "Village committee",
    "社区服务中心": "Community service center",
    "图书馆": "Library",
    "博物馆": "Museum",
    "政务服务中心": "Government service center",
    "美术馆": "Art gallery",
    "书苑/书店": "Book court / bookshop",
    "禁毒教育基地": "Anti-drug education base",
    "全民健身中心": "Public fitness center",
    "公共广场": "Public square",
    "车站/交通枢纽": "Station / transport hub",
    "企业": "Enterprise",
    "功能性": "Functional",
    "综合性": "Comprehensive",
    "上级阵地": "Parent site",
    "依托单位类型": "Host institution type",
    "广场类型": "Square type",
    "开放时间": "Opening hours",
    "适用区划": "Applies to region",
    "编码": "Code",
    "分值": "Points",
    "顺序": "Order",
    "启用": "Enabled",
    "阵地标准条目": "Site standard item",
    "条目": "Item",
    "已达标": "Met",
    "核查日期": "Checked on",
    "阵地标准核查": "Site standard check",
    "行政村": "Administrative village",
    "社区": "Community",
    "自然屯": "Natural hamlet",
    "人口": "Population",
    "居民点": "Residential point",
    "阵地不存在。": "The site does not exist.",
    # teams
    "在队人数": "Members",
    "志愿服务队": "Volunteer team",
    "“8”类常设": "One of the 8 standing categories",
    "本地类别所属区划": "Region of the local category",
    "队伍名称": "Team name",
    "所属阵地": "Home site",
    "成立日期": "Founded on",
    "队员": "Member",
    "副队长": "Deputy team leader",
    "队内角色": "Role in the team",
    "加入日期": "Joined on",
    "退出日期": "Left on",
    "队伍不存在。": "The team does not exist.",
    # trainings
    "出席人次": "Participations",
    "培训名称": "Training title",
    "主题": "Topic",
    "主办阵地": "Host site",
    "计入时长（小时）": "Hours credited",
    "结业获得技能": "Skill gained on completion",
    "已出席": "Present",
    "已结业": "Completed",
    "培训出勤": "Training attendance",
    # volunteers
    "未满14周岁：监护人": "Under 14: guardian",
    "服务": "Service",
    "监护人": "Guardian",
    "该身份证号码已注册为志愿者。": "This ID number is already registered as a volunteer.",
    "身份证号": "ID number",
    "18位居民身份证号码，加密保存，页面只显示脱敏号码。": (
        "The 18-character resident ID number; stored encrypted, only the masked number is shown."
    ),
    "监护人电话": "Guardian's phone",
    "监护人同意": "Guardian's consent",
    "未满14周岁的志愿者须由监护人填写姓名并同意。": (
        "A volunteer under 14 needs a guardian who gives their name and consents."
    ),
    "请填写姓名。": "Please enter the name.",
    "显示为脱敏号码；改为新号码即更新，不改则保持原号码。": (
        "Shown masked; enter a new number to change it, or leave it to keep the current one."
    ),
    "已有监护人同意记录，须保留监护人姓名。": "A guardian's consent is on record, so the guardian's name must be kept.",
    "男": "Male",
    "女": "Female",
    "在册": "Active",
    "暂停": "Suspended",
    "已注销": "Withdrawn",
    "分组": "Group",
    "如：五老": 'e.g. the "five elders"',
    "志愿者标签": "Volunteer tag",
    "需资质": "Qualification required",
    "技能": "Skill",
    "登录账号": "Login account",
    "志愿者编号": "Volunteer number",
    "身份证号（密文）": "ID number (encrypted)",
    "身份证号（keyed hash）": "ID number (keyed hash)",
    "性别": "Gender",
    "出生日期": "Birth date",
    "标签": "Tags",
    "监护人姓名": "Guardian's name",
    "监护人同意时间": "Guardian consented at",
    "报名版本": "Sign-up version",
    "注册时间": "Registered at",
    "志愿者不存在。": "The volunteer does not exist.",
    # demo and reports commands
    "范围": "Scope",
    "演示账号（仅供演示，请勿在生产环境使用）：": "Demo logins (for demonstration only, never in production):",
    "数据库中已有行政区划数据，演示数据已加载或不适用，跳过。": (
        "The database already has regions: the demo data is loaded or does not apply; skipped."
    ),
    "演示县（铁力市）已加载：种子 %(seed)d，比例 1/%(scale)d，用时 %(seconds).1f 秒。": (
        "Demo county (Tieli) loaded: seed %(seed)d, scale 1/%(scale)d, in %(seconds).1f s."
    ),
    "还没有加载演示县（铁力市），请先运行 seed_demo。": (
        "The demo county (Tieli) is not loaded yet; run seed_demo first."
    ),
    "演示县中没有可用的实践站。": "The demo county has no practice station to use.",
    "演示县中缺少队伍或联系单位。": "The demo county lacks a team or a contact unit.",
    "找不到区划代码为“%(code)s”的行政区划。": "No region has the division code \u201c%(code)s\u201d.",
    "数据库中还没有行政区划数据，请先运行 seed_demo 或录入区划。": (
        "The database has no regions yet; run seed_demo or enter the regions first."
    ),
    "注册志愿者": "Registered volunteers",
    "集中培训（期 / 人次）": "Training sessions / participations",
    "获得荣誉": "Awards",
    "；": "; ",
    "没有可查看统计数据的区划范围。": "There is no region whose statistics you may see.",
    "系统中还没有行政区划数据。": "The system has no regions yet.",
    "请填写中国大陆电话号码。": "Please enter a mainland China phone number.",
    "星级": "Star level",
    "%(stars)s 星": "%(stars)s star(s)",
    "我的点单": "My service orders",
    "共 %(total)s 单，其中 %(open)s 单正在办理。": "%(total)s orders in all, %(open)s of them in progress.",
    "结对 %(pairings)s 处，已开展结对共建活动 %(activities)s 次。": (
        "%(pairings)s pairings; %(activities)s joint activities held so far."
    ),
    "市级优秀志愿服务项目": "City excellent volunteer-service projects",
    "市级项目大赛奖项": "City project-contest prizes",
    "市级优秀组织奖": "City organization prize",
    "省级优秀贡献单位（个人）": "Province outstanding contribution (unit or person)",
    "省级优秀志愿者": "Province excellent volunteers",
    "省级优秀志愿服务社区": "Province excellent volunteer-service communities",
    "新时代文明实践中心、所、站": "Civilization practice centers, institutes and stations",
    "出台制度文件": "Policy documents issued",
    "结对共建开展活动": "Joint activities of pairings",
    "点单派单服务": "Service orders (order and dispatch)",
    "志愿服务队伍": "Volunteer teams",
    "累计志愿服务时长（小时）": "Cumulative service hours",
    "志愿服务品牌项目": "Brand service projects",
    "主题志愿服务活动（场 / 人次）": "Themed activities / volunteer participations",
    "我的志愿服务": "My volunteer service",
    "累计志愿服务时长（小时，已审核）": "Cumulative service hours (approved)",
    "最高年龄不能小于最低年龄。": "The maximum age cannot be lower than the minimum age.",
    "需要意外保险的活动必须写明风险提示。": "An activity that needs accident insurance must state its risks.",
    "招募名额不能少于已确认的人数。": "The places cannot be fewer than the confirmed sign-ups.",
    "结束时间必须晚于开始时间。": "The end time must be later than the start time.",
    "结束日期不能早于开始日期。": "The end date cannot be earlier than the start date.",
    "结对阵地须是文明实践所或站。": "A pairing must be with a practice institute or station.",
    "请至少选择一种结对方式。": "Choose at least one pairing mode.",
    "文明实践中心没有上级阵地。": "A practice center has no parent site.",
    "文明实践所的上级须是中心，文明实践站的上级须是所。": (
        "An institute's parent must be a center, and a station's parent must be an institute."
    ),
    "阵地所属区划须在上级阵地的区划范围内。": "The site's region must lie within its parent site's region.",
    "志愿者广场须注明是功能性还是综合性。": "A volunteer square must be marked functional or comprehensive.",
    "只有志愿者广场填写广场类型。": "Only volunteer squares have a square type.",
    "退出日期不能早于加入日期。": "The leaving date cannot be earlier than the joining date.",
    "文明实践": "Civilization Practice",
    "请求中含有不允许的空字符（NUL）。": "The request contains a forbidden NUL character.",
    "在队队员": "Current members",
    "已开展活动（场）": "Activities held",
    "参与志愿者（人次）": "Volunteer participations",
    "活动累计时长（小时，已审核）": "Service hours of its activities (approved)",
    "查看完整身份证号": "View the full ID number",
    "审计日志只能追加，不能修改或删除。": "The audit log can only be appended to, never changed or deleted.",
    "操作": "Action",
    "对象类型": "Object type",
    "对象编号": "Object ID",
    "事由": "Reason",
    "IP 地址": "IP address",
    "审计日志": "Audit log",
    "查看完整号码（记入审计日志）": "View the full number (recorded in the audit log)",
    "例如：办理意外保险、核对注册信息。每次查看都记入审计日志。": (
        "For example: arranging accident insurance, checking the registration. Every view is recorded in the audit log."
    ),
    "只有中心或所管理员可以查看本辖区志愿者的完整身份证号。": (
        "Only county-center and township-institute admins may view the full ID numbers of volunteers in their region."
    ),
    "请填写查看完整身份证号的事由。": "Please give the reason for viewing the full ID number.",
    "本人查看": "Viewed by the volunteer themselves",
    "%(name)s 的身份证号：": "ID number of %(name)s:",
    "本次查看已记入审计日志。请勿抄录、截图或转发。": (
        "This view has been recorded in the audit log. Do not copy, screenshot or forward it."
    ),
    "%(name)s（%(masked)s）的完整身份证号只在确有需要时查看，每次查看都记入审计日志。": (
        "View the full ID number of %(name)s (%(masked)s) only when truly needed; "
        "every view is recorded in the audit log."
    ),
    "查看": "View",
    "该记录只能追加，不能修改或删除。": "This record can only be appended to, never changed or deleted.",
}

ENTRY = re.compile(r'^(?P<head>(?:#.*\n)*)msgid (?P<id>(?:".*"\n)+)msgstr (?P<str>(?:".*"\n)+)', re.MULTILINE)


def _merge_area_tables() -> None:
    """Each scripts/english/<area>.py holds an ENGLISH table of its own, merged into the one above."""
    for module_path in sorted((Path(__file__).parent / "english").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"english_{module_path.stem}", module_path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        ENGLISH.update(module.ENGLISH)


_merge_area_tables()


def _unquote(block: str) -> str:
    text = "".join(re.findall(r'^"(.*)"$', block, re.MULTILINE))
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"\n'


def fill(path: Path) -> list[str]:
    """Fill empty translations from ENGLISH; return the msgids still untranslated."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        msgid = _unquote(match["id"])
        # msgmerge's fuzzy guesses are often wrong (用户 → "Username") and never compiled: redo them.
        fuzzy = "#, fuzzy" in match["head"]
        if not msgid or (_unquote(match["str"]) and not fuzzy):
            return match.group(0)
        head = "".join(
            line for line in match["head"].splitlines(keepends=True) if not line.startswith(("#, fuzzy", "#|"))
        )
        if msgid not in ENGLISH:
            missing.append(msgid)
            return f'{head}msgid {match["id"]}msgstr ""\n'
        return f"{head}msgid {match['id']}msgstr {_quote(ENGLISH[msgid])}"

    text = ENTRY.sub(replace, path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return missing


def main() -> int:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "wenming/locale/en/LC_MESSAGES/django.po")
    missing = fill(path)
    if missing:
        print(f"{len(missing)} message(s) without an English translation (add them to scripts/messages_en.py):")
        for msgid in missing:
            print(f"  {msgid}")
    else:
        print("Every message has an English translation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
