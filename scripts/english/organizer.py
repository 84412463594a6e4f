"""English for the organizer strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    # pages and navigation
    "活动管理": "Manage activities",
    "活动概况": "Overview",
    "签到二维码": "Check-in QR code",
    "签退二维码": "Check-out QR code",
    "签到名册": "Attendance roster",
    "时长审核": "Hours approval",
    "返回": "Back",
    "分页": "Pages",
    "上一页": "Previous page",
    "下一页": "Next page",
    "第 %(number)s / %(total)s 页": "Page %(number)s of %(total)s",
    "筛选": "Filter",
    "全部状态": "All statuses",
    "已确认 / 名额": "Confirmed / places",
    "暂无可管理的活动。": "No activities to manage yet.",
    "没有管理活动的权限。": "You may not manage activities.",
    "没有审核志愿服务时长的权限。": "You may not approve volunteer service hours.",
    # the activity form
    "发布新活动": "Publish a new activity",
    "发布周期活动": "Publish a recurring activity",
    "修改活动": "Edit activity",
    "修改活动：%(title)s": "Edit activity: %(title)s",
    (
        "保存后为草稿；发布前须写明服务内容、地点、报名方式、风险提示和保障措施（《志愿服务条例》第十二条）。"
        "每周重复的活动请用"
    ): (
        "It is saved as a draft; before publishing, state the content, place, how to sign up, the risks and the "
        "safeguards (Volunteer Service Regulations, art. 12). For an activity repeated every week, use"
    ),
    "保存修改": "Save changes",
    "保存为草稿": "Save as draft",
    "必填": "Required",
    "请按提示修改后再保存。": "Please correct the fields marked below and save again.",
    "基本信息": "Basics",
    "风险与保障": "Risks and safeguards",
    "参加条件": "Conditions",
    "重复": "Repetition",
    "纬度": "Latitude",
    "经度": "Longitude",
    "坐标系": "Coordinate system",
    "GCJ-02（高德/腾讯地图）": "GCJ-02 (Gaode/Tencent maps)",
    "从高德或腾讯地图拾取的坐标选 GCJ-02；系统统一换算为 WGS-84 保存": (
        "Choose GCJ-02 for coordinates picked on a Gaode or Tencent map; they are stored converted to WGS-84"
    ),
    "签到范围（米）": "Check-in radius (metres)",
    "留空则不限制签到位置": "Leave empty to allow check-in from anywhere",
    "与挂点联系单位联合开展时选择": "Choose when the activity is held jointly with a paired contact unit",
    "留空则开始前均可报名": "Leave empty to take sign-ups until the start",
    "招募名额至少为 1 人。": "There must be at least 1 place.",
    "例如：扫码或在“我的活动”中报名，联系负责人": (
        "For example: scan the code or sign up under \u201cMy activities\u201d; contact the person in charge"
    ),
    "开始前这么多小时内取消报名，将通知组织者": (
        "The organizer is told when someone cancels within this many hours before the start"
    ),
    "临近取消提醒窗口（小时）": "Late-cancellation window (hours)",
    "周一": "Mon",
    "周二": "Tue",
    "周三": "Wed",
    "周四": "Thu",
    "周五": "Fri",
    "周六": "Sat",
    "周日": "Sun",
    "每周几": "Weekdays",
    "首次日期": "First date",
    "末次日期": "Last date",
    "开始时刻": "Start time",
    "结束时刻": "End time",
    "在首次和末次日期之间，每逢所选的星期几生成一次活动（北京时间），均为草稿。": (
        "One draft activity is created for each chosen weekday between the first and the last date (Beijing time)."
    ),
    "生成各次活动": "Create the occurrences",
    "活动《%(title)s》已保存为草稿。": "The activity \u201c%(title)s\u201d was saved as a draft.",
    "周期活动《%(title)s》已生成，%(first)s 至 %(last)s 的每次活动均为草稿，请逐一检查后发布。": (
        "The recurring activity \u201c%(title)s\u201d was created: every occurrence from %(first)s to %(last)s "
        "is a draft; please check each one and publish it."
    ),
    "活动《%(title)s》已修改。": "The activity \u201c%(title)s\u201d was changed.",
    # the activity page and its states
    "活动状态": "Status",
    "已于 %(at)s 取消。原因：%(reason)s": "Cancelled at %(at)s. Reason: %(reason)s",
    "活动已结束。请在“时长审核”中审核志愿者的服务时长。": (
        "The activity is over. Please approve the volunteers' hours under \u201cHours approval\u201d."
    ),
    "发布": "Publish",
    "截止报名": "Close sign-up",
    "结束活动": "Finish the activity",
    "取消活动": "Cancel the activity",
    "取消原因": "Reason for cancelling",
    "已报名的志愿者会收到取消通知和原因。": "Volunteers who signed up are told of the cancellation and its reason.",
    "确认取消活动": "Cancel the activity",
    "本活动属于周期活动。": "This activity is part of a recurring series.",
    "发布本周期尚未发布的全部活动": "Publish every unpublished occurrence of the series",
    "活动已发布，开始接受报名。": "The activity is published and open for sign-up.",
    "已截止报名。": "Sign-up is closed.",
    "活动已结束。": "The activity is finished.",
    "活动已取消，已报名的志愿者会收到通知。": "The activity is cancelled; the volunteers who signed up will be told.",
    "已发布 %(count)s 次活动。": "%(count)s occurrence(s) published.",
    "招募信息": "Recruitment",
    "WGS-84 坐标：%(latitude)s, %(longitude)s": "WGS-84 coordinates: %(latitude)s, %(longitude)s",
    "须在 %(radius)s 米内签到": "check-in within %(radius)s m",
    "结对共建活动": "Joint activity of a pairing",
    "已确认 %(confirmed)s / 名额 %(capacity)s（余 %(left)s）": (
        "%(confirmed)s confirmed of %(capacity)s places (%(left)s left)"
    ),
    "报名截止时间": "Sign-up closes at",
    "意外保险": "Accident insurance",
    "需要": "Required",
    "不需要": "Not required",
    "年龄 %(low)s – %(high)s 周岁": "Aged %(low)s – %(high)s",
    "无": "None",
    "报名（已确认 %(count)s 人）": "Sign-ups (%(count)s confirmed)",
    "确认时间": "Confirmed at",
    "还没有确认的报名。": "No confirmed sign-ups yet.",
    "候补（%(count)s 人，按先后递补）": "Waitlist (%(count)s, moved up in order)",
    "%(at)s 排队": "queued %(at)s",
    "没有候补。": "Nobody on the waitlist.",
    "已取消或未通过的报名（%(count)s）": "Cancelled or refused sign-ups (%(count)s)",
    "临近取消": "Late cancellation",
    "台账只追加不修改：审核、退回、冲销都会新增一条记录。": (
        "The ledger is append-only: approving, rejecting and reversing each add a new row."
    ),
    "审核待审时长": "Approve pending hours",
    "已处理": "decided",
    "已冲销": "reversed",
    "审核人：%(name)s": "Approved by %(name)s",
    "确认冲销": "Reverse",
    "还没有时长记录。": "No hours recorded yet.",
    # the QR code
    "扫码签退": "Scan to check out",
    "请志愿者用手机扫描下方二维码。二维码每 %(seconds)s 秒自动更换，截图转发的旧码会很快失效。": (
        "Volunteers scan the code below with their phones. It changes every %(seconds)s seconds, "
        "so a forwarded screenshot soon stops working."
    ),
    "本码 %(expires)s 前有效，页面会自动换新码。": (
        "This code is valid until %(expires)s; the page fetches a new one by itself."
    ),
    "无法扫码时，可打开：": "If the code cannot be scanned, open:",
    "二维码": "QR code",
    # roster
    (
        "活动时间 %(start)s – %(end)s。手工签到、签退时可填写实际时间，留空则为现在；"
        "签退后时长自动提交审核（只计活动时间内的服务，不含往返路程）。"
    ): (
        "Activity time %(start)s – %(end)s. When checking someone in or out by hand you may give the actual "
        "time (empty means now); after check-out the hours go to approval (service within the activity's "
        "time only, travel excluded)."
    ),
    "有 %(count)s 条签到记录待复核（系统自动签退或时间异常）。": (
        "%(count)s attendance record(s) need review (closed automatically or with odd times)."
    ),
    "手工记录": "Record by hand",
    "还没有确认报名的志愿者。": "No confirmed volunteers yet.",
    "未确认报名": "no confirmed sign-up",
    "已签退": "Checked out",
    "已签到": "Checked in",
    "未签到": "Not checked in",
    "系统自动签退或时间异常，请核实后再审核时长": (
        "Closed automatically or with odd times: please check before approving the hours"
    ),
    "留空则为现在": "Empty means now",
    "签退": "Check out",
    "标记缺席": "Mark absent",
    "已签到。": "Checked in.",
    "已签退，时长已提交审核。": "Checked out; the hours went to approval.",
    "已标记缺席。": "Marked absent.",
    # hours approval
    (
        "只有审核通过的时长才计入星级、积分、证明和统计。修改时长时须说明原因；"
        "已审核的时长如有错误，请在活动页的时长台账中冲销。"
    ): (
        "Only approved hours count for stars, points, certificates and reports. A changed number of hours "
        "needs a reason; approved hours that are wrong are reversed in the activity's ledger."
    ),
    "查看全部活动的待审时长": "Pending hours of every activity",
    "批量审核结果": "Bulk approval results",
    "全选本页": "Select all on this page",
    "按申报时长审核所选记录": "Approve the selected entries as proposed",
    "选择": "Select",
    "选择 %(name)s": "Select %(name)s",
    "签到 / 签退": "In / out",
    "申报时长": "Proposed hours",
    "审核": "Decision",
    "没有待审核的时长。": "No hours awaiting approval.",
    "已审核，记入 %(hours)s 小时": "Approved: %(hours)s hours recorded",
    "已审核，记入 %(hours)s 小时。": "Approved: %(hours)s hours recorded.",
    "已退回": "Rejected",
    "已退回。": "Rejected.",
    "审核通过": "Approve",
    "退回": "Reject",
    "确认退回": "Reject",
    "这条时长记录已经审核过了。": "This hours entry has already been decided.",
    "时长记录不存在。": "The hours entry does not exist.",
    "已冲销 %(hours)s 小时。": "%(hours)s hours reversed.",
    "%(hours)s 小时": "%(hours)s hours",
    "核定时长（小时）": "Approved hours",
    "留空则按申报时长记入": "Leave empty to record the proposed hours",
    "修改原因": "Reason for the change",
    "退回原因": "Reason for rejecting",
    "退回时请说明原因。": "Please give a reason for rejecting.",
    "请至少勾选一条待审核记录。": "Please tick at least one pending entry.",
    "所选记录无效，请刷新页面后重试。": "The selection is not valid; please reload the page and try again.",
    "待审核记录": "Pending entries",
    "冲销原因": "Reason for reversing",
    "冲销时请说明原因。": "Please give a reason for reversing.",
    "更正后的时长（小时）": "Corrected hours",
    "留空则只冲销，不另记": "Leave empty to reverse only, without a new entry",
}
